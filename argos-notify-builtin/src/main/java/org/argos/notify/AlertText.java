package org.argos.notify;

import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.jspecify.annotations.Nullable;

/**
 * Renders notifications as the humans reading them expect, in the words Argos uses: the subject
 * {@code [Argos] ❌ example.org (IPv4): status critical} and a body with URL, check, status, time, previous status and
 * links into the web UI. Each channel picks its flavour (plain text, HTML, Markdown, Slack text).
 */
final class AlertText {
  private static final int SUBJECT_DOMAINS = 3;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;
  static final DateTimeFormatter TIME_FULL = DateTimeFormatter.ISO_INSTANT;

  private AlertText() {}

  /** Argos' icons, so that people used to Argos recognise them. */
  static String icon(Severity severity) {
    return switch (severity) {
      case OK -> "✅";
      case WARNING -> "⚠️";
      case CRITICAL -> "❌";
      case UNKNOWN -> "❔";
    };
  }

  static String netloc(StateChange c) {
    try {
      String authority = URI.create(c.url()).getRawAuthority();
      if (authority != null && !authority.isEmpty()) {
        return authority;
      }
    } catch (IllegalArgumentException e) {
      // fall back to the domain: a notification must still go out when a URL is odd
    }
    return c.domain().isEmpty() ? "?" : c.domain();
  }

  static String ip(StateChange c) {
    return "IPv" + c.ipVersion().label();
  }

  static String time(StateChange c) {
    return TIME.format(c.at().truncatedTo(ChronoUnit.SECONDS));
  }

  static String previous(StateChange c) {
    return c.previous() == null ? "none" : c.previous() == c.current() ? "flapping" : c.previous().label();
  }

  /**
   * @param a an alert
   * @return true when it tells that a flapping task is stable again: the only state change whose severity is the one
   *     it had (receivers last heard "flapping", not a severity)
   */
  static boolean stableAgain(Alert a) {
    StateChange c = a.change();
    return a.kind() == AlertKind.STATE_CHANGE && c.taskId() > 0 && c.previous() == c.current();
  }

  static boolean grouped(Notification n) {
    return n.total() > 1;
  }

  /** The subject line without the {@code [Argos]} prefix (Gotify and ntfy show the app name themselves). */
  static String headline(Notification n) {
    if (n.digest() != null) {
      return DigestText.headline(n, n.digest());
    }
    Severity severity = n.severity();
    if (!grouped(n)) {
      Alert a = n.alerts().get(0);
      StateChange c = a.change();
      if (a.kind() == AlertKind.NO_AGENT) {
        return icon(severity) + " no agent: " + oneLine(c.message(), 120);
      }
      String verb = a.kind() == AlertKind.REMINDER ? "still " : a.kind() == AlertKind.FLAPPING ? "flapping, now "
          : stableAgain(a) ? "stable again, " : "status ";
      return icon(severity) + " " + netloc(c) + " (" + ip(c) + "): " + verb + severity.label();
    }
    if (n.cause() != null) {
      return icon(severity) + " " + oneLine(n.cause().summary(), 200);
    }
    Set<String> names = new LinkedHashSet<>();
    for (Alert a : n.alerts()) {
      names.add(netloc(a.change()));
    }
    List<String> first = new ArrayList<>(names).subList(0, Math.min(SUBJECT_DOMAINS, names.size()));
    boolean more = names.size() > first.size() || n.omitted() > 0;
    return icon(severity) + " " + n.total() + " tasks " + severity.label() + ": " + String.join(", ", first)
        + (more ? ", …" : "");
  }

  static String subject(Notification n) {
    return "[Argos] " + headline(n);
  }

  static @Nullable String resultLink(@Nullable String baseUrl, StateChange c) {
    return baseUrl == null || c.resultId() <= 0 ? null : base(baseUrl) + "/result/" + c.resultId();
  }

  static @Nullable String taskLink(@Nullable String baseUrl, StateChange c) {
    return baseUrl == null || c.taskId() <= 0 ? null : base(baseUrl) + "/task/" + c.taskId() + "/results";
  }

  /** Where a click on a push notification should lead: the result, else the task, else the dashboard. */
  static @Nullable String clickUrl(Notification n) {
    if (n.baseUrl() == null) {
      return null;
    }
    if (!grouped(n) && n.digest() == null) {
      StateChange c = n.alerts().get(0).change();
      String link = resultLink(n.baseUrl(), c);
      if (link == null) {
        link = taskLink(n.baseUrl(), c);
      }
      if (link != null) {
        return link;
      }
    }
    return base(n.baseUrl()) + "/";
  }

  static String base(String baseUrl) {
    String b = baseUrl.strip();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return b;
  }

  static String oneLine(String s, int max) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() > max ? line.substring(0, max - 1) + "…" : line;
  }

  private static String summary(Notification n) {
    if (n.cause() != null) { // the list is bounded here; the webhook carries every site, the link leads to them
      return n.cause().summary() + " — " + n.alerts().size() + " of " + n.total() + " listed"
          + (n.cause().link() != null ? "; all of them: " + n.cause().link() : "");
    }
    return n.total() + " tasks " + n.severity().label() + " (" + n.alerts().size() + " listed"
        + (n.omitted() > 0 ? ", " + n.omitted() + " more not listed" : "") + ")";
  }

  private static String moreLine(Notification n) {
    return "… and " + n.omitted() + " more";
  }

  /** One alert on one line, for grouped notifications. */
  private static String line(Alert a) {
    StateChange c = a.change();
    String what = a.kind() == AlertKind.NO_AGENT
        ? "no agent"
        : c.url() + " (" + ip(c) + (c.method().equals("GET") ? "" : ", " + c.method()) + ") — " + c.check();
    return icon(a.severity()) + " " + what + " — " + a.severity().label() + " (was " + previous(c) + ") at " + time(c)
        + (c.message().isBlank() ? "" : " — " + oneLine(c.message(), 300))
        + (a.kind() == AlertKind.REMINDER ? " [reminder]" : "");
  }

  private static List<String[]> fields(Alert a) {
    StateChange c = a.change();
    List<String[]> f = new ArrayList<>();
    if (a.kind() == AlertKind.REMINDER) {
      f.add(new String[] {"Reminder", "still " + a.severity().label()});
    }
    if (a.kind() == AlertKind.FLAPPING) {
      f.add(new String[] {"Flapping", "changed severity too often; no alerts until it is stable, now "
          + a.severity().label()});
    }
    if (stableAgain(a)) {
      f.add(new String[] {"Flapping", "stable again, " + a.severity().label() + "; alerts are sent as usual"});
    }
    if (a.kind() == AlertKind.NO_AGENT) {
      f.add(new String[] {"Alert", "no agent has reported"});
    } else {
      f.add(new String[] {"Domain", c.domain()});
      f.add(new String[] {"URL", c.url()});
      f.add(new String[] {"Method", c.method()});
      f.add(new String[] {"IP version", ip(c)});
      f.add(new String[] {"Check", c.check().type()});
      f.add(new String[] {"Expected", c.check().expected()});
    }
    f.add(new String[] {"Status", a.severity().label()});
    f.add(new String[] {"Previous status", previous(c)});
    f.add(new String[] {"Time", time(c)});
    if (!c.message().isBlank()) {
      f.add(new String[] {"Message", c.message().strip()});
    }
    return f;
  }

  static String plain(Notification n) {
    if (n.digest() != null) {
      return DigestText.plain(n, n.digest());
    }
    StringBuilder sb = new StringBuilder();
    String base = n.baseUrl();
    if (!grouped(n)) {
      Alert a = n.alerts().get(0);
      for (String[] f : fields(a)) {
        sb.append(f[0]).append(": ").append(f[1]).append('\n');
      }
      String result = resultLink(base, a.change());
      String task = taskLink(base, a.change());
      if (result != null) {
        sb.append("\nSee result on ").append(result).append('\n');
      }
      if (task != null) {
        sb.append("\nSee results of task on ").append(task).append('\n');
      }
      String ack = n.ackUrls().get(a.id());
      if (ack != null) {
        sb.append("\nAcknowledge (no reminders until it recovers): ").append(ack).append('\n');
      }
      return sb.toString();
    }
    sb.append(summary(n)).append("\n\n");
    for (Alert a : n.alerts()) {
      sb.append(line(a)).append('\n');
      String result = resultLink(base, a.change());
      if (result != null) {
        sb.append("    ").append(result).append('\n');
      }
      String ack = n.ackUrls().get(a.id());
      if (ack != null) {
        sb.append("    acknowledge: ").append(ack).append('\n');
      }
    }
    if (n.omitted() > 0) {
      sb.append(moreLine(n)).append('\n');
    }
    if (base != null) {
      sb.append("\nDashboard: ").append(base(base)).append("/\n");
    }
    return sb.toString();
  }

  static String html(Notification n) {
    if (n.digest() != null) {
      return DigestText.html(n, n.digest());
    }
    StringBuilder sb = new StringBuilder("<html><body>\n");
    String base = n.baseUrl();
    sb.append("<h3>").append(esc(headline(n))).append("</h3>\n");
    if (!grouped(n)) {
      Alert a = n.alerts().get(0);
      sb.append("<table>\n");
      for (String[] f : fields(a)) {
        sb.append("<tr><th align=\"left\">").append(esc(f[0])).append("</th><td>").append(esc(f[1])).append("</td></tr>\n");
      }
      sb.append("</table>\n");
      appendLinks(sb, resultLink(base, a.change()), taskLink(base, a.change()));
      String ack = n.ackUrls().get(a.id());
      if (ack != null) {
        sb.append("<p><a href=\"").append(esc(ack)).append("\">Acknowledge</a> (no reminders until it recovers)</p>\n");
      }
    } else {
      sb.append("<p>").append(esc(summary(n))).append("</p>\n<ul>\n");
      for (Alert a : n.alerts()) {
        sb.append("<li>").append(esc(line(a)));
        String result = resultLink(base, a.change());
        if (result != null) {
          sb.append(" (<a href=\"").append(esc(result)).append("\">result</a>)");
        }
        String ack = n.ackUrls().get(a.id());
        if (ack != null) {
          sb.append(" (<a href=\"").append(esc(ack)).append("\">acknowledge</a>)");
        }
        sb.append("</li>\n");
      }
      sb.append("</ul>\n");
      if (n.omitted() > 0) {
        sb.append("<p>").append(esc(moreLine(n))).append("</p>\n");
      }
      if (base != null) {
        sb.append("<p><a href=\"").append(esc(base(base) + "/")).append("\">Dashboard</a></p>\n");
      }
    }
    return sb.append("</body></html>\n").toString();
  }

  private static void appendLinks(StringBuilder sb, @Nullable String result, @Nullable String task) {
    if (result != null) {
      sb.append("<p>See <a href=\"").append(esc(result)).append("\">the result</a></p>\n");
    }
    if (task != null) {
      sb.append("<p>See <a href=\"").append(esc(task)).append("\">the results of the task</a></p>\n");
    }
  }

  /** Markdown as Gotify renders it: a backslash at the end of a line is a line break, as Argos writes it. */
  static String markdown(Notification n) {
    if (n.digest() != null) {
      return DigestText.markdown(n, n.digest());
    }
    StringBuilder sb = new StringBuilder();
    String base = n.baseUrl();
    if (!grouped(n)) {
      Alert a = n.alerts().get(0);
      List<String[]> fields = fields(a);
      for (int i = 0; i < fields.size(); i++) {
        String[] f = fields.get(i);
        String value = f[0].equals("URL") ? "<" + f[1] + ">" : md(f[1]);
        sb.append("**").append(f[0]).append(":** ").append(value).append(i < fields.size() - 1 ? "\\\n" : "\n");
      }
      String result = resultLink(base, a.change());
      String task = taskLink(base, a.change());
      if (result != null) {
        sb.append("\nSee [the result](").append(result).append(")\n");
      }
      if (task != null) {
        sb.append("\nSee [the results of the task](").append(task).append(")\n");
      }
      return sb.toString();
    }
    sb.append(md(summary(n))).append("\n\n");
    for (Alert a : n.alerts()) {
      sb.append("- ").append(md(line(a)));
      String result = resultLink(base, a.change());
      if (result != null) {
        sb.append(" ([result](").append(result).append("))");
      }
      sb.append('\n');
    }
    if (n.omitted() > 0) {
      sb.append('\n').append(md(moreLine(n))).append('\n');
    }
    if (base != null) {
      sb.append("\n[Dashboard](").append(base(base)).append("/)\n");
    }
    return sb.toString();
  }

  /** Slack's mrkdwn (also understood by Mattermost): only {@code & < >} need escaping. */
  static String slack(Notification n) {
    return "*" + slackEsc(subject(n)) + "*\n" + slackEsc(plain(n));
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String slackEsc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String md(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\`*_[]<>#|".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Cuts a text to a byte budget (ntfy and Slack refuse or degrade long messages), saying that it was cut. */
  static String truncate(String s, int maxChars) {
    if (s.length() <= maxChars) {
      return s;
    }
    String marker = "\n… (truncated, see the dashboard)";
    int end = maxChars - marker.length();
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + marker;
  }
}
