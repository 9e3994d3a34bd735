package org.argos.config.parse;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.argos.api.AlertLifecycle;
import org.argos.api.AlertRouting;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.InvalidSiteException;
import org.argos.api.InvalidValueException;
import org.argos.api.PathSpec;
import org.argos.api.RequestData;
import org.argos.api.Site;
import org.argos.api.Tenant;
import org.argos.api.settings.Settings;
import org.argos.config.ConfigError;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Entry;
import org.argos.config.yaml.ConfigNode.Mapping;
import org.argos.config.yaml.ConfigNode.Scalar;
import org.argos.config.yaml.ConfigNode.Sequence;
import org.argos.config.yaml.ConfigNode.Where;
import org.jspecify.annotations.Nullable;

/** {@code websites}: each site, its paths, their request data and checks (validated by the check registry). */
final class WebsitesSection {
  static final Set<String> SITE = LifecycleKeys.with(Set.of("domain", "frequency", "recheck_delay",
      "retry_before_notification", "ipv4", "ipv6", "paths", "tags", "timeout", "alerts", "locations", "quorum",
      "alert_on_partial", "depends_on", "addresses", "tenant"));
  private static final Set<String> PATH = Set.of("path", "method", "request_data", "checks", "timeout", "follow_redirects");
  private static final Set<String> REQUEST_DATA = Set.of("data", "is_json", "headers");

  private final ParseRun run;
  private final ChannelSections channels;
  private DaemonConfig.Locations locations = DaemonConfig.Locations.DEFAULT;
  /** The {@code depends_on} of each site parsed, by the site's domain, resolved once every site is known. */
  private final Map<String, Parents.Wanted> parents = new LinkedHashMap<>();

  WebsitesSection(ParseRun run, ChannelSections channels) {
    this.run = run;
    this.channels = channels;
  }

  private Map<String, DaemonConfig.TenantConfig> tenants = Map.of();
  private Map<String, String> channelOwners = Map.of();

  /** @param tenants the tenants a site's {@code tenant} may name, by slug (empty: only the default tenant) */
  void tenants(Map<String, DaemonConfig.TenantConfig> tenants) {
    this.tenants = tenants;
    this.channelOwners = TenantsSection.owners(tenants);
  }

  /** @param locations the location defaults and per-tag settings sites inherit */
  void locations(DaemonConfig.Locations locations) {
    this.locations = locations;
  }

  List<Site> websites(Section top, DaemonConfig.General g) {
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
          run.errors.add(new ConfigError(seq.items().get(i).where(), "websites[" + i + "].domain", "domain " + site.domain()
              + " is already configured at " + first + " (merge the paths into one entry)"));
        } else {
          sites.add(site);
        }
      }
    }
    return Parents.resolve(sites, parents, run.errors);
  }

  /** @return the {@code depends_on} a single site asked for (by domain only: no other site is known), or null */
  Parents.@Nullable Wanted parentOf(String domain) {
    return parents.get(domain);
  }

  /** The scheme of the site being read, while its checks are read; null when unknown (its checks are not matched). */
  private @Nullable String scheme;

  @Nullable Site site(@Nullable Section s, DaemonConfig.General g) {
    if (s == null) {
      return null;
    }
    int before = run.errors.size();
    String domain = s.string("domain", true);
    if (domain != null) {
      try {
        domain = Site.normalizeDomain(domain);
      } catch (InvalidSiteException e) {
        s.error("domain", s.node("domain"), e.getMessage() + " (expected e.g. https://example.org)");
        domain = null;
      }
    }
    scheme = domain == null ? null : domain.substring(0, domain.indexOf("://"));
    if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
      java.util.Set<String> served = new java.util.TreeSet<>(run.checks.plugins().schemes());
      served.add(org.argos.engine.PushTokens.SCHEME); // the engine probes push:// itself, from its store (PushProbe)
      if (!served.contains(scheme)) {
        s.error("domain", s.node("domain"), "no probe serves the scheme '" + scheme + "' (schemes served: "
            + String.join(", ", served) + "); add the plugin that probes it to the plugins directory");
        scheme = null;
      }
    }
    Duration frequency = s.node("frequency") == null ? g.frequency()
        : Periods.positive(s, "frequency", s.duration("frequency", ChronoUnit.MINUTES, g.frequency()));
    Duration recheck = s.node("recheck_delay") == null ? g.recheckDelay()
        : Periods.positiveOrNull(s, "recheck_delay", s.duration("recheck_delay", ChronoUnit.MINUTES, null));
    int retry = s.integer("retry_before_notification", g.retryBeforeNotification(), 0);
    AlertLifecycle lifecycle = LifecycleKeys.read(s, g.lifecycle());
    boolean ipv4 = s.bool("ipv4", g.ipv4());
    boolean ipv6 = s.bool("ipv6", g.ipv6());
    if (!ipv4 && !ipv6) {
      s.error(s.node("ipv4") != null ? "ipv4" : "ipv6", s.node("ipv4") != null ? s.node("ipv4") : s.map,
          "ipv4 and ipv6 are both false: nothing would be checked");
    }
    Duration timeout = Periods.timeout(s, s.duration("timeout", ChronoUnit.SECONDS, Site.DEFAULT_TIMEOUT));
    if (timeout == null) {
      timeout = Site.DEFAULT_TIMEOUT;
    }
    List<String> tags = s.stringList("tags", false);
    org.argos.api.Quorum quorum = LocationsSection.quorum(s, LocationsSection.inherited(tags, locations));
    String addresses = s.oneOf("addresses", Set.of("one", "all"), "one");
    String dependsOn = s.string("depends_on", false);
    if (dependsOn != null && (dependsOn.isBlank() || dependsOn.length() > 2048)) {
      s.error("depends_on", s.node("depends_on"), "expected the domain or host of another site, 1 to 2048 characters");
      dependsOn = null;
    }
    AlertRouting routing = ChannelSections.routing(s.section("alerts", ChannelSections.ALERTS, false));
    if (routing != null) {
      channels.checkRouting(s.node("alerts"), s.join("alerts"), routing);
    }
    String tenant = tenant(s);
    routing = tenantRouting(s, tenant, routing);
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
          run.errors.add(new ConfigError(seq.items().get(i).where(), s.join("paths[" + i + "]"), "path '" + p.path() + "' ("
              + p.method() + ") is listed twice for this site; put all its checks in one entry"));
        } else if (p != null) {
          paths.add(p);
        }
      }
    }
    if (run.errors.size() > before || domain == null) {
      return null;
    }
    try {
      Site.Builder b = Site.builder(domain).frequency(frequency).recheckDelay(recheck).retryBeforeNotification(retry)
          .ipVersions(ipv4, ipv6).timeout(timeout).tags(tags.toArray(String[]::new)).routing(routing)
          .quorum(quorum).lifecycle(lifecycle)
          .addresses("all".equals(addresses) ? Site.Addresses.ALL : Site.Addresses.ONE)
          .tenant(tenant);
      paths.forEach(b::path);
      Site site = b.build();
      if (dependsOn != null) {
        parents.put(site.domain(), new Parents.Wanted(dependsOn.strip(), s.node("depends_on").where(),
            s.join("depends_on")));
      }
      return site;
    } catch (InvalidSiteException e) {
      run.errors.add(new ConfigError(s.map.where(), s.path, e.getMessage()));
      return null;
    }
  }

  /** @return the site's {@code tenant} (the default one when absent); an error when it names no configured tenant */
  private String tenant(Section s) {
    String tenant = s.string("tenant", false);
    if (tenant == null || tenant.equals(Tenant.DEFAULT_SLUG)) {
      return Tenant.DEFAULT_SLUG;
    }
    if (!tenants.containsKey(tenant)) {
      s.error("tenant", s.node("tenant"), "unknown tenant '" + tenant + "'; "
          + (tenants.isEmpty() ? "the config has no tenants section (add - slug: " + tenant + " under tenants)"
          : "configured tenants: " + String.join(", ", new java.util.TreeSet<>(tenants.keySet()))));
      return Tenant.DEFAULT_SLUG;
    }
    return tenant;
  }

  /**
   * A tenant's site alerts only its tenant's channels: its own {@code alerts} may name only those, and without one it
   * takes the tenant's {@code alerts} (never the operator's default routing). A default-tenant site may not name a
   * channel a tenant owns.
   */
  private @Nullable AlertRouting tenantRouting(Section s, String tenant, @Nullable AlertRouting routing) {
    DaemonConfig.TenantConfig t = tenants.get(tenant);
    if (routing != null) {
      for (String ch : routing.allChannels()) {
        String owner = channelOwners.get(ch);
        boolean ours = tenant.equals(Tenant.DEFAULT_SLUG) ? owner == null || owner.equals(tenant)
            : t != null && t.channels().contains(ch);
        if (run.channels.containsKey(ch) && !ours) {
          s.error("alerts", s.node("alerts"), "the channel '" + ch + "' is not one of tenant '" + tenant
              + "''s channels: a site's alerts go only to its tenant's own channels");
        }
      }
      return routing;
    }
    return tenant.equals(Tenant.DEFAULT_SLUG) || t == null ? null : t.alerts();
  }

  private @Nullable PathSpec path(@Nullable Section s) {
    if (s == null) {
      return null;
    }
    int before = run.errors.size();
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
    Duration timeout = Periods.timeout(s, s.duration("timeout", ChronoUnit.SECONDS, null));
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
    if (run.errors.size() > before || path == null) {
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
      run.errors.add(new ConfigError(s.map.where(), s.path, e.getMessage()));
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
      run.errors.add(new ConfigError(node.where(), key, "expected a one-key map such as - status-is: 200, got "
          + (node instanceof Mapping m2 ? "a map with " + m2.entries().size() + " keys" : node.kind())));
      return null;
    }
    Entry e = m.entries().get(0);
    CheckSpec spec;
    try {
      spec = new CheckSpec(e.name(), ConfigNode.toJsonLike(e.value()));
    } catch (InvalidSiteException ex) {
      run.errors.add(new ConfigError(e.key().where(), key, ex.getMessage()));
      return null;
    }
    try {
      run.checks.check(spec);
      java.util.Set<String> readable = run.checks.providers().get(spec.type()).schemes();
      if (scheme != null && !readable.contains(scheme) && !readable.contains("*")) {
        run.errors.add(new ConfigError(e.key().where(), key + "." + e.name(), "the check " + e.name() + " cannot read "
            + scheme + ":// responses (it reads " + String.join(", ", new java.util.TreeSet<>(readable))
            + "); the site's domain is " + scheme + "://..."));
        return null;
      }
    } catch (ArgosException ex) {
      String msg = ex.getMessage();
      if (ex instanceof org.argos.api.UnknownCheckTypeException) {
        String near = Settings.closest(e.name(), run.checks.names());
        msg = "unknown check '" + e.name() + "'" + (near != null ? " (did you mean '" + near + "'?)" : "") + "; known checks: "
            + (run.checks.names().isEmpty() ? "none installed (add argos-checks-builtin, or plugin jars in the plugins directory)"
                : String.join(", ", run.checks.names()));
        run.errors.add(new ConfigError(e.key().where(), key, msg));
      } else if (ex instanceof InvalidValueException bad) {
        String at = key + "." + e.name();
        run.invalid(bad, at, new NodePositions(e.value(), at));
      } else {
        run.errors.add(new ConfigError(e.value().where(), key + "." + e.name(), msg));
      }
      return null;
    }
    return spec;
  }
}
