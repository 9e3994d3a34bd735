package org.argos.web.api;

import static org.argos.web.api.ApiEdge.json;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.PathSpec;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.argos.api.settings.Durations;
import org.argos.api.store.RegistrationResult;
import org.argos.config.ConfigError;
import org.argos.config.ConfigException;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.argos.engine.Argos;
import org.argos.web.auth.ApiAccess;
import org.argos.web.auth.ApiAccess.Need;
import org.jspecify.annotations.Nullable;

/**
 * Our sites API: {@code GET /api/sites} (paged, filtered), {@code GET /api/sites/{domain}} (the site in the shape of a
 * websites entry, with its tasks), and, with a {@link SiteRegistry}, {@code PUT} and {@code DELETE} of a site.
 */
final class SiteRoutes {
  private final ApiEdge edge;
  private final Argos argos;
  private final @Nullable SiteRegistry registry;

  SiteRoutes(ApiEdge edge, Argos argos, @Nullable SiteRegistry registry) {
    this.edge = edge;
    this.argos = argos;
    this.registry = registry;
  }

  void mount(JavalinConfig config) {
    config.routes.get("/api/sites", edge.guard(Need.READ, "GET /api/sites", this::listSites));
    config.routes.get("/api/sites/{domain}", edge.guard(Need.READ, "GET /api/sites/{domain}", this::getSite));
    if (registry != null) {
      config.routes.put("/api/sites/{domain}", edge.guard(Need.WRITE, "PUT /api/sites/{domain}", this::putSite));
      config.routes.delete("/api/sites/{domain}", edge.guard(Need.WRITE, "DELETE /api/sites/{domain}",
          this::deleteSite));
    }
  }

  private SiteRegistry requireRegistry() {
    SiteRegistry r = registry;
    if (r == null) {
      throw new IllegalStateException("mounted without a site registry");
    }
    return r;
  }

  private void listSites(Context ctx) {
    Severity severity = null;
    String sev = ctx.queryParam("severity");
    if (sev != null && !sev.isBlank()) {
      try {
        severity = Severity.fromLabel(sev);
      } catch (org.argos.api.InvalidValueException e) {
        throw new ApiError(400, "severity", e.getMessage(), null);
      }
    }
    int offset = ApiEdge.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = ApiEdge.intParam(ctx, "limit", 50, 1, 1000);
    // a tenant's caller lists its tenant's sites alone; the operator every tenant's
    StatusPage page = argos.status(new DomainQuery(severity, ApiEdge.shortParam(ctx, "tag"), ApiEdge.shortParam(ctx, "q"),
        offset, limit, ApiEdge.caller(ctx).tenant()));
    List<Map<String, @Nullable Object>> sites = new ArrayList<>();
    for (DomainStatus d : page.domains()) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("domain", d.domain());
      m.put("severity", d.worst() == null ? null : d.worst().label());
      m.put("last_run_at", d.lastRunAt() == null ? null : d.lastRunAt().toString());
      m.put("tasks", d.tasks());
      argos.store().site(d.domain()).ifPresent(s -> m.put("tags", s.tags()));
      sites.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", page.totalDomains());
    if (!page.totalExact()) {
      out.put("total_exact", false); // a broad text search: at least "total" sites match
    }
    out.put("offset", offset);
    out.put("limit", limit);
    out.put("sites", sites);
    json(ctx, 200, out);
  }

  private Site findSite(Context ctx) {
    String key = domainParam(ctx);
    ApiAccess.Caller caller = ApiEdge.caller(ctx);
    // another tenant's site is answered as no site at all
    return lookup(key).filter(s -> caller.sees(s.tenant()))
        .orElseThrow(() -> new ApiError(404, "domain", "no site " + key, null));
  }

  /** Path segments name a site by host[:port] (a URL cannot sit in one segment); https is tried before http. */
  private Optional<Site> lookup(String hostPort) {
    String h = hostPort.toLowerCase(Locale.ROOT);
    if (h.contains("://")) {
      return argos.store().site(safeNormalize(h));
    }
    Optional<Site> s = argos.store().site("https://" + h);
    return s.isPresent() ? s : argos.store().site("http://" + h);
  }

  private static String safeNormalize(String d) {
    try {
      return Site.normalizeDomain(d);
    } catch (ArgosException e) {
      throw new ApiError(400, "domain", e.getMessage(), null);
    }
  }

  /**
   * A task checked from several locations (issue 19): each location's latest result, and whether the verdict is
   * partial (some location fails, fewer than the quorum).
   */
  private static void locations(Map<String, @Nullable Object> task, org.argos.api.Quorum quorum,
      List<org.argos.api.store.LocationResult> results) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (var r : results) {
      out.add(Map.of("location", r.location(), "severity", r.severity().label(), "message", r.message(), "at",
          r.at().toString()));
    }
    task.put("locations", out);
    task.put("quorum", quorum.quorum());
    task.put("partial", quorum.partial(results.stream().map(org.argos.api.store.LocationResult::severity).toList()));
  }

  private void getSite(Context ctx) {
    Site site = findSite(ctx);
    Map<String, @Nullable Object> out = siteJson(site, !ApiEdge.caller(ctx).can(DaemonConfig.Scope.WRITE));
    List<Map<String, @Nullable Object>> tasks = new ArrayList<>();
    Severity worst = null;
    for (TaskStatus t : argos.store().tasks(site.domain())) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("id", t.taskId());
      m.put("url", t.url());
      m.put("method", t.method());
      m.put("ip_version", t.ipVersion().label());
      m.put("check", t.check().type());
      m.put("expected", t.check().expected());
      m.put("severity", t.state() == null ? null : t.state().severity().label());
      m.put("message", t.state() == null ? null : t.state().message());
      m.put("last_run_at", t.state() == null ? null : t.state().lastRunAt().toString());
      m.put("next_run_at", t.nextRunAt().toString());
      if (!site.quorum().isDefault()) {
        locations(m, site.quorum(), argos.store().locationResults(t.taskId()));
      }
      if (t.state() != null) {
        m.putAll(AckRoutes.lifecycleJson(t.state().lifecycle()));
        worst = Severity.worst(worst, t.state().severity());
      }
      tasks.add(m);
    }
    out.put("severity", worst == null ? null : worst.label());
    if (registry != null) {
      out.put("managed_by", registry.managedByApi(site.domain()) ? "api" : "config");
    }
    out.put("tasks", tasks);
    json(ctx, 200, out);
  }

  private void putSite(Context ctx) {
    String key = domainParam(ctx);
    String body = ctx.body();
    if (body.isBlank()) {
      throw new ApiError(400, "body", "expected a JSON site, in the shape of a websites entry of the config", null);
    }
    List<ConfigError> readErrors = new ArrayList<>();
    // JSON, read with Json.LIMITS: YAML's aliases would let a few hundred bytes expand to millions of nodes.
    ConfigNode node = JsonConfigReader.read("request body", body, readErrors);
    if (node == null || !readErrors.isEmpty()) {
      throw badSite(readErrors);
    }
    SiteRegistry registry = requireRegistry();
    ApiAccess.Caller caller = ApiEdge.caller(ctx);
    if (!caller.operator()) {
      // a tenant's caller registers into its own tenant: a body naming another is refused, none means its own; the
      // config's rules then apply as to a websites entry of that tenant (its alerts only to the tenant's channels)
      if (!(node instanceof ConfigNode.Mapping m)) {
        throw new ApiError(400, "body", "expected a JSON object: a websites entry of the config", null);
      }
      ConfigNode.Entry named = m.entry("tenant");
      if (named != null && !(named.value() instanceof ConfigNode.Scalar sc && caller.tenant().equals(sc.value()))) {
        throw new ApiError(403, "tenant", "the token of tenant '" + caller.tenant() + "' registers sites of its own "
            + "tenant only", null);
      }
      if (named == null) {
        List<ConfigNode.Entry> entries = new ArrayList<>(m.entries());
        entries.add(new ConfigNode.Entry(new ConfigNode.Scalar(m.where(), "tenant", "tenant"),
            new ConfigNode.Scalar(m.where(), caller.tenant(), caller.tenant())));
        node = new ConfigNode.Mapping(m.where(), entries);
      }
    }
    Site site;
    try {
      site = registry.parse(node);
    } catch (ConfigException e) {
      throw badSite(e.errors());
    }
    if (!caller.operator()) {
      Optional<Site> existing = argos.store().site(site.domain());
      if (existing.isPresent() && !caller.sees(existing.get().tenant())) {
        // the domain is another tenant's: refused without telling whose, nor anything of it (a domain is one site in
        // the whole server, so that it is taken cannot be hidden; what it is can)
        throw new ApiError(403, "domain", "the domain " + site.domain() + " cannot be registered", null);
      }
    }
    String host = key.toLowerCase(Locale.ROOT);
    String siteHost = site.domain().substring(site.domain().indexOf("://") + 3);
    if (!host.equals(siteHost) && !safeNormalizeOrEmpty(host).equals(site.domain())) {
      throw new ApiError(400, "domain", "the body's domain " + site.domain() + " does not match the URL's " + key, null);
    }
    RegistrationResult r;
    try {
      r = registry.register(site);
    } catch (org.argos.api.StoreException e) {
      throw e; // the database failed, not the request: a 500 with an id, its details (hosts, SQL) only in the log
    } catch (ArgosException e) {
      throw new ApiError(400, "site", e.getMessage(), null);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("domain", site.domain());
    out.put("created", r.created());
    out.put("tasks_added", r.tasksAdded());
    out.put("tasks_kept", r.tasksKept());
    out.put("tasks_removed", r.tasksRemoved());
    json(ctx, r.created() ? 201 : 200, out);
  }

  private static String safeNormalizeOrEmpty(String d) {
    try {
      return Site.normalizeDomain(d);
    } catch (ArgosException e) {
      return "";
    }
  }

  private static ApiError badSite(List<ConfigError> errors) {
    List<Map<String, Object>> details = new ArrayList<>();
    for (ConfigError e : errors) {
      details.add(Map.of("field", e.key(), "line", e.where().line(), "column", e.where().column(), "message", e.message()));
    }
    ConfigError first = errors.isEmpty() ? null : errors.get(0);
    return new ApiError(400, first == null ? "body" : first.key().isEmpty() ? "body" : first.key(),
        first == null ? "invalid site" : first.toString(), details);
  }

  private void deleteSite(Context ctx) {
    Site site = findSite(ctx);
    requireRegistry().unregister(site.domain());
    ctx.status(204);
  }

  /** What stands for a masked value. */
  static final String MASK = "***";

  /**
   * A site in the shape of a websites entry of the config, so it can be PUT back.
   *
   * @param mask true to hide what may hold credentials (request header values and the request body), for a caller
   *     without the write scope: only a client that may change the site sees them
   */
  static Map<String, @Nullable Object> siteJson(Site s, boolean mask) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("domain", s.domain());
    m.put("frequency", Durations.format(s.frequency()));
    m.put("recheck_delay", s.recheckDelay() == null ? null : Durations.format(s.recheckDelay()));
    m.put("retry_before_notification", s.retryBeforeNotification());
    if (!s.lifecycle().equals(org.argos.api.AlertLifecycle.DEFAULT)) {
      m.put("success_threshold", s.lifecycle().successThreshold());
      var f = s.lifecycle().flapping();
      m.put("flapping", f == null ? "off" : Map.of("changes", f.changes(), "within", Durations.format(f.within())));
    }
    m.put("ipv4", s.ipv4());
    m.put("ipv6", s.ipv6());
    m.put("timeout", Durations.format(s.timeout()));
    m.put("tags", s.tags());
    if (!s.quorum().isDefault()) { // as a websites entry writes them, so the body can be PUT back
      m.put("locations", s.quorum().locations());
      m.put("quorum", s.quorum().quorum());
      m.put("alert_on_partial", s.quorum().alertOnPartial());
    }
    if (s.dependsOn() != null) {
      m.put("depends_on", s.dependsOn());
    }
    if (s.addresses() != org.argos.api.Site.Addresses.ONE) {
      m.put("addresses", s.addresses().label());
    }
    List<Map<String, @Nullable Object>> paths = new ArrayList<>();
    for (PathSpec p : s.paths()) {
      Map<String, @Nullable Object> pm = new LinkedHashMap<>();
      pm.put("path", p.path());
      pm.put("method", p.method());
      if (!p.requestData().isEmpty() || p.requestData().json()) {
        Map<String, @Nullable Object> rd = new LinkedHashMap<>();
        rd.put("data", mask && p.requestData().data() != null ? MASK : p.requestData().data());
        rd.put("is_json", p.requestData().json());
        Map<String, String> headers = new LinkedHashMap<>(p.requestData().headers());
        if (mask) {
          headers.replaceAll((name, value) -> MASK);
        }
        rd.put("headers", headers);
        pm.put("request_data", rd);
      }
      List<Map<String, @Nullable Object>> checks = new ArrayList<>();
      for (CheckSpec c : p.checks()) {
        Map<String, @Nullable Object> cm = new LinkedHashMap<>();
        cm.put(c.type(), c.parameter());
        checks.add(cm);
      }
      pm.put("checks", checks);
      if (p.timeout() != null) {
        pm.put("timeout", Durations.format(p.timeout()));
      }
      if (p.followRedirects()) {
        pm.put("follow_redirects", p.maxRedirects());
      }
      paths.add(pm);
    }
    m.put("paths", paths);
    return m;
  }

  /** A site named in the path, host[:port] or a URL: at most 300 characters, as in the web UI. */
  private static String domainParam(Context ctx) {
    String key = ctx.pathParam("domain");
    if (key.length() > 300) {
      throw new ApiError(400, "domain", "a domain is at most 300 characters", null);
    }
    return key;
  }
}
