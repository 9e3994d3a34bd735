package org.argos.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notification.Digest;
import org.jspecify.annotations.Nullable;

/**
 * Renders a channel's daily digest ({@link Notification#digest()}): a headline with the count, then one line per
 * failing task, worst first, with since when and for how long it fails and whether someone acknowledged it.
 */
final class DigestText {
  private DigestText() {}

  /** The subject line without the {@code [Argos]} prefix. */
  static String headline(Notification n, Digest d) {
    return AlertText.icon(n.severity()) + " daily digest " + d.date() + " (" + d.channel() + "): "
        + (d.failing() == 0 ? "all clear" : d.failing() + (d.failing() == 1 ? " task" : " tasks") + " failing"
            + (d.acknowledged() > 0 ? ", " + d.acknowledged() + " acknowledged" : ""));
  }

  static String summary(Digest d) {
    if (d.failing() == 0) {
      return "All clear: no task routed to " + d.channel() + " is failing (" + d.date() + ", " + d.zone().getId() + ").";
    }
    return "Still failing among the tasks routed to " + d.channel() + " on " + d.date() + " (" + d.zone().getId()
        + "): " + d.failing() + ", worst first" + (d.omitted() > 0 ? ", the first " + d.tasks().size() + " listed" : "")
        + (d.acknowledged() > 0 ? "; " + d.acknowledged() + " acknowledged" : "") + ".";
  }

  /** One failing task on one line. */
  static String line(Digest.Entry e, Instant now) {
    return AlertText.icon(e.severity()) + " " + e.severity().label() + " for " + age(Duration.between(e.since(), now))
        + " (since " + AlertText.TIME_FULL.format(e.since().truncatedTo(ChronoUnit.SECONDS)) + ") — " + e.url() + " ("
        + e.check() + ")" + (e.message().isBlank() ? "" : " — " + AlertText.oneLine(e.message(), 200))
        + (e.acknowledged() ? " [acknowledged by " + e.ackedBy() + "]" : "");
  }

  static String moreLine(Digest d) {
    return "… and " + d.omitted() + " more failing, not listed";
  }

  static @Nullable String taskLink(@Nullable String baseUrl, Digest.Entry e) {
    return baseUrl == null ? null : AlertText.base(baseUrl) + "/task/" + e.taskId() + "/results";
  }

  /** {@code 3d 4h}, {@code 5h 12m}, {@code 12m}: enough to tell a fresh failure from an old one. */
  static String age(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes >= 24 * 60) {
      return minutes / (24 * 60) + "d " + minutes % (24 * 60) / 60 + "h";
    }
    if (minutes >= 60) {
      return minutes / 60 + "h " + minutes % 60 + "m";
    }
    return minutes + "m";
  }

  static String plain(Notification n, Digest d) {
    StringBuilder sb = new StringBuilder(summary(d)).append('\n');
    Instant now = n.alerts().get(0).change().at();
    if (!d.tasks().isEmpty()) {
      sb.append('\n');
    }
    for (Digest.Entry e : d.tasks()) {
      sb.append(line(e, now)).append('\n');
      String link = taskLink(n.baseUrl(), e);
      if (link != null) {
        sb.append("    ").append(link).append('\n');
      }
    }
    if (d.omitted() > 0) {
      sb.append(moreLine(d)).append('\n');
    }
    if (n.baseUrl() != null) {
      sb.append("\nDashboard: ").append(AlertText.base(n.baseUrl())).append("/\n");
    }
    return sb.toString();
  }

  static String html(Notification n, Digest d) {
    StringBuilder sb = new StringBuilder("<html><body>\n<h3>").append(AlertText.esc(headline(n, d))).append("</h3>\n");
    sb.append("<p>").append(AlertText.esc(summary(d))).append("</p>\n");
    Instant now = n.alerts().get(0).change().at();
    if (!d.tasks().isEmpty()) {
      sb.append("<ol>\n");
      for (Digest.Entry e : d.tasks()) {
        sb.append("<li>").append(AlertText.esc(line(e, now)));
        String link = taskLink(n.baseUrl(), e);
        if (link != null) {
          sb.append(" (<a href=\"").append(AlertText.esc(link)).append("\">results</a>)");
        }
        sb.append("</li>\n");
      }
      sb.append("</ol>\n");
    }
    if (d.omitted() > 0) {
      sb.append("<p>").append(AlertText.esc(moreLine(d))).append("</p>\n");
    }
    if (n.baseUrl() != null) {
      sb.append("<p><a href=\"").append(AlertText.esc(AlertText.base(n.baseUrl()) + "/")).append("\">Dashboard</a></p>\n");
    }
    return sb.append("</body></html>\n").toString();
  }

  static String markdown(Notification n, Digest d) {
    StringBuilder sb = new StringBuilder(AlertText.md(summary(d))).append("\n\n");
    Instant now = n.alerts().get(0).change().at();
    for (Digest.Entry e : d.tasks()) {
      sb.append("- ").append(AlertText.md(line(e, now)));
      String link = taskLink(n.baseUrl(), e);
      if (link != null) {
        sb.append(" ([results](").append(link).append("))");
      }
      sb.append('\n');
    }
    if (d.omitted() > 0) {
      sb.append('\n').append(AlertText.md(moreLine(d))).append('\n');
    }
    if (n.baseUrl() != null) {
      sb.append("\n[Dashboard](").append(AlertText.base(n.baseUrl())).append("/)\n");
    }
    return sb.toString();
  }
}
