package org.argos.config.parse;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.argos.api.AlertRouting;
import org.argos.api.InvalidValueException;
import org.argos.api.Redaction;
import org.argos.api.Severity;
import org.argos.api.settings.ValuePositions;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.argos.config.ConfigError;
import org.argos.config.DaemonConfig;
import org.argos.config.DaemonConfig.Channel;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Entry;
import org.argos.config.yaml.ConfigNode.Mapping;
import org.argos.config.yaml.ConfigNode.Scalar;
import org.argos.config.yaml.ConfigNode.Sequence;
import org.argos.config.yaml.ConfigNode.Where;
import org.jspecify.annotations.Nullable;

/**
 * The notification channels: {@code general.mail}, {@code general.gotify}, {@code general.apprise} and
 * {@code argos_java.notifiers}; and the alert routings that name them.
 */
final class ChannelSections {
  static final Set<String> ALERTS = Set.of("ok", "warning", "critical", "unknown", "no_agent");
  private static final Set<String> MAIL = Set.of("mailfrom", "host", "port", "ssl", "starttls", "auth", "addresses");
  private static final Set<String> AUTH = Set.of("login", "password");
  private static final Set<String> GOTIFY = Set.of("url", "tokens");
  private static final Set<String> DIGEST = Set.of("at", "zone");

  private final ParseRun run;
  /** Where each channel's settings were written, by channel name. */
  private final Map<String, Source> sources = new HashMap<>();

  /**
   * Where a channel's settings were written.
   *
   * @param node the YAML node of the settings
   * @param path its config path ({@code general.gotify})
   * @param wrapper the settings key that holds the node when the settings wrap it ({@code servers} for gotify's list,
   *     {@code urls} for an apprise group); empty when the node is the settings map
   */
  private record Source(ConfigNode node, String path, String wrapper) {}

  ChannelSections(ParseRun run) {
    this.run = run;
  }

  /**
   * Reads the channels {@code general} defines: {@code local} (always), {@code mail}, {@code gotify} and the
   * {@code apprise} groups.
   *
   * @return the mail settings, or null when there are none
   */
  DaemonConfig.@Nullable Mail general(Section s) {
    run.channels.put("local", new Channel("local", "local", Map.of()));
    DaemonConfig.Mail mail = mail(s.section("mail", MAIL, false));
    if (mail != null) {
      run.channels.put("mail", new Channel("mail", "mail", settingsOf(s.node("mail"))));
      sources.put("mail", new Source(s.node("mail"), s.join("mail"), ""));
    }
    gotify(s);
    apprise(s);
    return mail;
  }

  private static DaemonConfig.@Nullable Mail mail(@Nullable Section s) {
    if (s == null) {
      return null;
    }
    String from = s.string("mailfrom", true);
    String host = s.string("host", false);
    int port = s.integer("port", 25, 1, 65535);
    boolean ssl = s.bool("ssl", false);
    boolean starttls = s.bool("starttls", false);
    if (ssl && starttls) {
      s.error("starttls", s.node("starttls"), "ssl and starttls are exclusive: choose one");
    }
    Section auth = s.section("auth", AUTH, false);
    String login = auth == null ? null : auth.string("login", true);
    String password = auth == null ? null : auth.string("password", true);
    List<String> addresses = s.stringList("addresses", true);
    for (int i = 0; i < addresses.size(); i++) {
      if (!addresses.get(i).matches("[^@\\s]+@[^@\\s]+")) {
        s.error("addresses[" + i + "]", s.node("addresses"), "expected an e-mail address, got '" + addresses.get(i) + "'");
      }
    }
    if (from != null && !from.matches("(.*<)?[^@\\s<]+@[^@\\s>]+>?")) {
      s.error("mailfrom", s.node("mailfrom"), "expected an e-mail address, got '" + from + "'");
    }
    return new DaemonConfig.Mail(from == null ? "" : from, host == null ? "127.0.0.1" : host, port, ssl, starttls, login,
        password, addresses);
  }

  private void gotify(Section general) {
    ConfigNode node = general.node("gotify");
    if (node == null || node instanceof Scalar sc && sc.value() == null) {
      return;
    }
    if (!(node instanceof Sequence seq)) {
      general.error("gotify", node, "expected a list of {url, tokens}, got " + node.kind());
      return;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      Section server = general.child(seq.items().get(i), "gotify[" + i + "]", GOTIFY);
      if (server == null) {
        continue;
      }
      String url = server.string("url", true);
      if (url != null && !url.matches("https?://.+")) {
        server.error("url", server.node("url"), "expected an http(s) URL, got '" + Redaction.url(url) + "'");
      }
      server.stringList("tokens", true);
    }
    run.channels.put("gotify", new Channel("gotify", "gotify", Map.of("servers", ConfigNode.toJsonLike(node))));
    sources.put("gotify", new Source(node, general.join("gotify"), "servers"));
  }

  private void apprise(Section general) {
    ConfigNode node = general.node("apprise");
    if (node == null || node instanceof Scalar sc && sc.value() == null) {
      return;
    }
    Section groups = general.child(node, "apprise", null);
    if (groups == null) {
      return;
    }
    for (Entry e : groups.map.entries()) {
      List<String> urls = groups.stringList(e.name(), true);
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("urls", urls);
      run.channels.put("apprise:" + e.name(), new Channel("apprise:" + e.name(), "apprise", settings));
      sources.put("apprise:" + e.name(), new Source(e.value(), groups.join(e.name()), "urls"));
    }
  }

  static @Nullable AlertRouting routing(@Nullable Section s) {
    if (s == null) {
      return null;
    }
    Map<Severity, List<String>> m = new EnumMap<>(Severity.class);
    for (Severity sev : Severity.values()) {
      List<String> list = s.stringList(sev.label(), false);
      if (!list.isEmpty()) {
        m.put(sev, list);
      }
    }
    return new AlertRouting(m, s.stringList("no_agent", false));
  }

  /** Adds an error for each channel a routing names that no section defines. */
  void checkRouting(@Nullable ConfigNode node, String key, AlertRouting routing) {
    if (node == null) {
      return;
    }
    for (String ch : routing.allChannels()) {
      if (!run.channels.containsKey(ch)) {
        String hint = ch.equals("mail") ? " (add general.mail)" : ch.equals("gotify") ? " (add general.gotify)"
            : ch.startsWith("apprise:") ? " (add the group '" + ch.substring(8) + "' under general.apprise)" : "";
        Where at = node.where();
        String where = key;
        // Point at the list item naming the channel, not at the whole alerts section.
        if (node instanceof Mapping m) {
          for (Entry e : m.entries()) {
            if (e.value() instanceof Sequence seq) {
              for (int i = 0; i < seq.items().size(); i++) {
                if (seq.items().get(i) instanceof Scalar sc && ch.equals(sc.text()) && where.equals(key)) {
                  at = sc.where();
                  where = key + "." + e.name() + "[" + i + "]";
                }
              }
            }
          }
        }
        run.errors.add(new ConfigError(at, where, "unknown notification channel '" + ch + "'" + hint
            + "; configured channels: " + String.join(", ", new TreeMap<>(run.channels).keySet())));
      }
    }
  }

  /** {@code argos_java.notifiers}: channels of any notifier type, {@code name: {type: ..., settings...}}. */
  void notifiers(Section s) {
    Section notifiers = s.section("notifiers", null, false);
    if (notifiers != null) {
      for (Entry e : notifiers.map.entries()) {
        Section ch = notifiers.child(e.value(), e.name(), null);
        if (ch == null) {
          continue;
        }
        String type = ch.string("type", true);
        if (!e.name().matches("[A-Za-z0-9_.:-]+")) {
          run.errors.add(new ConfigError(e.key().where(), "argos_java.notifiers." + e.name(),
              "a channel name may only hold letters, digits and _ . : -"));
        }
        Map<String, Object> settings = settingsOf(e.value());
        settings.remove("type");
        settings.remove("digest"); // the engine's, not the notifier's
        DaemonConfig.Digest digest = digest(ch);
        if (type != null) {
          run.channels.put(e.name(), new Channel(e.name(), type, settings, digest));
          sources.put(e.name(), new Source(e.value(), "argos_java.notifiers." + e.name(), ""));
        }
      }
    }
  }

  /** {@code digest: {at: "08:00", zone: Europe/Paris}}; null when absent or after an error. */
  private static DaemonConfig.@Nullable Digest digest(Section ch) {
    Section d = ch.section("digest", DIGEST, false);
    if (d == null) {
      return null;
    }
    String at = d.string("at", true);
    String zone = d.string("zone", true);
    java.time.LocalTime time = null;
    if (at != null) {
      if (at.strip().matches("\\d{1,2}:\\d{2}")) {
        String[] hm = at.strip().split(":");
        int h = Integer.parseInt(hm[0]);
        int m = Integer.parseInt(hm[1]);
        if (h < 24 && m < 60) {
          time = java.time.LocalTime.of(h, m);
        }
      }
      if (time == null) {
        d.error("at", d.node("at"), "expected a local time HH:MM such as \"08:00\", got '" + at + "'");
      }
    }
    java.time.ZoneId z = null;
    if (zone != null) {
      try {
        z = org.argos.api.Recurrence.zone(zone.strip());
      } catch (org.argos.api.ArgosException x) {
        d.error("zone", d.node("zone"), "unknown time zone '" + zone + "'; expected an id such as Europe/Paris or UTC");
      }
    }
    return time == null || z == null ? null : new DaemonConfig.Digest(time, z);
  }

  /**
   * Builds, then closes, the notifier of each routed channel whose type a provider offers, so that the provider's
   * complaint about a setting (an {@link InvalidValueException} from argos-api's settings reader) is a config error at
   * the setting's config path, file, line and column. A type no provider offers is left to whoever builds the
   * notifiers, as before: only it knows which plugins it will load.
   *
   * @param routed the channels some routing names
   * @param providers the notifier providers, by type
   */
  void validate(Set<String> routed, Map<String, NotifierProvider> providers) {
    for (String name : routed) {
      Channel ch = run.channels.get(name);
      Source src = sources.get(name);
      NotifierProvider p = ch == null ? null : providers.get(ch.type());
      if (p == null || src == null) {
        continue;
      }
      Notifier built;
      try {
        built = p.create(ch.name(), ch.settings());
      } catch (InvalidValueException e) {
        refused(e, src);
        continue;
      } catch (RuntimeException e) {
        run.error(src.node().where(), src.path(), "the " + ch.type() + " notifier refused these settings: " + e);
        continue;
      }
      try {
        built.close();
      } catch (Exception e) {
        // built only to validate its settings: nothing was sent, nothing to report
      }
    }
  }

  private void refused(InvalidValueException e, Source src) {
    NodePositions positions = new NodePositions(src.node(), src.path());
    String rel = e.path();
    String w = src.wrapper();
    if (w.isEmpty()) {
      run.invalid(e, src.path(), positions);
      return;
    }
    // the provider names its own key (servers[0].url): the file has the list itself there (general.gotify[0].url)
    if (rel.equals(w) || rel.startsWith(w + "[") || rel.startsWith(w + ".")) {
      rel = rel.substring(w.length());
      rel = rel.startsWith(".") ? rel.substring(1) : rel;
    }
    String full = ValuePositions.join(src.path(), rel);
    run.error(positions.nearest(full), full, e.problem());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> settingsOf(@Nullable ConfigNode node) {
    Object v = node == null ? null : ConfigNode.toJsonLike(node);
    return v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
  }
}
