package org.argos.web.api;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.argos.api.Incident;
import org.argos.api.IncidentUpdate;

/**
 * The incidents as an Atom 1.0 feed (RFC 4287): one entry per incident, the latest {@link #MAX_ENTRIES}, newest
 * opened first; each entry's text content is its status, affected sites and latest timeline entries. Written with a
 * StAX writer, so every text is escaped; characters XML cannot carry are dropped.
 */
public final class IncidentFeed {
  /** The most incidents in the feed. */
  static final int MAX_ENTRIES = 50;
  /** The most timeline entries per incident in the feed. */
  static final int MAX_UPDATES = 20;
  private static final String ATOM = "http://www.w3.org/2005/Atom";

  private IncidentFeed() {}

  static String write(String selfUrl, List<Incident> incidents, Map<Long, List<IncidentUpdate>> timelines) {
    List<Entry> entries = incidents.stream().map(i -> new Entry(i.id(), "[" + i.status().label() + "] " + i.title(),
        i.openedAt(), i.updatedAt(), content(i, timelines.getOrDefault(i.id(), List.of())))).toList();
    return write("urn:argos:incidents", "Argos incidents", "Argos", selfUrl, entries);
  }

  /**
   * One entry of a feed of incidents.
   *
   * @param incident the incident's id
   * @param title the entry's title
   * @param published when the incident opened
   * @param updated when it last changed
   * @param content its text
   */
  public record Entry(long incident, String title, Instant published, Instant updated, String content) {}

  /**
   * An Atom 1.0 feed of incidents, every text escaped and cleaned of what XML cannot carry.
   *
   * @param id the feed's id (a URN)
   * @param title its title
   * @param author its author's name
   * @param selfUrl where it is served
   * @param entries its entries, newest first
   * @return the feed
   */
  public static String write(String id, String title, String author, String selfUrl, List<Entry> entries) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeStartElement("feed");
      x.writeDefaultNamespace(ATOM);
      text(x, "id", id);
      text(x, "title", title);
      Instant updated = entries.stream().map(Entry::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
      text(x, "updated", updated.toString());
      x.writeEmptyElement("link");
      x.writeAttribute("rel", "self");
      x.writeAttribute("href", clean(selfUrl));
      x.writeStartElement("author");
      text(x, "name", author);
      x.writeEndElement();
      for (Entry e : entries) {
        x.writeStartElement("entry");
        text(x, "id", "urn:argos:incident:" + e.incident());
        text(x, "title", e.title());
        text(x, "published", e.published().toString());
        text(x, "updated", e.updated().toString());
        x.writeStartElement("content");
        x.writeAttribute("type", "text");
        x.writeCharacters(clean(e.content()));
        x.writeEndElement();
        x.writeEndElement();
      }
      x.writeEndElement();
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing the incident feed failed", e);
    }
    return out.toString();
  }

  private static String content(Incident i, List<IncidentUpdate> timeline) {
    StringBuilder b = new StringBuilder();
    b.append("Status: ").append(i.status().label());
    if (i.resolvedAt() != null) {
      b.append(" at ").append(i.resolvedAt());
    }
    b.append("\nOpened: ").append(i.openedAt());
    if (i.domainCount() > 0) {
      b.append("\nAffected: ").append(String.join(", ", i.domains()));
      if (i.domainCount() > i.domains().size()) {
        b.append(" and ").append(i.domainCount() - i.domains().size()).append(" more");
      }
    }
    for (int n = timeline.size() - 1; n >= 0; n--) { // newest first, as a reader reads an update
      IncidentUpdate u = timeline.get(n);
      b.append("\n\n").append(u.at()).append(" — ").append(u.status().label()).append(" (").append(u.author())
          .append(")\n").append(u.message());
    }
    return b.toString();
  }

  private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
    x.writeStartElement(name);
    x.writeCharacters(clean(value));
    x.writeEndElement();
  }

  /**
   * Drops what XML 1.0 cannot carry (control characters but tab and line breaks, lone surrogates, U+FFFE/F).
   *
   * @param s any text
   * @return the text XML can carry
   */
  public static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
          || (c >= 0x10000 && c <= 0x10FFFF)) {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }
}
