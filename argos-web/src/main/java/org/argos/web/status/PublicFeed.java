package org.argos.web.status;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.argos.api.Incident;
import org.argos.web.api.IncidentFeed;

/**
 * A status page's incidents as an Atom 1.0 feed (RFC 4287), as the page shows them: titles and messages as public
 * (an engine-opened incident without its addresses and errors unless the page allows them), no affected URLs, no
 * authors.
 */
final class PublicFeed {
  private PublicFeed() {}

  /**
   * @param self the feed's own path
   * @param title the page's title
   * @param incidents the incidents, newest first
   * @param shown each incident as the page shows it, in the same order
   * @return the feed
   */
  static String write(String self, String title, List<Incident> incidents, List<PublicStatus.Incident> shown) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeStartElement("feed");
      x.writeDefaultNamespace("http://www.w3.org/2005/Atom");
      text(x, "id", "urn:argos:status:" + self);
      text(x, "title", title + ": incidents");
      Instant updated = incidents.stream().map(Incident::updatedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
      text(x, "updated", updated.toString());
      x.writeEmptyElement("link");
      x.writeAttribute("rel", "self");
      x.writeAttribute("href", IncidentFeed.clean(self));
      x.writeStartElement("author");
      text(x, "name", title);
      x.writeEndElement();
      for (int k = 0; k < incidents.size(); k++) {
        Incident i = incidents.get(k);
        PublicStatus.Incident p = shown.get(k);
        x.writeStartElement("entry");
        text(x, "id", "urn:argos:incident:" + i.id());
        text(x, "title", "[" + p.status() + "] " + p.title());
        text(x, "published", i.openedAt().toString());
        text(x, "updated", i.updatedAt().toString());
        StringBuilder b = new StringBuilder("Status: " + p.status());
        for (PublicStatus.Update u : p.updates()) {
          b.append("\n\n").append(PublicStatus.utc(u.at())).append(" — ").append(u.status()).append("\n")
              .append(u.message());
        }
        x.writeStartElement("content");
        x.writeAttribute("type", "text");
        x.writeCharacters(IncidentFeed.clean(b.toString()));
        x.writeEndElement();
        x.writeEndElement();
      }
      x.writeEndElement();
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing the status page's feed failed", e);
    }
    return out.toString();
  }

  private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
    x.writeStartElement(name);
    x.writeCharacters(IncidentFeed.clean(value));
    x.writeEndElement();
  }
}
