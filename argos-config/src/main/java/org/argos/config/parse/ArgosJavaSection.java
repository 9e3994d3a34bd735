package org.argos.config.parse;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.argos.api.ArgosException;
import org.argos.api.Redaction;
import org.argos.api.settings.Settings;
import org.argos.config.secrets.Secrets;
import org.argos.config.ConfigError;
import org.argos.config.DaemonConfig;
import org.argos.config.SilenceIds;
import org.argos.config.TlsProviders;
import org.argos.config.TrustedProxies;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Scalar;
import org.argos.config.yaml.ConfigNode.Sequence;
import org.argos.config.yaml.ConfigNode.Where;
import org.argos.engine.NodeIds;
import org.jspecify.annotations.Nullable;

/**
 * {@code argos_java}, the keys Argos itself does not have: probing, notifiers, silences, the TLS provider, API tokens,
 * trusted proxies and the cluster settings.
 */
final class ArgosJavaSection {
  static final Set<String> KEYS = Set.of("probing", "agent_grace", "base_url", "reminders",
      "first_run_spread", "notifiers", "silences", "tls_provider", "api_tokens", "trusted_proxies", "config_version",
      "reload_max_deletions", "node_id", "claim_lease", "heartbeat", "heartbeat_misses", "clock_skew_warning",
      "location", "locations", "quorum", "alert_on_partial", "tag_locations", "canaries", "cause_hold",
      "per_address", "push_key");
  private static final Set<String> API_TOKEN = Set.of("name", "token", "scopes");
  private static final Set<String> SILENCE = Set.of("id", "domain", "domains", "tag", "address", "from", "until",
      "every", "reason");

  private final ParseRun run;
  private final ChannelSections channels;

  ArgosJavaSection(ParseRun run, ChannelSections channels) {
    this.run = run;
    this.channels = channels;
  }

  /** @return the argos_java settings (defaults when the section is absent), or null after an error */
  DaemonConfig.@Nullable Daemon read(@Nullable Section s, @Nullable Path file) {
    if (s == null) {
      return new DaemonConfig.Daemon(false, Duration.ofSeconds(30), null, null, Duration.ofMinutes(1), List.of(), null,
          List.of(), TrustedProxies.NONE, DaemonConfig.Cluster.DEFAULT);
    }
    String probing = s.oneOf("probing", Set.of("in-process", "agents"), "in-process");
    Duration grace = s.duration("agent_grace", ChronoUnit.SECONDS, Duration.ofSeconds(30));
    String baseUrl = s.string("base_url", false);
    if (baseUrl != null && !baseUrl.matches("https?://.+")) {
      s.error("base_url", s.node("base_url"), "expected an http(s) URL, got '" + Redaction.url(baseUrl) + "'");
    }
    Duration reminders = s.duration("reminders", ChronoUnit.MINUTES, null);
    Duration spread = s.duration("first_run_spread", ChronoUnit.SECONDS, Duration.ofMinutes(1));
    Duration causeHold = s.duration("cause_hold", ChronoUnit.SECONDS, DaemonConfig.Daemon.DEFAULT_CAUSE_HOLD);
    if (causeHold != null && causeHold.compareTo(Duration.ofDays(1)) > 0) {
      s.error("cause_hold", s.node("cause_hold"), "at most 1d (a cause's later alerts wait this long), got "
          + causeHold.toSeconds() + " s");
    }
    channels.notifiers(s);
    DaemonConfig.TlsProvider tls = null;
    String tlsClass = s.string("tls_provider", false);
    ConfigNode tlsNode = s.node("tls_provider");
    if (tlsClass != null && tlsNode != null) {
      if (TlsProviders.isClassName(tlsClass)) {
        tls = new DaemonConfig.TlsProvider(tlsClass, tlsNode.where());
      } else {
        s.error("tls_provider", tlsNode, "expected the class name of a JSSE provider, such as "
            + TlsProviders.CONSCRYPT + ", or " + TlsProviders.JDK + ", got '" + tlsClass + "'");
      }
    }
    int perAddress = s.integer("per_address", DaemonConfig.Daemon.DEFAULT_PER_ADDRESS, 0, 100_000);
    return new DaemonConfig.Daemon("agents".equals(probing), grace, baseUrl, reminders, spread, silences(s), tls,
        apiTokens(s), trustedProxies(s), cluster(s), LocationsSection.read(s), causeHold, perAddress, pushKey(s));
  }

  /** {@code argos_java.push_key}: a secret of ours (refused when weak), 32 to 100 characters as the store keeps it. */
  private @Nullable String pushKey(Section s) {
    String key = s.string("push_key", false);
    if (key == null) {
      return null;
    }
    if (key.length() < 32 || key.length() > 100) {
      s.error("push_key", s.node("push_key"), "expected 32 to 100 characters (" + Secrets.GENERATE + " makes one), got "
          + key.length());
      return null;
    }
    run.ownSecret("argos_java.push_key", key, s.node("push_key").where());
    return key;
  }

  /**
   * {@code argos_java.config_version} (a label for people), {@code reload_max_deletions}, and the node id, claim lease
   * and heartbeats.
   */
  private DaemonConfig.Cluster cluster(Section s) {
    String label = s.string("config_version", false);
    if (label != null && (label.isBlank() || label.length() > 200 || label.chars().anyMatch(Character::isISOControl))) {
      s.error("config_version", s.node("config_version"), "expected a label of 1 to 200 characters without control "
          + "characters, such as 2026-12-07 or v42");
      label = null;
    }
    DaemonConfig.Cluster d = DaemonConfig.Cluster.DEFAULT;
    int max = s.integer("reload_max_deletions", d.reloadMaxDeletions(), 0);
    String nodeId = s.string("node_id", false);
    if (nodeId != null && !NodeIds.isValid(nodeId)) {
      s.error("node_id", s.node("node_id"), "expected 1-100 letters, digits, '.', '_' or '-', starting with a letter "
          + "or digit, got '" + (nodeId.length() > 120 ? nodeId.substring(0, 120) + "…" : nodeId) + "'");
      nodeId = null;
    }
    Duration lease = s.duration("claim_lease", ChronoUnit.SECONDS, d.lease());
    if (lease != null && lease.compareTo(Duration.ofSeconds(1)) < 0) {
      s.error("claim_lease", s.node("claim_lease"), "must be at least 1s, got " + lease.toMillis() + " ms");
      lease = d.lease();
    }
    Duration heartbeat = s.duration("heartbeat", ChronoUnit.SECONDS, d.heartbeat());
    if (heartbeat != null && heartbeat.compareTo(Duration.ofMillis(100)) < 0) {
      s.error("heartbeat", s.node("heartbeat"), "must be at least 100ms, got " + heartbeat.toMillis() + " ms");
      heartbeat = d.heartbeat();
    }
    int misses = s.integer("heartbeat_misses", d.heartbeatMisses(), 1);
    Duration skew = s.duration("clock_skew_warning", ChronoUnit.SECONDS, d.skewWarning());
    return new DaemonConfig.Cluster(label, max, nodeId, lease == null ? d.lease() : lease,
        heartbeat == null ? d.heartbeat() : heartbeat, misses, skew == null ? d.skewWarning() : skew);
  }

  /** {@code argos_java.api_tokens}: {@code - {name, token, scopes: [read | write | admin]}}. */
  private List<DaemonConfig.ApiToken> apiTokens(Section s) {
    List<DaemonConfig.ApiToken> out = new ArrayList<>();
    ConfigNode node = s.node("api_tokens");
    if (node == null || node instanceof Scalar sc && sc.value() == null) {
      return out;
    }
    if (!(node instanceof Sequence seq)) {
      s.error("api_tokens", node, "expected a list of tokens (- name: ..., token: ..., scopes: [read]), got "
          + node.kind());
      return out;
    }
    Map<String, Where> names = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      Section one = s.child(seq.items().get(i), s.join("api_tokens[" + i + "]"), API_TOKEN);
      if (one == null) {
        continue;
      }
      String name = one.string("name", true);
      if (name != null && !name.matches("[A-Za-z0-9_.@-]{1,64}")) {
        one.error("name", one.node("name"), "expected 1 to 64 letters, digits or _ . @ -, got '" + name + "'");
        name = null;
      } else if (name != null && names.putIfAbsent(name, one.node("name").where()) instanceof Where at) {
        one.error("name", one.node("name"), "the name '" + name + "' is already used at " + at);
        name = null;
      }
      String token = one.string("token", true);
      if (token != null) {
        run.ownSecret(one.join("token"), token, one.node("token").where());
      }
      DaemonConfig.Scope scope = scopes(one);
      if (name != null && token != null && scope != null) {
        out.add(new DaemonConfig.ApiToken(name, token, scope));
      }
    }
    return out;
  }

  /** @return the widest scope listed (each includes the narrower ones), or null after an error */
  private DaemonConfig.@Nullable Scope scopes(Section one) {
    ConfigNode node = one.node("scopes");
    String expected = "a list of scopes among read, write, admin (each includes the ones before it), e.g. [read]";
    if (node == null || node instanceof Scalar sc0 && sc0.value() == null) {
      one.error("scopes", node == null ? one.map : node, "is required: " + expected);
      return null;
    }
    if (!(node instanceof Sequence seq) || seq.items().isEmpty()) {
      one.error("scopes", node, "expected " + expected + ", got "
          + (node instanceof Sequence ? "an empty list" : node.kind()));
      return null;
    }
    DaemonConfig.Scope widest = null;
    Set<String> labels = new LinkedHashSet<>();
    for (DaemonConfig.Scope sc : DaemonConfig.Scope.values()) {
      labels.add(sc.label());
    }
    for (int i = 0; i < seq.items().size(); i++) {
      ConfigNode item = seq.items().get(i);
      String label = item instanceof Scalar sc && sc.value() instanceof String t ? t : null;
      if (label == null || !labels.contains(label)) {
        String near = label == null ? null : Settings.closest(label, labels);
        run.errors.add(new ConfigError(item.where(), one.join("scopes[" + i + "]"), "unknown scope "
            + (label == null ? item.kind() : "'" + label + "'")
            + (near != null ? " (did you mean '" + near + "'?)" : "") + "; expected read, write or admin"));
        return null;
      }
      DaemonConfig.Scope scope = DaemonConfig.Scope.valueOf(label.toUpperCase(Locale.ROOT));
      widest = widest == null || scope.includes(widest) ? scope : widest;
    }
    return widest;
  }

  /** {@code argos_java.trusted_proxies}: addresses and CIDR ranges, each checked where it is written. */
  private TrustedProxies trustedProxies(Section s) {
    ConfigNode node = s.node("trusted_proxies");
    List<String> entries = s.stringList("trusted_proxies", false);
    List<String> good = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      try {
        TrustedProxies.check(entries.get(i));
        good.add(entries.get(i).trim());
      } catch (IllegalArgumentException e) {
        ConfigNode at = node instanceof Sequence seq && i < seq.items().size() ? seq.items().get(i) : node;
        run.errors.add(new ConfigError((at == null ? s.map : at).where(), s.join("trusted_proxies[" + i + "]"),
            e.getMessage()));
      }
    }
    return TrustedProxies.of(good);
  }

  /** {@code argos_java.silences}: maintenance windows, {@code - {id, domain | domains | tag | address, from, until, every, reason}}. */
  private List<org.argos.api.Silence> silences(Section s) {
    List<org.argos.api.Silence> out = new ArrayList<>();
    ConfigNode node = s.node("silences");
    if (node == null || node instanceof Scalar sc && sc.value() == null) {
      return out;
    }
    if (!(node instanceof Sequence seq)) {
      s.error("silences", node, "expected a list of silences (- id: ..., domain: ..., from: ..., until: ...), got "
          + node.kind());
      return out;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < seq.items().size(); i++) {
      Section one = s.child(seq.items().get(i), s.join("silences[" + i + "]"), SILENCE);
      if (one == null) {
        continue;
      }
      String id = one.string("id", true);
      if (id != null && !SilenceIds.valid(id)) {
        one.error("id", one.node("id"), "a silence id is 1 to 200 letters, digits and . _ : -, got '"
            + SilenceIds.shown(id) + "'");
        id = null;
      }
      String domain = one.string("domain", false);
      Set<String> domains = domains(one);
      String tag = one.string("tag", false);
      org.argos.api.AddressRange address = address(one);
      org.argos.api.Recurrence every = every(one);
      boolean recurring = one.node("every") != null;
      java.time.Instant from = recurring && one.node("from") == null ? java.time.Instant.EPOCH : instant(one, "from");
      java.time.Instant until = recurring && one.node("until") == null ? org.argos.api.Silence.NO_END
          : instant(one, "until");
      String reason = one.string("reason", false);
      if (id == null || from == null || until == null || domains == null || recurring && every == null
          || one.node("address") != null && address == null) {
        continue;
      }
      if (!ids.add(id)) {
        one.error("id", one.node("id"), "silence id '" + id + "' is used twice");
        continue;
      }
      try {
        out.add(new org.argos.api.Silence(id, domain, tag, from, until, reason == null ? "" : reason, every, domains,
            address));
      } catch (ArgosException e) {
        one.error("", one.map, e.getMessage());
      }
    }
    return out;
  }

  /** @return a silence's {@code domains}, each checked where it is written; null after an error */
  private @Nullable Set<String> domains(Section one) {
    List<String> list = one.stringList("domains", false);
    if (list.size() > org.argos.api.Silence.MAX_DOMAINS) {
      one.error("domains", one.node("domains"), "at most " + org.argos.api.Silence.MAX_DOMAINS + " domains, got "
          + list.size());
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    boolean ok = true;
    for (int i = 0; i < list.size(); i++) {
      try {
        out.add(org.argos.api.Site.normalizeDomain(list.get(i)));
      } catch (ArgosException e) {
        ConfigNode at = one.node("domains") instanceof Sequence seq ? seq.items().get(i) : one.map;
        run.errors.add(new ConfigError(at.where(), one.join("domains[" + i + "]"), e.getMessage()));
        ok = false;
      }
    }
    return ok ? out : null;
  }

  private org.argos.api.@Nullable AddressRange address(Section one) {
    String text = one.string("address", false);
    if (text == null) {
      return null;
    }
    try {
      return org.argos.api.AddressRange.parse(text);
    } catch (ArgosException e) {
      one.error("address", one.node("address"), e.getMessage());
      return null;
    }
  }

  /** {@code every: {days, at, for, zone}} or {@code every: {cron, for, zone}}; null when absent or after an error */
  private org.argos.api.@Nullable Recurrence every(Section one) {
    Section e = one.section("every", org.argos.api.Recurrence.FIELDS, false);
    if (e == null) {
      return null;
    }
    int errors = run.errors.size();
    String cron = e.string("cron", false);
    List<String> days = e.stringList("days", false);
    String at = e.string("at", false);
    Duration length = e.duration("for", ChronoUnit.MINUTES, null);
    String zone = e.string("zone", false);
    if (run.errors.size() > errors) {
      return null;
    }
    try {
      return org.argos.api.Recurrence.read(cron, days, at, length, zone);
    } catch (org.argos.api.InvalidValueException x) {
      String field = x.path().startsWith("every.") ? x.path().substring("every.".length()) : "";
      e.error(field, field.isEmpty() ? null : e.node(field), x.problem());
      return null;
    }
  }

  private static java.time.@Nullable Instant instant(Section s, String key) {
    String v = s.string(key, true);
    if (v == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      s.error(key, s.node(key), "expected a date and time with its offset, e.g. 2026-12-01T22:00:00+01:00, got '" + v + "'");
      return null;
    }
  }
}
