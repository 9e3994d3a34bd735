package org.argos.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.argos.api.AlertRouting;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.InvalidSiteException;
import org.argos.api.InvalidValueException;
import org.argos.api.PathSpec;
import org.argos.api.Redaction;
import org.argos.api.RequestData;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.settings.Durations;
import org.argos.config.yaml.ConfigNode.Entry;
import org.argos.config.yaml.ConfigNode.Mapping;
import org.argos.config.yaml.ConfigNode.Scalar;
import org.argos.config.yaml.ConfigNode.Sequence;
import org.argos.config.yaml.ConfigNode.Where;
import org.argos.config.DaemonConfig.Channel;
import org.argos.engine.CheckRegistry;
import org.argos.engine.NodeIds;
import org.jspecify.annotations.Nullable;
import org.argos.config.secrets.Secrets;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.YamlReader;

/**
 * Validates an Argos YAML tree into a {@link DaemonConfig}. Every problem is collected with its file, line, column and
 * key; unknown keys are errors (with a suggestion when one is close); unknown checks list the known ones.
 */
public final class ConfigParser {
  /** Where the packaged example lives on the classpath. */
  static final String EXAMPLE_RESOURCE = "/org/argos/daemon/argos-config.yaml";

  private static final Set<String> TOP = Set.of("general", "service", "ssl", "recurring_tasks", "websites", "argos_java");
  private static final Set<String> GENERAL = Set.of("db", "env", "cookie_secret", "session_duration", "remember_me_duration",
      "unauthenticated_access", "ldap", "frequency", "recheck_delay", "retry_before_notification", "ipv4", "ipv6",
      "root_path", "alerts", "mail", "gotify", "apprise");
  private static final Set<String> DB = Set.of("url", "pool_size", "max_overflow");
  private static final Set<String> LDAP = Set.of("uri", "user_tree", "bind_dn", "bind_pwd", "user_attr", "user_filter");
  private static final Set<String> ALERTS = Set.of("ok", "warning", "critical", "unknown", "no_agent");
  private static final Set<String> MAIL = Set.of("mailfrom", "host", "port", "ssl", "starttls", "auth", "addresses");
  private static final Set<String> AUTH = Set.of("login", "password");
  private static final Set<String> GOTIFY = Set.of("url", "tokens");
  private static final Set<String> SERVICE = Set.of("secrets");
  private static final Set<String> SSL = Set.of("thresholds");
  private static final Set<String> RECURRING = Set.of("max_results_age", "max_lock_seconds", "time_without_agent");
  private static final Set<String> SITE = Set.of("domain", "frequency", "recheck_delay", "retry_before_notification", "ipv4",
      "ipv6", "paths", "tags", "timeout", "alerts");
  private static final Set<String> PATH = Set.of("path", "method", "request_data", "checks", "timeout", "follow_redirects");
  private static final Set<String> REQUEST_DATA = Set.of("data", "is_json", "headers");
  private static final Set<String> DAEMON = Set.of("probing", "agent_grace", "base_url", "reminders",
      "first_run_spread", "notifiers", "silences", "tls_provider", "api_tokens", "trusted_proxies", "config_version",
      "reload_max_deletions", "node_id", "claim_lease", "heartbeat", "heartbeat_misses", "clock_skew_warning");
  private static final Set<String> API_TOKEN = Set.of("name", "token", "scopes");
  private static final Set<String> SILENCE = Set.of("id", "domain", "tag", "from", "until", "reason");

  private final CheckRegistry checks;
  private final List<ConfigError> errors = new ArrayList<>();
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  /** Every secret of ours the file sets, checked once all are read (strength, and no value under two keys). */
  private final List<OwnSecret> ownSecrets = new ArrayList<>();

  /** A secret of ours as written: its key path, value and position. */
  private record OwnSecret(String key, String value, Where where) {}

  private ConfigParser(CheckRegistry checks) {
    this.checks = checks;
  }

  /**
   * Reads and validates a config file.
   *
   * @throws ConfigException with every error found
   */
  public static DaemonConfig load(Path file, Map<String, String> env, CheckRegistry checks) {
    List<ConfigError> errors = new ArrayList<>();
    ConfigNode root = new YamlReader(env, errors).read(file);
    return finish(root, errors, file.toString(), file.toAbsolutePath().normalize(), checks);
  }

  /** Reads and validates YAML text; {@code !include} resolves against {@code baseDir}. */
  public static DaemonConfig parse(String name, String text, Path baseDir, Map<String, String> env, CheckRegistry checks) {
    List<ConfigError> errors = new ArrayList<>();
    ConfigNode root = new YamlReader(env, errors).read(name, text, baseDir);
    return finish(root, errors, name, null, checks);
  }

  /** @return the packaged example config text */
  public static String exampleText() {
    try (var in = ConfigParser.class.getResourceAsStream(EXAMPLE_RESOURCE)) {
      if (in == null) {
        throw new ArgosException("the example config is missing from the jar (" + EXAMPLE_RESOURCE + ")");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new ArgosException("cannot read the packaged example config: " + e, e);
    }
  }

  private static DaemonConfig finish(@Nullable ConfigNode root, List<ConfigError> readErrors, String source,
      @Nullable Path file, CheckRegistry checks) {
    ConfigParser p = new ConfigParser(checks);
    p.errors.addAll(readErrors);
    DaemonConfig config = root == null ? null : p.top(root, source, file);
    if (!p.errors.isEmpty() || config == null) {
      List<ConfigError> sorted = new ArrayList<>(p.errors);
      sorted.sort(Comparator.comparing((ConfigError e) -> e.where().file()).thenComparingInt(e -> e.where().line())
          .thenComparingInt(e -> e.where().column()));
      throw new ConfigException(sorted);
    }
    return config;
  }

  // ---------------------------------------------------------------------------------------------- sections

  private @Nullable DaemonConfig top(ConfigNode root, String source, @Nullable Path file) {
    Section top = section(root, "", TOP);
    if (top == null) {
      return null;
    }
    Section general = top.section("general", GENERAL, true);
    DaemonConfig.Daemon daemon = daemon(top.section("argos_java", DAEMON, false), file);
    DaemonConfig.General g = general == null ? null : general(general);
    List<String> secrets = List.of();
    Section service = top.section("service", SERVICE, true);
    if (service != null) {
      secrets = service.stringList("secrets", false);
      if (service.node("secrets") instanceof Sequence seq) {
        for (int i = 0; i < seq.items().size(); i++) {
          if (seq.items().get(i) instanceof Scalar sc && sc.value() != null) {
            ownSecrets.add(new OwnSecret("service.secrets[" + i + "]", sc.text(), sc.where()));
          }
        }
      }
    }
    List<DaemonConfig.SslThreshold> thresholds = ssl(top.section("ssl", SSL, false));
    DaemonConfig.RecurringTasks recurring = recurring(top.section("recurring_tasks", RECURRING, false));
    if (daemon != null && daemon.agentsOnly() && service != null && secrets.isEmpty()) {
      service.error("secrets", service.node("secrets") != null ? service.node("secrets") : service.map,
          "argos_java.probing is 'agents' but no secret is configured: agents could not authenticate "
              + "(generate one with 'argos server generate-token')");
    }
    List<Site> sites = g == null ? List.of() : websites(top, g);
    if (g != null) {
      checkRouting(general.node("alerts"), "general.alerts", g.alerts());
    }
    checkOwnSecrets();
    if (g == null || daemon == null || !errors.isEmpty()) {
      return null;
    }
    return new DaemonConfig(source, file, g, secrets, thresholds, recurring, daemon, sites, channels);
  }

  /**
   * Refuses weak secrets of ours (short, published in an example, placeholders) and one value under two keys: an
   * agent's token that is also an API token would give every agent that token's scopes, and a token that is also the
   * cookie secret would let its holder sign web sessions. The same agent token listed twice is harmless.
   */
  private void checkOwnSecrets() {
    Map<String, OwnSecret> first = new HashMap<>();
    List<OwnSecret> inFileOrder = new ArrayList<>(ownSecrets); // the later use of a value is the one reported
    inFileOrder.sort(Comparator.comparing((OwnSecret s) -> s.where().file()).thenComparingInt(s -> s.where().line())
        .thenComparingInt(s -> s.where().column()));
    for (OwnSecret s : inFileOrder) {
      String weak = Secrets.weakness(s.value());
      if (weak != null) {
        errors.add(new ConfigError(s.where(), s.key(), weak));
        continue;
      }
      OwnSecret before = first.putIfAbsent(s.value(), s);
      if (before != null && !(isAgentSecret(before) && isAgentSecret(s))) {
        errors.add(new ConfigError(s.where(), s.key(), "is the same value as " + before.key() + " (" + before.where()
            + "); give each its own random secret (" + Secrets.GENERATE + "), so that a token cannot do what the other "
            + "key allows"));
      }
    }
  }

  private static boolean isAgentSecret(OwnSecret s) {
    return s.key().startsWith("service.secrets[");
  }

  private DaemonConfig.General general(Section s) {
    DaemonConfig.Db db = db(s.section("db", DB, false));
    String env = s.oneOf("env", Set.of("production", "dev", "test"), "production");
    String cookieSecret = s.string("cookie_secret", false);
    if (cookieSecret != null) {
      ownSecrets.add(new OwnSecret("general.cookie_secret", cookieSecret, s.node("cookie_secret").where()));
    }
    Duration session = s.duration("session_duration", ChronoUnit.MINUTES, Duration.ofDays(7));
    Duration rememberMe = s.duration("remember_me_duration", ChronoUnit.MINUTES, null);
    String unauth = s.oneOf("unauthenticated_access", Set.of("dashboard", "all"), null);
    DaemonConfig.Ldap ldap = ldap(s.section("ldap", LDAP, false));
    if (s.node("frequency") == null) {
      s.error("frequency", s.map, "is required: how often to check each site, e.g. frequency: \"5m\"");
    }
    Duration frequency = positive(s, "frequency", s.duration("frequency", ChronoUnit.MINUTES, Site.DEFAULT_FREQUENCY));
    Duration recheck = positiveOrNull(s, "recheck_delay", s.duration("recheck_delay", ChronoUnit.MINUTES, null));
    int retry = s.integer("retry_before_notification", 0, 0);
    boolean ipv4 = s.bool("ipv4", true);
    boolean ipv6 = s.bool("ipv6", true);
    String rootPath = s.string("root_path", false);
    if (rootPath == null) {
      rootPath = "";
    } else if (!rootPath.isEmpty() && (!rootPath.startsWith("/") || rootPath.endsWith("/"))) {
      s.error("root_path", s.node("root_path"), "expected a path starting with '/' and not ending with '/' (like /argos), got '"
          + rootPath + "'");
    }
    channels.put("local", new Channel("local", "local", Map.of()));
    DaemonConfig.Mail mail = mail(s.section("mail", MAIL, false));
    if (mail != null) {
      channels.put("mail", new Channel("mail", "mail", settingsOf(s.node("mail"))));
    }
    gotify(s);
    apprise(s);
    AlertRouting alerts = routing(s.section("alerts", ALERTS, false));
    return new DaemonConfig.General(db, env, cookieSecret, session, rememberMe, unauth, ldap, frequency, recheck, retry, ipv4,
        ipv6, rootPath, alerts == null ? AlertRouting.NONE : alerts, mail);
  }

  /**
   * The shortest frequency, recheck delay and timeout: below a second a site is hammered (or never answers in time),
   * and a typo such as {@code 5ms} for {@code 5m} is caught.
   */
  static final Duration MIN_PERIOD = Duration.ofSeconds(1);
  /** The longest probe timeout: a probe holds a connection and a slot of its host for that long. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  private static Duration positive(Section s, String key, Duration d) {
    if (d.isZero() || d.isNegative()) {
      s.error(key, s.node(key), "must be more than zero, got " + Durations.format(d));
      return Site.DEFAULT_FREQUENCY;
    }
    if (d.compareTo(MIN_PERIOD) < 0) {
      s.error(key, s.node(key), "must be at least 1s, got " + Durations.format(d));
      return Site.DEFAULT_FREQUENCY;
    }
    return d;
  }

  private static @Nullable Duration positiveOrNull(Section s, String key, @Nullable Duration d) {
    if (d != null && (d.isZero() || d.isNegative())) {
      s.error(key, s.node(key), "must be more than zero, got " + Durations.format(d) + " (remove the key to disable rechecks)");
      return null;
    }
    if (d != null && d.compareTo(MIN_PERIOD) < 0) {
      s.error(key, s.node(key), "must be at least 1s, got " + Durations.format(d));
      return null;
    }
    return d;
  }

  /** @return the timeout, or null (an error was added) when it is not between 1 s and 1 h */
  private static @Nullable Duration timeout(Section s, @Nullable Duration d) {
    if (d == null) {
      return null;
    }
    if (d.isZero() || d.isNegative()) {
      s.error("timeout", s.node("timeout"), "must be more than zero");
      return null;
    }
    if (d.compareTo(MIN_PERIOD) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
      s.error("timeout", s.node("timeout"), "must be between 1s and 1h, got " + Durations.format(d));
      return null;
    }
    return d;
  }

  /**
   * Connections a node keeps open: its engine holds up to 3 at once (claims, the result writer, delivery), measured
   * with pages and API calls on top (docs/storage.md, "Sizing the connection pool").
   */
  static final int DEFAULT_POOL_SIZE = 4;
  /** Connections opened beyond those for concurrent pages and API calls: 4 + 6 = 10 a node, 9 nodes in 100. */
  static final int DEFAULT_MAX_OVERFLOW = 6;

  private DaemonConfig.Db db(@Nullable Section s) {
    if (s == null) {
      return new DaemonConfig.Db("embedded", DaemonConfig.DbKind.EMBEDDED, "argos-data/argos", null, null,
          DEFAULT_POOL_SIZE, DEFAULT_MAX_OVERFLOW);
    }
    String url = s.string("url", true);
    int pool = s.integer("pool_size", DEFAULT_POOL_SIZE, 1);
    int overflow = s.integer("max_overflow", DEFAULT_MAX_OVERFLOW, 0);
    if (url == null) {
      return new DaemonConfig.Db("embedded", DaemonConfig.DbKind.EMBEDDED, "argos-data/argos", null, null, pool, overflow);
    }
    String u = url.trim();
    if (u.startsWith("postgresql://") || u.startsWith("postgres://") || u.startsWith("postgresql+psycopg2://")
        || u.startsWith("postgresql+psycopg://")) {
      try {
        java.net.URI uri = new java.net.URI(u);
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
          throw new java.net.URISyntaxException(u, "expected host and database name");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
          String[] up = uri.getRawUserInfo().split(":", 2);
          user = java.net.URLDecoder.decode(up[0], java.nio.charset.StandardCharsets.UTF_8);
          password = up.length > 1 ? java.net.URLDecoder.decode(up[1], java.nio.charset.StandardCharsets.UTF_8) : null;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath()
            + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        return new DaemonConfig.Db(url, DaemonConfig.DbKind.POSTGRESQL, jdbc, user, password, pool, overflow);
      } catch (java.net.URISyntaxException e) {
        s.error("url", s.node("url"), "expected postgresql://user:password@host[:port]/database, got '"
            + Redaction.url(url) + "' ("
            + e.getReason() + ")");
        return new DaemonConfig.Db(url, DaemonConfig.DbKind.MEMORY, "", null, null, pool, overflow);
      }
    }
    if (u.startsWith("jdbc:postgresql:")) {
      return new DaemonConfig.Db(url, DaemonConfig.DbKind.POSTGRESQL, u, null, null, pool, overflow);
    }
    if (u.startsWith("sqlite:///") || u.startsWith("h2:") || u.startsWith("jdbc:h2:") || u.equals("embedded")) {
      String path = u.startsWith("sqlite:///") ? u.substring("sqlite:///".length()).replaceFirst("\\.(db|sqlite3?)$", "")
          : u.startsWith("h2:") ? u.substring(3) : u.startsWith("jdbc:h2:") ? u.substring(8) : "argos-data/argos";
      return new DaemonConfig.Db(url, DaemonConfig.DbKind.EMBEDDED, path, null, null, pool, overflow);
    }
    if (u.equals("memory")) {
      return new DaemonConfig.Db(url, DaemonConfig.DbKind.MEMORY, "", null, null, pool, overflow);
    }
    s.error("url", s.node("url"), "expected postgresql://user:password@host/database, sqlite:///path (kept in an embedded "
        + "database), h2:path, or memory; got '" + Redaction.url(url) + "'");
    return new DaemonConfig.Db(url, DaemonConfig.DbKind.MEMORY, "", null, null, pool, overflow);
  }

  private static DaemonConfig.@Nullable Ldap ldap(@Nullable Section s) {
    if (s == null) {
      return null;
    }
    String uri = s.string("uri", true);
    String tree = s.string("user_tree", true);
    String attr = s.string("user_attr", true);
    if (uri != null && !uri.startsWith("ldap://") && !uri.startsWith("ldaps://")) {
      s.error("uri", s.node("uri"), "expected an ldap:// or ldaps:// URI, got '" + Redaction.url(uri) + "'");
    } else if (uri != null && uri.substring(uri.indexOf("//") + 2).replaceFirst("[/?#].*$", "").contains("@")) {
      s.error("uri", s.node("uri"), "the service account goes in bind_dn and bind_pwd, not in the URI ('"
          + Redaction.url(uri) + "')");
    }
    if (attr != null && !attr.matches("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)*")) {
      s.error("user_attr", s.node("user_attr"), "expected an attribute name such as uid or sAMAccountName, got '" + attr + "'");
    }
    String bindDn = s.string("bind_dn", false);
    String bindPwd = s.string("bind_pwd", false);
    if (bindDn != null && (bindPwd == null || bindPwd.isEmpty())) {
      s.error("bind_dn", s.node("bind_dn"), "bind_dn needs bind_pwd (without both, the directory is searched anonymously)");
    }
    String filter = s.string("user_filter", false);
    if (filter != null && !filter.isEmpty() && !balancedFilter(filter)) {
      s.error("user_filter", s.node("user_filter"), "expected an LDAP filter in parentheses such as (objectClass=person), got '"
          + filter + "'");
    }
    return new DaemonConfig.Ldap(uri == null ? "" : uri, tree == null ? "" : tree, bindDn, bindPwd, attr == null ? "" : attr,
        filter == null || filter.isEmpty() ? null : filter);
  }

  /** @return true when the text is one or more parenthesised filters with balanced parentheses (escapes are \xx) */
  private static boolean balancedFilter(String f) {
    if (!f.startsWith("(") || !f.endsWith(")")) {
      return false;
    }
    int depth = 0;
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth < 0) {
          return false;
        }
      }
    }
    return depth == 0;
  }

  private static DaemonConfig.@Nullable Mail mail(@Nullable Section s) {
    if (s == null) {
      return null;
    }
    String from = s.string("mailfrom", true);
    String host = s.string("host", false);
    int port = s.integer("port", 25, 1);
    if (port > 65535) {
      s.error("port", s.node("port"), "expected a TCP port between 1 and 65535, got " + port);
    }
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
    channels.put("gotify", new Channel("gotify", "gotify", Map.of("servers", ConfigNode.toJsonLike(node))));
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
      channels.put("apprise:" + e.name(), new Channel("apprise:" + e.name(), "apprise", settings));
    }
  }

  private static @Nullable AlertRouting routing(@Nullable Section s) {
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

  private void checkRouting(@Nullable ConfigNode node, String key, AlertRouting routing) {
    if (node == null) {
      return;
    }
    for (String ch : routing.allChannels()) {
      if (!channels.containsKey(ch)) {
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
        errors.add(new ConfigError(at, where, "unknown notification channel '" + ch + "'" + hint
            + "; configured channels: " + String.join(", ", new TreeMap<>(channels).keySet())));
      }
    }
  }

  private List<DaemonConfig.SslThreshold> ssl(@Nullable Section s) {
    List<DaemonConfig.SslThreshold> out = new ArrayList<>();
    if (s == null) {
      out.add(new DaemonConfig.SslThreshold(Duration.ofDays(1), Severity.CRITICAL));
      out.add(new DaemonConfig.SslThreshold(Duration.ofDays(5), Severity.WARNING));
      return out;
    }
    ConfigNode node = s.node("thresholds");
    if (node == null) {
      s.error("thresholds", s.map, "is required: a list such as [ {\"1d\": critical}, {\"5d\": warning} ]");
      return out;
    }
    if (!(node instanceof Sequence seq)) {
      s.error("thresholds", node, "expected a list of one-key maps such as - \"1d\": critical, got " + node.kind());
      return out;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      ConfigNode item = seq.items().get(i);
      String key = "ssl.thresholds[" + i + "]";
      if (!(item instanceof Mapping m) || m.entries().size() != 1) {
        errors.add(new ConfigError(item.where(), key, "expected a one-key map such as \"5d\": warning, got " + item.kind()));
        continue;
      }
      Entry e = m.entries().get(0);
      Duration before;
      try {
        before = Durations.parse(e.key().value() != null ? e.key().value() : e.name(), ChronoUnit.DAYS);
      } catch (InvalidValueException ex) {
        errors.add(new ConfigError(e.key().where(), key, ex.getMessage()));
        continue;
      }
      if (!(e.value() instanceof Scalar v) || !(v.value() instanceof String label)) {
        errors.add(new ConfigError(e.value().where(), key, "expected a severity (ok, warning, critical, unknown), got "
            + e.value().kind()));
        continue;
      }
      try {
        out.add(new DaemonConfig.SslThreshold(before, Severity.fromLabel(label)));
      } catch (InvalidValueException ex) {
        errors.add(new ConfigError(v.where(), key, ex.getMessage()));
      }
    }
    out.sort(Comparator.comparing(DaemonConfig.SslThreshold::before));
    return out;
  }

  private static DaemonConfig.RecurringTasks recurring(@Nullable Section s) {
    if (s == null) {
      return new DaemonConfig.RecurringTasks(Duration.ofDays(1), 100, Duration.ofMinutes(5));
    }
    Duration age = s.duration("max_results_age", ChronoUnit.SECONDS, Duration.ofDays(1));
    int lock = s.integer("max_lock_seconds", 100, 0);
    if (lock <= 60) {
      lock = 100; // Argos' rule: a lock shorter than the recurring task's period would expire while still held
    }
    Duration noAgent = s.duration("time_without_agent", ChronoUnit.MINUTES, Duration.ofMinutes(5));
    if (noAgent.compareTo(Duration.ofMinutes(1)) < 0) {
      noAgent = Duration.ofMinutes(5);
    }
    return new DaemonConfig.RecurringTasks(age, lock, noAgent);
  }

  private DaemonConfig.@Nullable Daemon daemon(@Nullable Section s, @Nullable Path file) {
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
    Section notifiers = s.section("notifiers", null, false);
    if (notifiers != null) {
      for (Entry e : notifiers.map.entries()) {
        Section ch = notifiers.child(e.value(), e.name(), null);
        if (ch == null) {
          continue;
        }
        String type = ch.string("type", true);
        if (!e.name().matches("[A-Za-z0-9_.:-]+")) {
          errors.add(new ConfigError(e.key().where(), "argos_java.notifiers." + e.name(),
              "a channel name may only hold letters, digits and _ . : -"));
        }
        Map<String, Object> settings = settingsOf(e.value());
        settings.remove("type");
        if (type != null) {
          channels.put(e.name(), new Channel(e.name(), type, settings));
        }
      }
    }
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
    return new DaemonConfig.Daemon("agents".equals(probing), grace, baseUrl, reminders, spread, silences(s), tls,
        apiTokens(s), trustedProxies(s), cluster(s));
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
        ownSecrets.add(new OwnSecret(one.join("token"), token, one.node("token").where()));
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
        String near = label == null ? null : Section.closest(label, labels);
        errors.add(new ConfigError(item.where(), one.join("scopes[" + i + "]"), "unknown scope "
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
        errors.add(new ConfigError((at == null ? s.map : at).where(), s.join("trusted_proxies[" + i + "]"),
            e.getMessage()));
      }
    }
    return TrustedProxies.of(good);
  }

  /** {@code argos_java.silences}: maintenance windows, {@code - {id, domain | tag, from, until, reason}}. */
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
      String tag = one.string("tag", false);
      java.time.Instant from = instant(one, "from");
      java.time.Instant until = instant(one, "until");
      String reason = one.string("reason", false);
      if (id == null || from == null || until == null) {
        continue;
      }
      if (!ids.add(id)) {
        one.error("id", one.node("id"), "silence id '" + id + "' is used twice");
        continue;
      }
      try {
        out.add(new org.argos.api.Silence(id, domain, tag, from, until, reason == null ? "" : reason));
      } catch (ArgosException e) {
        one.error("", one.map, e.getMessage());
      }
    }
    return out;
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

  @SuppressWarnings("unchecked")
  private static Map<String, Object> settingsOf(@Nullable ConfigNode node) {
    Object v = node == null ? null : ConfigNode.toJsonLike(node);
    return v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
  }

  // ---------------------------------------------------------------------------------------------- websites

  /**
   * Validates one websites entry (the body of {@code PUT /api/sites/...}) with the running config's defaults.
   *
   * @throws ConfigException with every error found
   */
  public static Site parseSite(ConfigNode node, DaemonConfig config, CheckRegistry checks) {
    ConfigParser p = new ConfigParser(checks);
    p.channels.putAll(config.channels());
    Site site = p.site(p.section(node, "", SITE), config.general());
    if (site == null || !p.errors.isEmpty()) {
      throw new ConfigException(p.errors.isEmpty()
          ? List.of(new ConfigError(node.where(), "", "invalid site")) : p.errors);
    }
    return site;
  }

  private List<Site> websites(Section top, DaemonConfig.General g) {
    ConfigNode node = top.node("websites");
    List<Site> sites = new ArrayList<>();
    if (node == null) {
      top.error("websites", top.map, "is required: the list of sites to check (it may be empty: websites: [])");
      return sites;
    }
    if (node instanceof Scalar sc && sc.value() == null) {
      return sites;
    }
    if (!(node instanceof Sequence seq)) {
      top.error("websites", node, "expected a list of sites (- domain: https://...), got " + node.kind());
      return sites;
    }
    Map<String, Where> domains = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      Site site = site(top.child(seq.items().get(i), "websites[" + i + "]", SITE), g);
      if (site != null) {
        Where first = domains.putIfAbsent(site.domain(), seq.items().get(i).where());
        if (first != null) {
          errors.add(new ConfigError(seq.items().get(i).where(), "websites[" + i + "].domain", "domain " + site.domain()
              + " is already configured at " + first + " (merge the paths into one entry)"));
        } else {
          sites.add(site);
        }
      }
    }
    return sites;
  }

  private @Nullable Site site(@Nullable Section s, DaemonConfig.General g) {
    if (s == null) {
      return null;
    }
    int before = errors.size();
    String domain = s.string("domain", true);
    if (domain != null) {
      try {
        domain = Site.normalizeDomain(domain);
      } catch (InvalidSiteException e) {
        s.error("domain", s.node("domain"), e.getMessage() + " (expected e.g. https://example.org)");
        domain = null;
      }
    }
    Duration frequency = s.node("frequency") == null ? g.frequency()
        : positive(s, "frequency", s.duration("frequency", ChronoUnit.MINUTES, g.frequency()));
    Duration recheck = s.node("recheck_delay") == null ? g.recheckDelay()
        : positiveOrNull(s, "recheck_delay", s.duration("recheck_delay", ChronoUnit.MINUTES, null));
    int retry = s.integer("retry_before_notification", g.retryBeforeNotification(), 0);
    boolean ipv4 = s.bool("ipv4", g.ipv4());
    boolean ipv6 = s.bool("ipv6", g.ipv6());
    if (!ipv4 && !ipv6) {
      s.error(s.node("ipv4") != null ? "ipv4" : "ipv6", s.node("ipv4") != null ? s.node("ipv4") : s.map,
          "ipv4 and ipv6 are both false: nothing would be checked");
    }
    Duration timeout = timeout(s, s.duration("timeout", ChronoUnit.SECONDS, Site.DEFAULT_TIMEOUT));
    if (timeout == null) {
      timeout = Site.DEFAULT_TIMEOUT;
    }
    List<String> tags = s.stringList("tags", false);
    AlertRouting routing = routing(s.section("alerts", ALERTS, false));
    if (routing != null) {
      checkRouting(s.node("alerts"), s.join("alerts"), routing);
    }
    List<PathSpec> paths = new ArrayList<>();
    ConfigNode pathsNode = s.node("paths");
    if (pathsNode == null) {
      s.error("paths", s.map, "is required: at least one path with its checks");
    } else if (!(pathsNode instanceof Sequence seq) || seq.items().isEmpty()) {
      s.error("paths", pathsNode, "expected a non-empty list of paths (- path: /), got " + pathsNode.kind());
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < seq.items().size(); i++) {
        PathSpec p = path(s.child(seq.items().get(i), s.join("paths[" + i + "]"), PATH));
        if (p != null && !seen.add(p.method() + " " + p.path() + " " + p.requestData().canonical())) {
          errors.add(new ConfigError(seq.items().get(i).where(), s.join("paths[" + i + "]"), "path '" + p.path() + "' ("
              + p.method() + ") is listed twice for this site; put all its checks in one entry"));
        } else if (p != null) {
          paths.add(p);
        }
      }
    }
    if (errors.size() > before || domain == null) {
      return null;
    }
    try {
      Site.Builder b = Site.builder(domain).frequency(frequency).recheckDelay(recheck).retryBeforeNotification(retry)
          .ipVersions(ipv4, ipv6).timeout(timeout).tags(tags.toArray(String[]::new)).routing(routing);
      paths.forEach(b::path);
      return b.build();
    } catch (InvalidSiteException e) {
      errors.add(new ConfigError(s.map.where(), s.path, e.getMessage()));
      return null;
    }
  }

  private @Nullable PathSpec path(@Nullable Section s) {
    if (s == null) {
      return null;
    }
    int before = errors.size();
    String path = s.string("path", true);
    if (path != null && (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || Character.isISOControl(c)))) {
      s.error("path", s.node("path"), "expected a path starting with '/' and without spaces, got '" + path + "'");
    }
    String method = s.string("method", false);
    if (method != null && !PathSpec.METHODS.contains(method.trim().toUpperCase(Locale.ROOT))) {
      s.error("method", s.node("method"), "expected one of " + String.join(", ", new java.util.TreeSet<>(PathSpec.METHODS))
          + ", got '" + method + "'");
    }
    RequestData requestData = requestData(s.section("request_data", REQUEST_DATA, false));
    Duration timeout = timeout(s, s.duration("timeout", ChronoUnit.SECONDS, null));
    int redirects = 0;
    ConfigNode follow = s.node("follow_redirects");
    if (follow != null) {
      if (follow instanceof Scalar sc && sc.value() instanceof Boolean b) {
        redirects = b ? 10 : 0;
      } else if (follow instanceof Scalar sc && sc.value() instanceof Integer n && n >= 0 && n <= 50) {
        redirects = n;
      } else {
        s.error("follow_redirects", follow, "expected true, false or a number of redirects from 0 to 50, got " + follow.kind());
      }
    }
    List<CheckSpec> specs = new ArrayList<>();
    ConfigNode checksNode = s.node("checks");
    if (checksNode == null) {
      s.error("checks", s.map, "is required: at least one check, e.g. - status-is: 200");
    } else if (!(checksNode instanceof Sequence seq) || seq.items().isEmpty()) {
      s.error("checks", checksNode, "expected a non-empty list of one-key maps (- status-is: 200), got " + checksNode.kind());
    } else {
      for (int i = 0; i < seq.items().size(); i++) {
        CheckSpec c = check(seq.items().get(i), s.join("checks[" + i + "]"));
        if (c != null) {
          specs.add(c);
        }
      }
    }
    if (errors.size() > before || path == null) {
      return null;
    }
    try {
      PathSpec.Builder b = PathSpec.builder(path).method(method == null ? "GET" : method).requestData(requestData);
      specs.forEach(b::check);
      if (timeout != null) {
        b.timeout(timeout);
      }
      if (redirects > 0) {
        b.followRedirects(redirects);
      }
      return b.build();
    } catch (InvalidSiteException e) {
      errors.add(new ConfigError(s.map.where(), s.path, e.getMessage()));
      return null;
    }
  }

  private RequestData requestData(@Nullable Section s) {
    if (s == null) {
      return RequestData.NONE;
    }
    ConfigNode data = s.node("data");
    boolean json = s.bool("is_json", false);
    Map<String, String> headers = new LinkedHashMap<>();
    Section h = s.section("headers", null, false);
    if (h != null) {
      for (Entry e : h.map.entries()) {
        if (e.value() instanceof Scalar sc && sc.value() != null && !(sc.value() instanceof String && sc.text().isEmpty())) {
          try {
            new RequestData(null, false, Map.of(e.name(), sc.text())); // the rules of one header, named here
            headers.put(e.name(), sc.text());
          } catch (InvalidSiteException bad) {
            h.error(e.name(), e.value(), bad.getMessage().replaceFirst("^request_data\\.headers\\.[^:]*: ", ""));
          }
        } else {
          h.error(e.name(), e.value(), "expected a header value (a string), got " + e.value().kind());
        }
      }
    }
    Object body = data == null ? null : ConfigNode.toJsonLike(data);
    if (body != null && !json && !(body instanceof Map) && !(body instanceof String)) {
      s.error("data", data, "a form body must be a map or a string (set is_json: true to send other JSON), got " + data.kind());
      return RequestData.NONE;
    }
    try {
      return new RequestData(body, json, headers);
    } catch (InvalidSiteException e) {
      s.error("", s.map, e.getMessage());
      return RequestData.NONE;
    }
  }

  private @Nullable CheckSpec check(ConfigNode node, String key) {
    if (!(node instanceof Mapping m) || m.entries().size() != 1) {
      errors.add(new ConfigError(node.where(), key, "expected a one-key map such as - status-is: 200, got "
          + (node instanceof Mapping m2 ? "a map with " + m2.entries().size() + " keys" : node.kind())));
      return null;
    }
    Entry e = m.entries().get(0);
    CheckSpec spec;
    try {
      spec = new CheckSpec(e.name(), ConfigNode.toJsonLike(e.value()));
    } catch (InvalidSiteException ex) {
      errors.add(new ConfigError(e.key().where(), key, ex.getMessage()));
      return null;
    }
    try {
      checks.check(spec);
    } catch (ArgosException ex) {
      String msg = ex.getMessage();
      if (ex instanceof org.argos.api.UnknownCheckTypeException) {
        String near = Section.closest(e.name(), checks.names());
        msg = "unknown check '" + e.name() + "'" + (near != null ? " (did you mean '" + near + "'?)" : "") + "; known checks: "
            + (checks.names().isEmpty() ? "none installed (add argos-checks-builtin, or plugin jars in the plugins directory)"
                : String.join(", ", checks.names()));
        errors.add(new ConfigError(e.key().where(), key, msg));
      } else {
        errors.add(new ConfigError(e.value().where(), key + "." + e.name(), msg));
      }
      return null;
    }
    return spec;
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private @Nullable Section section(ConfigNode node, String path, @Nullable Set<String> known) {
    if (!(node instanceof Mapping m)) {
      errors.add(new ConfigError(node.where(), path, "expected a mapping (key: value lines), got " + node.kind()));
      return null;
    }
    return new Section(m, path, known);
  }

  /** A mapping being read, with its key path; reports unknown keys on creation. */
  private final class Section {
    final Mapping map;
    final String path;

    Section(Mapping map, String path, @Nullable Set<String> known) {
      this.map = map;
      this.path = path;
      if (known != null) {
        for (Entry e : map.entries()) {
          if (!known.contains(e.name())) {
            String near = closest(e.name(), known);
            errors.add(new ConfigError(e.key().where(), join(e.name()), "unknown key '" + e.name() + "'"
                + (near != null ? " (did you mean '" + near + "'?)" : "") + "; expected one of: "
                + String.join(", ", new java.util.TreeSet<>(known))));
          }
        }
      }
    }

    String join(String key) {
      return path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
    }

    void error(String key, @Nullable ConfigNode at, String message) {
      errors.add(new ConfigError((at == null ? map : at).where(), join(key), message));
    }

    @Nullable ConfigNode node(String key) {
      Entry e = map.entry(key);
      return e == null ? null : e.value();
    }

    /** A nested section; null when absent, null-valued (and not required) or of the wrong shape. */
    @Nullable Section section(String key, @Nullable Set<String> known, boolean required) {
      ConfigNode n = node(key);
      if (n == null || n instanceof Scalar sc && sc.value() == null) {
        if (required) {
          error(key, n == null ? map : n, n == null ? "is required" : "must not be empty");
        }
        return null;
      }
      return child(n, join(key), known);
    }

    @Nullable Section child(ConfigNode n, String childPath, @Nullable Set<String> known) {
      String full = childPath.startsWith(path) || path.isEmpty() ? childPath : join(childPath);
      if (!(n instanceof Mapping m)) {
        errors.add(new ConfigError(n.where(), full, "expected a mapping (key: value lines), got " + n.kind()));
        return null;
      }
      return new Section(m, full, known);
    }

    @Nullable String string(String key, boolean required) {
      ConfigNode n = node(key);
      if (n == null || n instanceof Scalar sc && sc.value() == null) {
        if (required) {
          error(key, n == null ? map : n, n == null ? "is required" : "must not be empty");
        }
        return null;
      }
      if (!(n instanceof Scalar sc)) {
        error(key, n, "expected a string, got " + n.kind());
        return null;
      }
      return sc.text();
    }

    @Nullable String oneOf(String key, Set<String> allowed, @Nullable String dflt) {
      String v = string(key, false);
      if (v == null) {
        return dflt;
      }
      if (!allowed.contains(v)) {
        error(key, node(key), "expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", got '" + v + "'");
        return dflt;
      }
      return v;
    }

    boolean bool(String key, boolean dflt) {
      ConfigNode n = node(key);
      if (n == null) {
        return dflt;
      }
      if (n instanceof Scalar sc && sc.value() instanceof Boolean b) {
        return b;
      }
      error(key, n, "expected true or false, got " + n.kind());
      return dflt;
    }

    int integer(String key, int dflt, int min) {
      ConfigNode n = node(key);
      if (n == null) {
        return dflt;
      }
      if (n instanceof Scalar sc && sc.value() instanceof Integer i) {
        if (i < min) {
          error(key, n, "must be at least " + min + ", got " + i);
          return dflt;
        }
        return i;
      }
      error(key, n, "expected a whole number" + (min >= 0 ? " >= " + min : "") + ", got " + n.kind());
      return dflt;
    }

    @Nullable Duration duration(String key, ChronoUnit bareUnit, @Nullable Duration dflt) {
      ConfigNode n = node(key);
      if (n == null || n instanceof Scalar sc0 && sc0.value() == null) {
        return dflt;
      }
      if (!(n instanceof Scalar sc) || sc.value() instanceof Boolean) {
        error(key, n, "expected a duration such as 30s, 5m, 1h, 7d, 1M, or a number of "
            + bareUnit.name().toLowerCase(Locale.ROOT) + ", got " + n.kind());
        return dflt;
      }
      try {
        return Durations.parse(sc.value(), bareUnit);
      } catch (InvalidValueException e) {
        error(key, n, e.getMessage());
        return dflt;
      }
    }

    List<String> stringList(String key, boolean required) {
      ConfigNode n = node(key);
      if (n == null || n instanceof Scalar sc0 && sc0.value() == null) {
        if (required) {
          error(key, n == null ? map : n, n == null ? "is required (a list)" : "must not be empty");
        }
        return List.of();
      }
      if (!(n instanceof Sequence seq)) {
        error(key, n, "expected a list (- item lines or [a, b]), got " + n.kind());
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < seq.items().size(); i++) {
        ConfigNode item = seq.items().get(i);
        if (item instanceof Scalar sc && sc.value() != null) {
          out.add(sc.text());
        } else {
          errors.add(new ConfigError(item.where(), join(key) + "[" + i + "]", "expected a string, got " + item.kind()));
        }
      }
      if (required && out.isEmpty() && seq.items().isEmpty()) {
        error(key, n, "must not be empty");
      }
      return out;
    }

    static @Nullable String closest(String word, java.util.Collection<String> candidates) {
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String c : candidates) {
        int d = distance(word, c);
        if (d < bestDistance) {
          best = c;
          bestDistance = d;
        }
      }
      return bestDistance <= Math.max(2, word.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
      int[] prev = new int[b.length() + 1];
      int[] cur = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        prev[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        cur[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        }
        int[] t = prev;
        prev = cur;
        cur = t;
      }
      return prev[b.length()];
    }
  }

  /** @return the config file Argos would use: --config, ARGOS_YAML_FILE, ./argos-config.yaml, /etc/argos/config.yaml */
  public static @Nullable Path locate(@Nullable Path option, Map<String, String> env, Path workingDir) {
    if (option != null) {
      return option;
    }
    String fromEnv = env.get("ARGOS_YAML_FILE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    for (Path p : List.of(workingDir.resolve("argos-config.yaml"), Path.of("/etc/argos/config.yaml"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  static Set<String> knownTopKeys() {
    return new LinkedHashSet<>(TOP);
  }
}
