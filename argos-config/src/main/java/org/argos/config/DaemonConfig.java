package org.argos.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.AlertLifecycle;
import org.argos.api.AlertRouting;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.jspecify.annotations.Nullable;
import org.argos.config.yaml.ConfigNode;

/**
 * The whole Argos configuration, validated and immutable. Built by {@link ConfigParser} from an Argos YAML file read
 * unchanged; our additions live under {@code argos_java:} and a few per-site keys (see docs/configuration.md).
 *
 * @param source where it was read from (a path, or "built-in example")
 * @param file the file, or null when read from the packaged example
 * @param general the {@code general} section
 * @param secrets {@code service.secrets}: the tokens agents present (they serve the agent protocol only; API clients
 *     use {@code argos_java.api_tokens})
 * @param sslThresholds {@code ssl.thresholds}, soonest first
 * @param recurringTasks the {@code recurring_tasks} section
 * @param daemon our {@code argos_java} section
 * @param sites the {@code websites}, as sites
 * @param channels every notification channel the config defines, by name
 * @param tenants the {@code tenants} section, by slug (empty without one: every site is then the default tenant's)
 */
public record DaemonConfig(
    String source,
    @Nullable Path file,
    General general,
    List<String> secrets,
    List<SslThreshold> sslThresholds,
    RecurringTasks recurringTasks,
    Daemon daemon,
    List<Site> sites,
    Map<String, Channel> channels,
    Map<String, TenantConfig> tenants) {

  public DaemonConfig {
    secrets = List.copyOf(secrets);
    sslThresholds = List.copyOf(sslThresholds);
    sites = List.copyOf(sites);
    channels = Map.copyOf(channels);
    tenants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tenants));
  }

  /**
   * A config without tenants: every site is the default tenant's.
   *
   * @param source where it was read from
   * @param file the file, or null
   * @param general the {@code general} section
   * @param secrets the agents' tokens
   * @param sslThresholds {@code ssl.thresholds}
   * @param recurringTasks the {@code recurring_tasks} section
   * @param daemon our {@code argos_java} section
   * @param sites the sites
   * @param channels the notification channels, by name
   */
  public DaemonConfig(String source, @Nullable Path file, General general, List<String> secrets,
      List<SslThreshold> sslThresholds, RecurringTasks recurringTasks, Daemon daemon, List<Site> sites,
      Map<String, Channel> channels) {
    this(source, file, general, secrets, sslThresholds, recurringTasks, daemon, sites, channels, Map.of());
  }

  /**
   * One {@code tenants} entry: an organisation, what it owns and who may act for it.
   *
   * @param tenant its slug and name
   * @param users the user accounts (by login name, from the user store or LDAP) that act for this tenant, with their
   *     role; a user named by no tenant is an operator
   * @param apiTokens the API tokens of this tenant, each with a role
   * @param channels the notification channels this tenant owns (names of channels the config defines); no other
   *     tenant's site, and no default-tenant routing, may use them
   * @param alerts where the tenant's sites send alerts when a site has no {@code alerts} of its own; only the
   *     tenant's channels; {@link org.argos.api.AlertRouting#NONE} when not given (never the operator's channels)
   * @param statusPages the tenant's public status pages (parsed and validated; rendered by a later feature)
   */
  public record TenantConfig(org.argos.api.Tenant tenant, List<TenantUser> users, List<TenantToken> apiTokens,
      List<String> channels, org.argos.api.AlertRouting alerts, List<StatusPageConfig> statusPages) {
    public TenantConfig {
      users = List.copyOf(users);
      apiTokens = List.copyOf(apiTokens);
      channels = List.copyOf(channels);
      statusPages = List.copyOf(statusPages);
    }

    /** @return the tenant's slug */
    public String slug() {
      return tenant.slug();
    }
  }

  /**
   * A user acting for a tenant.
   *
   * @param name the login name
   * @param role what the user may do in the tenant
   */
  public record TenantUser(String name, org.argos.api.Tenant.Role role) {}

  /**
   * An API token of a tenant.
   *
   * @param name who holds it, for errors and logs (never the token)
   * @param token the bearer token
   * @param role what the token may do in its tenant
   */
  public record TenantToken(String name, String token, org.argos.api.Tenant.Role role) {
    @Override
    public String toString() {
      return "TenantToken[" + name + ", " + role.label() + "]"; // never print the token
    }
  }

  /**
   * A tenant's public status page ({@code status_pages} entry).
   *
   * @param slug its identity in URLs, unique in the config: {@code [a-z0-9][a-z0-9-]{0,62}}
   * @param title the page's title
   * @param tags the tenant's sites shown: those with any of these tags (empty: every site of the tenant)
   * @param showUrls whether the page shows the checked URLs
   * @param showErrors whether the page shows error messages
   */
  public record StatusPageConfig(String slug, String title, java.util.Set<String> tags, boolean showUrls,
      boolean showErrors) {
    public StatusPageConfig {
      tags = java.util.Set.copyOf(tags);
    }
  }

  @Override
  public String toString() {
    // never print a secret: service.secrets are counted, cookie_secret is hidden by General
    return "DaemonConfig[" + source + ", " + general + ", " + secrets.size() + " agent secrets, " + daemon + ", "
        + sites.size() + " sites]";
  }

  /** Argos {@code general}. */
  public record General(
      Db db,
      String env,
      @Nullable String cookieSecret,
      Duration sessionDuration,
      @Nullable Duration rememberMeDuration,
      @Nullable String unauthenticatedAccess,
      @Nullable Ldap ldap,
      Duration frequency,
      @Nullable Duration recheckDelay,
      int retryBeforeNotification,
      boolean ipv4,
      boolean ipv6,
      String rootPath,
      AlertRouting alerts,
      @Nullable Mail mail,
      AlertLifecycle lifecycle) {
    /** A null lifecycle is the default (recovery at the first ok, no flapping detection). */
    public General {
      if (lifecycle == null) {
        lifecycle = AlertLifecycle.DEFAULT;
      }
    }

    /** General settings with the default alert lifecycle. */
    public General(Db db, String env, @Nullable String cookieSecret, Duration sessionDuration,
        @Nullable Duration rememberMeDuration, @Nullable String unauthenticatedAccess, @Nullable Ldap ldap,
        Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification, boolean ipv4, boolean ipv6,
        String rootPath, AlertRouting alerts, @Nullable Mail mail) {
      this(db, env, cookieSecret, sessionDuration, rememberMeDuration, unauthenticatedAccess, ldap, frequency,
          recheckDelay, retryBeforeNotification, ipv4, ipv6, rootPath, alerts, mail, AlertLifecycle.DEFAULT);
    }

    @Override
    public String toString() {
      return "General[" + db + ", " + env + ", cookie_secret " + (cookieSecret == null ? "unset" : "set") + ", every "
          + frequency + ", " + ldap + ", " + mail + "]"; // never print the cookie secret
    }
  }

  /**
   * {@code general.db}.
   *
   * @param url as written
   * @param kind which store it designates
   * @param location for PostgreSQL a JDBC URL without credentials ({@code jdbc:postgresql://host:5432/argos}); for the
   *     embedded database its file path (without extension); empty for memory
   * @param user the PostgreSQL user from the URL, or null
   * @param password the PostgreSQL password from the URL, or null
   */
  public record Db(String url, DbKind kind, String location, @Nullable String user, @Nullable String password, int poolSize,
      int maxOverflow) {
    @Override
    public String toString() {
      return "Db[" + kind + " " + location + (user != null ? " as " + user : "") + "]"; // never print the password
    }
  }

  public enum DbKind { POSTGRESQL, EMBEDDED, MEMORY }

  /** {@code general.ldap}. */
  public record Ldap(String uri, String userTree, @Nullable String bindDn, @Nullable String bindPwd, String userAttr,
      @Nullable String userFilter) {
    @Override
    public String toString() {
      return "Ldap[" + uri + " " + userTree + "]"; // never print the bind password
    }
  }

  /** {@code general.mail}. */
  public record Mail(String mailfrom, String host, int port, boolean ssl, boolean starttls, @Nullable String login,
      @Nullable String password, List<String> addresses) {
    public Mail {
      addresses = List.copyOf(addresses);
    }

    @Override
    public String toString() {
      return "Mail[" + mailfrom + " via " + host + ":" + port + (login != null ? " as " + login : "") + " to " + addresses + "]";
    }
  }

  /**
   * A notification channel: the name alerts are routed to, the notifier type, its settings as written (without
   * {@code type} and {@code digest}), and its daily digest or null.
   */
  public record Channel(String name, String type, Map<String, Object> settings, @Nullable Digest digest) {
    @SuppressWarnings("unchecked")
    public Channel {
      settings = (Map<String, Object>) org.argos.api.JsonLike.copyOf(settings, "channel " + name);
    }

    /** A channel without a daily digest. */
    public Channel(String name, String type, Map<String, Object> settings) {
      this(name, type, settings, null);
    }
  }

  /**
   * A channel's daily digest ({@code digest: {at: "08:00", zone: Europe/Paris}}): once a day at {@code at} in
   * {@code zone}, one message of what still fails among the tasks routed to the channel.
   */
  public record Digest(java.time.LocalTime at, java.time.ZoneId zone) {}

  /** One {@code ssl.thresholds} entry: below this much time left, this severity. */
  public record SslThreshold(Duration before, Severity severity) {}

  /** Argos {@code recurring_tasks}. */
  public record RecurringTasks(Duration maxResultsAge, int maxLockSeconds, Duration timeWithoutAgent) {}

  /**
   * Our {@code argos_java} section.
   *
   * @param agentsOnly true when probing is left to remote agents ({@code probing: agents})
   * @param agentGrace extra time, past a request's timeout, an agent has to post a result before the run is abandoned
   * @param baseUrl public URL of the daemon, for links in notifications
   * @param reminders re-notify still failing tasks this often, or null
   * @param firstRunSpread new request groups first run within this window
   * @param silences maintenance windows
   * @param tlsProvider the JSSE provider of the built-in probe's TLS connections ({@code tls_provider}), or null for
   *     the JVM's default
   * @param apiTokens the tokens API clients present ({@code api_tokens}), each with its scopes
   * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} is believed ({@code trusted_proxies})
   * @param cluster how this node treats the config version a cluster shares
   * @param locations where checks run from
   * @param causeHold how long a cause told to a channel holds that cause's later alerts back for one follow-up
   *     ({@code cause_hold}; zero for never)
   * @param perAddress the most in-process probes reaching one resolved address at once ({@code per_address}), 0 for
   *     no bound
   * @param pushKey ★ the key push sites' URL tokens are derived from ({@code push_key}, a secret, usually
   *     {@code !env}), written to the store at start so tokens survive a new database or an in-memory store's
   *     restart; null to keep the key the store generated
   */
  public record Daemon(boolean agentsOnly, Duration agentGrace, @Nullable String baseUrl,
      @Nullable Duration reminders, Duration firstRunSpread, List<org.argos.api.Silence> silences,
      @Nullable TlsProvider tlsProvider, List<ApiToken> apiTokens, org.argos.config.TrustedProxies trustedProxies,
      Cluster cluster, Locations locations, Duration causeHold, int perAddress, @Nullable String pushKey) {
    /** The default {@code cause_hold}: 5 minutes. */
    public static final Duration DEFAULT_CAUSE_HOLD = Duration.ofMinutes(5);
    /** The default of {@code per_address}. */
    public static final int DEFAULT_PER_ADDRESS = org.argos.engine.LocalGroupRunner.DEFAULT_PER_ADDRESS;

    public Daemon {
      silences = List.copyOf(silences);
      apiTokens = List.copyOf(apiTokens);
      locations = locations == null ? Locations.DEFAULT : locations;
      causeHold = causeHold == null ? DEFAULT_CAUSE_HOLD : causeHold;
    }

    /** Settings with the default cause hold and bound per address, and without a push key (the store's own). */
    public Daemon(boolean agentsOnly, Duration agentGrace, @Nullable String baseUrl, @Nullable Duration reminders,
        Duration firstRunSpread, List<org.argos.api.Silence> silences, @Nullable TlsProvider tlsProvider,
        List<ApiToken> apiTokens, org.argos.config.TrustedProxies trustedProxies, Cluster cluster,
        Locations locations) {
      this(agentsOnly, agentGrace, baseUrl, reminders, firstRunSpread, silences, tlsProvider, apiTokens, trustedProxies,
          cluster, locations, DEFAULT_CAUSE_HOLD, DEFAULT_PER_ADDRESS, null);
    }

    /** Settings without locations: every site checked from the default location. */
    public Daemon(boolean agentsOnly, Duration agentGrace, @Nullable String baseUrl, @Nullable Duration reminders,
        Duration firstRunSpread, List<org.argos.api.Silence> silences, @Nullable TlsProvider tlsProvider,
        List<ApiToken> apiTokens, org.argos.config.TrustedProxies trustedProxies, Cluster cluster) {
      this(agentsOnly, agentGrace, baseUrl, reminders, firstRunSpread, silences, tlsProvider, apiTokens, trustedProxies,
          cluster, Locations.DEFAULT);
    }

    /** Never the push key (a secret): whether one is set. API tokens print their names only. */
    @Override
    public String toString() {
      return "Daemon[agentsOnly=" + agentsOnly + ", agentGrace=" + agentGrace + ", baseUrl=" + baseUrl + ", reminders="
          + reminders + ", firstRunSpread=" + firstRunSpread + ", silences=" + silences.size() + ", tlsProvider="
          + tlsProvider + ", apiTokens=" + apiTokens + ", trustedProxies=" + trustedProxies + ", cluster=" + cluster
          + ", locations=" + locations + ", pushKey=" + (pushKey == null ? "none" : "***") + "]";
    }
  }

  /**
   * Where checks run from (issue 19): {@code argos_java.location}, {@code locations}, {@code quorum},
   * {@code alert_on_partial} and {@code tag_locations}.
   *
   * @param self this engine's own location, for its in-process executor
   * @param defaults the locations and quorum of sites that set none, nor have a tag that does
   * @param byTag per tag, in tag order
   * @param canaries the domains of the canary sites ({@code argos_java.canaries}), which are among the config's sites
   */
  public record Locations(String self, org.argos.api.Quorum defaults, Map<String, org.argos.api.Quorum> byTag,
      List<String> canaries) {
    /** No location configured: one location, {@code default}, quorum 1. */
    public static final Locations DEFAULT = new Locations(org.argos.api.Quorum.DEFAULT_LOCATION,
        org.argos.api.Quorum.DEFAULT, Map.of(), List.of());

    /** Copies the map and list. */
    public Locations {
      byTag = Map.copyOf(byTag);
      canaries = List.copyOf(canaries);
    }
  }

  /**
   * How this node takes part in a cluster: the config version it states and how much a reload may delete
   * ({@code argos_java.config_version}, {@code reload_max_deletions}), and how it shares work ({@code node_id},
   * {@code claim_lease}, {@code heartbeat}, {@code heartbeat_misses}, {@code clock_skew_warning}).
   *
   * @param configVersion a label for people, stored with the config's hash, or null to use the file and its time
   * @param reloadMaxDeletions the most sites a reload may delete without being forced
   * @param nodeId the configured node id; null: persisted next to the embedded database, or generated
   */
  public record Cluster(@Nullable String configVersion, int reloadMaxDeletions, @Nullable String nodeId, Duration lease,
      Duration heartbeat, int heartbeatMisses, Duration skewWarning) {
    /** The cluster settings of a file that sets none. */
    public static final Cluster DEFAULT = new Cluster(null, 10, null, Duration.ofMinutes(2), Duration.ofSeconds(10), 3,
        Duration.ofSeconds(2));
  }

  /**
   * What an API token may do. Each scope includes the ones before it: {@code write} can read, {@code admin} can do
   * everything, so a client never needs two tokens.
   */
  public enum Scope {
    /** Read sites, silences, agents, stats and metrics; site request data is masked. */
    READ,
    /** Add, change and delete sites and silences, reschedule; see site request data unmasked. */
    WRITE,
    /** Reload the config (and any later dangerous operation). */
    ADMIN;

    /** @return the name written in the config, {@code read}, {@code write} or {@code admin} */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return true when a token holding this scope may do what {@code needed} allows */
    public boolean includes(Scope needed) {
      return compareTo(needed) >= 0;
    }
  }

  /**
   * One {@code argos_java.api_tokens} entry.
   *
   * @param name who holds it, for errors and logs (never the token)
   * @param token the bearer token
   * @param scope the widest scope listed (scopes include the narrower ones)
   */
  public record ApiToken(String name, String token, Scope scope) {
    @Override
    public String toString() {
      return "ApiToken[" + name + ", " + scope.label() + "]"; // never print the token
    }
  }

  /**
   * {@code argos_java.tls_provider}: a {@link java.security.Provider} class, loaded when the daemon starts.
   *
   * @param className the provider's class, e.g. {@code org.conscrypt.OpenSSLProvider}
   * @param where where the setting is, for the error if the class cannot be loaded
   */
  public record TlsProvider(String className, ConfigNode.Where where) {}

  /** @return the number of (path x check x IP version) tasks the sites expand to, as Argos counts them */
  public long taskCount() {
    long n = 0;
    for (Site s : sites) {
      for (var p : s.paths()) {
        n += (long) p.checks().size() * s.ipVersions().size();
      }
    }
    return n;
  }
}
