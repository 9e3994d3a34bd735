package org.argos.web.status;

import java.util.ArrayList;
import java.util.List;
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
    List<IncidentFeed.Entry> entries = new ArrayList<>();
    for (int k = 0; k < incidents.size(); k++) {
      Incident i = incidents.get(k);
      PublicStatus.Incident p = shown.get(k);
      StringBuilder b = new StringBuilder("Status: " + p.status());
      for (PublicStatus.Update u : p.updates()) {
        b.append("\n\n").append(PublicStatus.utc(u.at())).append(" — ").append(u.status()).append("\n")
            .append(u.message());
      }
      entries.add(new IncidentFeed.Entry(i.id(), "[" + p.status() + "] " + p.title(), i.openedAt(), i.updatedAt(),
          b.toString()));
    }
    return IncidentFeed.write("urn:argos:status:" + self, title + ": incidents", title, self, entries);
  }
}
