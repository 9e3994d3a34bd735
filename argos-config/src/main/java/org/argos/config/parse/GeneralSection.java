package org.argos.config.parse;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.argos.api.AlertLifecycle;
import org.argos.api.AlertRouting;
import org.argos.api.Redaction;
import org.argos.api.Site;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.jspecify.annotations.Nullable;

/** {@code general}: the database, the web session, LDAP, the site defaults and the channels it defines. */
final class GeneralSection {
  static final Set<String> KEYS = LifecycleKeys.with(Set.of("db", "env", "cookie_secret", "session_duration",
      "remember_me_duration", "unauthenticated_access", "ldap", "frequency", "recheck_delay",
      "retry_before_notification", "ipv4", "ipv6", "root_path", "alerts", "mail", "gotify", "apprise"));
  private static final Set<String> DB = Set.of("url", "pool_size", "max_overflow");
  private static final Set<String> LDAP = Set.of("uri", "user_tree", "bind_dn", "bind_pwd", "user_attr", "user_filter");

  private final ParseRun run;
  private final ChannelSections channels;

  GeneralSection(ParseRun run, ChannelSections channels) {
    this.run = run;
    this.channels = channels;
  }

  DaemonConfig.General read(Section s) {
    DaemonConfig.Db db = db(s.section("db", DB, false));
    String env = s.oneOf("env", Set.of("production", "dev", "test"), "production");
    String cookieSecret = s.string("cookie_secret", false);
    if (cookieSecret != null) {
      run.ownSecret("general.cookie_secret", cookieSecret, s.node("cookie_secret").where());
    }
    Duration session = s.duration("session_duration", ChronoUnit.MINUTES, Duration.ofDays(7));
    Duration rememberMe = s.duration("remember_me_duration", ChronoUnit.MINUTES, null);
    String unauth = s.oneOf("unauthenticated_access", Set.of("dashboard", "all"), null);
    DaemonConfig.Ldap ldap = ldap(s.section("ldap", LDAP, false));
    if (s.node("frequency") == null) {
      s.error("frequency", s.map, "is required: how often to check each site, e.g. frequency: \"5m\"");
    }
    Duration frequency = Periods.positive(s, "frequency", s.duration("frequency", ChronoUnit.MINUTES, Site.DEFAULT_FREQUENCY));
    Duration recheck = Periods.positiveOrNull(s, "recheck_delay", s.duration("recheck_delay", ChronoUnit.MINUTES, null));
    int retry = s.integer("retry_before_notification", 0, 0);
    AlertLifecycle lifecycle = LifecycleKeys.read(s, AlertLifecycle.DEFAULT);
    boolean ipv4 = s.bool("ipv4", true);
    boolean ipv6 = s.bool("ipv6", true);
    String rootPath = s.string("root_path", false);
    if (rootPath == null) {
      rootPath = "";
    } else if (!rootPath.isEmpty() && (!rootPath.startsWith("/") || rootPath.endsWith("/"))) {
      s.error("root_path", s.node("root_path"), "expected a path starting with '/' and not ending with '/' (like /argos), got '"
          + rootPath + "'");
    }
    DaemonConfig.Mail mail = channels.general(s);
    AlertRouting alerts = ChannelSections.routing(s.section("alerts", ChannelSections.ALERTS, false));
    return new DaemonConfig.General(db, env, cookieSecret, session, rememberMe, unauth, ldap, frequency, recheck, retry, ipv4,
        ipv6, rootPath, alerts == null ? AlertRouting.NONE : alerts, mail, lifecycle);
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
}
