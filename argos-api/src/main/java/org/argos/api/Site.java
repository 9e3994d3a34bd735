package org.argos.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A supervised website: a base URL (Argos calls it the domain), how often to check it, and its paths.
 * Build one with {@link #builder(String)}:
 *
 * <pre>{@code
 * Site site = Site.builder("https://example.org")
 *     .frequency(Duration.ofMinutes(5))
 *     .path("/", p -> p.check("status-is", 200).check("body-contains", "Welcome"))
 *     .build();
 * }</pre>
 *
 * @param domain the base URL, {@code http(s)://host[:port]}, no path; also the site's identity. Any other scheme a probe
 *     serves is accepted too ({@code tcp://mail.example.org:25}, {@code dns://example.org}): the engine refuses, at
 *     registration, a scheme no installed probe serves
 * @param frequency how often each request runs when all is well
 * @param recheckDelay after a non-ok result, how soon to run again once before notifying; null for never
 * @param retryBeforeNotification how many contiguous non-ok results are tolerated before an alert (0: alert at once)
 * @param ipv4 whether to check over IPv4
 * @param ipv6 whether to check over IPv6
 * @param timeout bound on each whole probe of this site (paths may override)
 * @param paths the paths to check, at least one, with distinct (method, path, request data)
 * @param tags free labels for filtering and routing, lower case
 * @param routing per-site alert routing, or null for the engine's default
 * @param quorum where the site is checked from and how many locations must agree ({@link Quorum#DEFAULT} when null)
 * @param lifecycle success threshold and flapping detection ({@link AlertLifecycle#DEFAULT} when null)
 * @param dependsOn the domain of the site this one depends on ({@code depends_on}): while that parent's worst
 *     severity is critical or unknown, this site's alerts are held (recorded, not sent); null for none
 * @param addresses which addresses of the host each probe reaches ({@code addresses} in Argos YAML):
 *     {@link Addresses#ONE} (the default, {@link Addresses#ONE} when null) connects as a client does, to the first
 *     address that answers; {@link Addresses#ALL} probes each address on its own and folds the verdicts
 * @param tenant the slug of the tenant that owns the site ({@link Tenant#DEFAULT_SLUG} when null)
 */
public record Site(
    String domain,
    Duration frequency,
    @Nullable Duration recheckDelay,
    int retryBeforeNotification,
    boolean ipv4,
    boolean ipv6,
    Duration timeout,
    List<PathSpec> paths,
    Set<String> tags,
    @Nullable AlertRouting routing,
    Quorum quorum,
    AlertLifecycle lifecycle,
    @Nullable String dependsOn,
    Addresses addresses,
    String tenant) {

  /** Default frequency when none is given: 5 minutes. */
  public static final Duration DEFAULT_FREQUENCY = Duration.ofMinutes(5);
  /** Default bound on a whole probe: 30 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Validates every field; messages name the domain and the field. */
  public Site {
    domain = normalizeDomain(domain);
    String where = "site " + domain + ": ";
    if (frequency == null || frequency.isNegative() || frequency.isZero()) {
      throw new InvalidSiteException(where + "frequency must be positive, got " + frequency);
    }
    if (recheckDelay != null && (recheckDelay.isNegative() || recheckDelay.isZero())) {
      throw new InvalidSiteException(where + "recheck_delay must be positive, got " + recheckDelay);
    }
    if (retryBeforeNotification < 0) {
      throw new InvalidSiteException(where + "retry_before_notification must be >= 0, got " + retryBeforeNotification);
    }
    if (!ipv4 && !ipv6) {
      throw new InvalidSiteException(where + "ipv4 and ipv6 are both disabled: nothing would be checked");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidSiteException(where + "timeout must be positive, got " + timeout);
    }
    if (paths == null || paths.isEmpty()) {
      throw new InvalidSiteException(where + "needs at least one path");
    }
    paths = List.copyOf(paths);
    Set<String> seen = new HashSet<>();
    for (PathSpec p : paths) {
      if (!seen.add(p.method() + " " + p.path() + " " + p.requestData().canonical())) {
        throw new InvalidSiteException(where + "path '" + p.path() + "' (" + p.method() + ") is listed twice");
      }
    }
    TreeSet<String> t = new TreeSet<>();
    if (tags != null) {
      for (String tag : tags) {
        if (tag == null || tag.isBlank()) {
          throw new InvalidSiteException(where + "tags must not be empty");
        }
        if (tag.length() > 100 || tag.chars().anyMatch(Character::isISOControl)) {
          throw new InvalidSiteException(where + "a tag is at most 100 characters, without control characters");
        }
        t.add(tag.trim().toLowerCase(Locale.ROOT));
      }
    }
    // most sites have no tags: one shared empty set instead of a TreeSet each (a million sites kept in memory)
    tags = t.isEmpty() ? java.util.Collections.emptySortedSet() : java.util.Collections.unmodifiableSortedSet(t);
    quorum = quorum == null ? Quorum.DEFAULT : quorum;
    if (lifecycle == null) {
      lifecycle = AlertLifecycle.DEFAULT;
    }
    addresses = addresses == null ? Addresses.ONE : addresses;
    try {
      tenant = tenant == null ? Tenant.DEFAULT_SLUG : Tenant.validSlug(tenant, "tenant");
    } catch (InvalidValueException e) {
      throw new InvalidSiteException(where + e.getMessage(), e);
    }
    if (dependsOn != null) {
      try {
        dependsOn = normalizeDomain(dependsOn);
      } catch (InvalidSiteException e) {
        throw new InvalidSiteException(where + "depends_on: " + e.getMessage(), e);
      }
      if (dependsOn.equals(domain)) {
        throw new InvalidSiteException(where + "depends_on names the site itself");
      }
    }
  }

  /**
   * A site of the default tenant, as before tenants existed.
   *
   * @param domain the base URL
   * @param frequency how often each request runs
   * @param recheckDelay the recheck delay, or null
   * @param retryBeforeNotification contiguous non-ok results tolerated
   * @param ipv4 whether to check over IPv4
   * @param ipv6 whether to check over IPv6
   * @param timeout bound on each probe
   * @param paths the paths
   * @param tags the tags
   * @param routing per-site alert routing, or null
   * @param quorum where the site is checked from and how many locations must agree
   * @param lifecycle success threshold and flapping detection
   * @param dependsOn the domain of the site this one depends on, or null
   * @param addresses which addresses of the host each probe reaches
   */
  public Site(String domain, Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification,
      boolean ipv4, boolean ipv6, Duration timeout, List<PathSpec> paths, Set<String> tags,
      @Nullable AlertRouting routing, Quorum quorum, AlertLifecycle lifecycle, @Nullable String dependsOn,
      Addresses addresses) {
    this(domain, frequency, recheckDelay, retryBeforeNotification, ipv4, ipv6, timeout, paths, tags, routing,
        quorum, lifecycle, dependsOn, addresses, Tenant.DEFAULT_SLUG);
  }

  /**
   * A site probing one address of its host per request, as before {@code addresses} existed.
   *
   * @param domain the base URL
   * @param frequency how often each request runs
   * @param recheckDelay the recheck delay, or null
   * @param retryBeforeNotification contiguous non-ok results tolerated
   * @param ipv4 whether to check over IPv4
   * @param ipv6 whether to check over IPv6
   * @param timeout bound on each probe
   * @param paths the paths
   * @param tags the tags
   * @param routing per-site alert routing, or null
   * @param quorum where the site is checked from and how many locations must agree
   * @param lifecycle success threshold and flapping detection
   * @param dependsOn the domain of the site this one depends on, or null
   */
  public Site(String domain, Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification,
      boolean ipv4, boolean ipv6, Duration timeout, List<PathSpec> paths, Set<String> tags,
      @Nullable AlertRouting routing, Quorum quorum, AlertLifecycle lifecycle, @Nullable String dependsOn) {
    this(domain, frequency, recheckDelay, retryBeforeNotification, ipv4, ipv6, timeout, paths, tags, routing,
        quorum, lifecycle, dependsOn, Addresses.ONE, Tenant.DEFAULT_SLUG);
  }

  /**
   * A site checked from the given locations, with the default alert lifecycle.
   *
   * @param domain the base URL
   * @param frequency how often each request runs
   * @param recheckDelay the recheck delay, or null
   * @param retryBeforeNotification contiguous non-ok results tolerated
   * @param ipv4 whether to check over IPv4
   * @param ipv6 whether to check over IPv6
   * @param timeout bound on each probe
   * @param paths the paths
   * @param tags the tags
   * @param routing per-site alert routing, or null
   * @param quorum where the site is checked from and how many locations must agree
   */
  public Site(String domain, Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification,
      boolean ipv4, boolean ipv6, Duration timeout, List<PathSpec> paths, Set<String> tags,
      @Nullable AlertRouting routing, Quorum quorum) {
    this(domain, frequency, recheckDelay, retryBeforeNotification, ipv4, ipv6, timeout, paths, tags, routing,
        quorum, AlertLifecycle.DEFAULT, null, Addresses.ONE, Tenant.DEFAULT_SLUG);
  }

  /**
   * A site checked from the default location only, with the default alert lifecycle, as before both existed.
   *
   * @param domain the base URL
   * @param frequency how often each request runs
   * @param recheckDelay the recheck delay, or null
   * @param retryBeforeNotification contiguous non-ok results tolerated
   * @param ipv4 whether to check over IPv4
   * @param ipv6 whether to check over IPv6
   * @param timeout bound on each probe
   * @param paths the paths
   * @param tags the tags
   * @param routing per-site alert routing, or null
   */
  public Site(String domain, Duration frequency, @Nullable Duration recheckDelay, int retryBeforeNotification,
      boolean ipv4, boolean ipv6, Duration timeout, List<PathSpec> paths, Set<String> tags,
      @Nullable AlertRouting routing) {
    this(domain, frequency, recheckDelay, retryBeforeNotification, ipv4, ipv6, timeout, paths, tags, routing,
        Quorum.DEFAULT, AlertLifecycle.DEFAULT, null, Addresses.ONE, Tenant.DEFAULT_SLUG);
  }

  /**
   * Checks and normalizes a base URL: scheme and host lower-cased, trailing slash removed. The scheme may be any (the
   * engine checks that a probe serves it); the URL must have a host.
   *
   * @param domain a base URL such as {@code https://example.org}
   * @return the normalized form
   * @throws InvalidSiteException naming the problem
   */
  public static String normalizeDomain(@Nullable String domain) {
    if (domain == null || domain.isBlank()) {
      throw new InvalidSiteException("domain must not be empty");
    }
    String d = domain.trim();
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(d);
    } catch (URISyntaxException e) {
      throw new InvalidSiteException("domain '" + domain + "' is not a valid URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null || !d.regionMatches(true, 0, scheme + "://", 0, scheme.length() + 3)) {
      throw new InvalidSiteException("domain '" + domain + "' must start with http:// or https:// (or another scheme a "
          + "probe serves, such as tcp://)");
    }
    if (uri.getHost() == null) {
      throw new InvalidSiteException("domain '" + domain + "' has no host name");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
      throw new InvalidSiteException("domain '" + domain + "' must not contain a path; put paths under 'paths'");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new InvalidSiteException("domain '" + domain + "' must not contain a query, fragment or user info");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
  }

  /** @return the host name of the domain, without port */
  public String host() {
    return URI.create(domain).getHost();
  }

  /** @return the IP versions this site is checked over */
  public List<IpVersion> ipVersions() {
    List<IpVersion> v = new ArrayList<>(2);
    if (ipv4) v.add(IpVersion.IPV4);
    if (ipv6) v.add(IpVersion.IPV6);
    return v;
  }

  /**
   * @param domain the base URL, e.g. {@code https://example.org}
   * @return a builder with Argos defaults: 5 min frequency, no recheck, no retry, IPv4 and IPv6, 30 s timeout
   */
  public static Builder builder(String domain) {
    return new Builder(domain);
  }

  /** @return a builder holding this site's values, to derive a changed copy */
  public Builder toBuilder() {
    Builder b = new Builder(domain);
    b.frequency = frequency;
    b.recheckDelay = recheckDelay;
    b.retryBeforeNotification = retryBeforeNotification;
    b.ipv4 = ipv4;
    b.ipv6 = ipv6;
    b.timeout = timeout;
    b.paths.addAll(paths);
    b.tags.addAll(tags);
    b.routing = routing;
    b.quorum = quorum;
    b.lifecycle = lifecycle;
    b.dependsOn = dependsOn;
    b.addresses = addresses;
    b.tenant = tenant;
    return b;
  }

  /** Builds a {@link Site}. Not thread-safe. */
  public static final class Builder {
    private final String domain;
    private Duration frequency = DEFAULT_FREQUENCY;
    private @Nullable Duration recheckDelay;
    private int retryBeforeNotification;
    private boolean ipv4 = true;
    private boolean ipv6 = true;
    private Duration timeout = DEFAULT_TIMEOUT;
    private final List<PathSpec> paths = new ArrayList<>();
    private final Set<String> tags = new TreeSet<>();
    private @Nullable AlertRouting routing;
    private Quorum quorum = Quorum.DEFAULT;
    private AlertLifecycle lifecycle = AlertLifecycle.DEFAULT;
    private @Nullable String dependsOn;
    private Addresses addresses = Addresses.ONE;
    private String tenant = Tenant.DEFAULT_SLUG;

    private Builder(String domain) {
      this.domain = domain;
    }

    /** @param frequency how often to check @return this */
    public Builder frequency(Duration frequency) {
      this.frequency = frequency;
      return this;
    }

    /** @param recheckDelay delay of the single recheck after a non-ok result, or null @return this */
    public Builder recheckDelay(@Nullable Duration recheckDelay) {
      this.recheckDelay = recheckDelay;
      return this;
    }

    /** @param retries non-ok results tolerated before alerting @return this */
    public Builder retryBeforeNotification(int retries) {
      this.retryBeforeNotification = retries;
      return this;
    }

    /** @param ipv4 check over IPv4 @param ipv6 check over IPv6 @return this */
    public Builder ipVersions(boolean ipv4, boolean ipv6) {
      this.ipv4 = ipv4;
      this.ipv6 = ipv6;
      return this;
    }

    /** @param timeout bound on each probe @return this */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** @param path a path @return this */
    public Builder path(PathSpec path) {
      paths.add(path);
      return this;
    }

    /**
     * @param path the path, starting with {@code /}
     * @param spec adds checks and options to the path's builder
     * @return this
     */
    public Builder path(String path, Consumer<PathSpec.Builder> spec) {
      PathSpec.Builder b = PathSpec.builder(path);
      spec.accept(b);
      paths.add(b.build());
      return this;
    }

    /** Removes every path added so far. @return this */
    public Builder clearPaths() {
      paths.clear();
      return this;
    }

    /** @param tags labels @return this */
    public Builder tags(String... tags) {
      this.tags.addAll(List.of(tags));
      return this;
    }

    /** @param routing per-site alert routing, or null for the default @return this */
    public Builder routing(@Nullable AlertRouting routing) {
      this.routing = routing;
      return this;
    }

    /** @param quorum where to check from and how many locations must agree @return this */
    public Builder quorum(Quorum quorum) {
      this.quorum = quorum == null ? Quorum.DEFAULT : quorum;
      return this;
    }

    /** @param lifecycle success threshold and flapping detection @return this */
    public Builder lifecycle(AlertLifecycle lifecycle) {
      this.lifecycle = lifecycle;
      return this;
    }

    /**
     * @param parent the domain of the site this one depends on: its alerts are held while the parent is down; null
     *     for none
     * @return this
     */
    public Builder dependsOn(@Nullable String parent) {
      this.dependsOn = parent;
      return this;
    }

    /**
     * @param addresses {@link Addresses#ALL} to probe each address of the host on its own (a round-robin with one
     *     dead backend is then a warning); {@link Addresses#ONE} (the default) to connect as a client does
     * @return this
     */
    public Builder addresses(Addresses addresses) {
      this.addresses = addresses == null ? Addresses.ONE : addresses;
      return this;
    }

    /**
     * @param tenant the slug of the tenant that owns the site; {@link Tenant#DEFAULT_SLUG} when null
     * @return this
     */
    public Builder tenant(@Nullable String tenant) {
      this.tenant = tenant == null ? Tenant.DEFAULT_SLUG : tenant;
      return this;
    }

    /** @return the validated site */
    public Site build() {
      return new Site(domain, frequency, recheckDelay, retryBeforeNotification, ipv4, ipv6, timeout, paths, tags, routing,
          quorum, lifecycle, dependsOn, addresses, tenant);
    }
  }

  /**
   * Which addresses of a site's host each probe reaches ({@code addresses} in Argos YAML).
   *
   * <p>With {@link #ALL}, each request of the site is probed once per address its host name resolves to (A or AAAA,
   * as the request's IP version says; at most {@value #MAX} addresses), each connection to its own address with the
   * name's {@code Host} header and TLS server name, and every check judges each response. A task's verdict: ok when
   * every address is ok; a warning naming the failing addresses when some but not all fail
   * ({@code 1 of 3 addresses failing: 10.0.0.3 connect: ...}); the worst severity when all fail. So a round-robin
   * with one dead backend out of three shows, where {@link #ONE} would connect to a live one and see nothing.
   */
  public enum Addresses {
    /** Connect as a client does: the first address (in the resolver's order) that accepts the connection. */
    ONE,
    /** Probe every address of the host on its own, and fold the per-address verdicts. */
    ALL;

    /** The most addresses probed per request; a name with more has its first {@value} (in the resolver's order). */
    public static final int MAX = 16;

    /** @return the name as Argos YAML writes it: {@code one} or {@code all} */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
