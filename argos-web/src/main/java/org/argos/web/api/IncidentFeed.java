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
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeStartElement("feed");
      x.writeDefaultNamespace(ATOM);
      text(x, "id", "urn:argos:incidents");
      text(x, "title", "Argos incidents");
      Instant updated = incidents.stream().map(Incident::updatedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
      text(x, "updated", updated.toString());
      x.writeEmptyElement("link");
      x.writeAttribute("rel", "self");
      x.writeAttribute("href", clean(selfUrl));
      x.writeStartElement("author");
      text(x, "name", "Argos");
      x.writeEndElement();
      for (Incident i : incidents) {
        x.writeStartElement("entry");
        text(x, "id", "urn:argos:incident:" + i.id());
        text(x, "title", "[" + i.status().label() + "] " + i.title());
        text(x, "published", i.openedAt().toString());
        text(x, "updated", i.updatedAt().toString());
        x.writeStartElement("content");
        x.writeAttribute("type", "text");
        x.writeCharacters(clean(content(i, timelines.getOrDefault(i.id(), List.of()))));
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
