package org.argos.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.PathSpec;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Site;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.argos.api.spi.CheckContext;
import org.argos.api.store.RegistrationResult;
import org.argos.web.auth.ApiAccess.Need;
import org.argos.web.http.BodyLimits;
import org.argos.web.http.RequestErrors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.config.ConfigError;
import org.argos.config.ConfigException;
import org.argos.config.ConfigParser;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.argos.web.api.JsonConfigReader;
import org.argos.agents.executor.RemoteAgentExecutor;
import org.argos.agents.protocol.AgentProtocol;
import org.argos.agents.protocol.Json;
import org.argos.api.settings.Durations;
import org.argos.web.auth.ApiAccess;

/**
 * The daemon's HTTP API on Javalin: Argos' agent and status endpoints, our sites API, reload, metrics and health.
 * Every error is JSON {@code {"error": ..., "field": ...}}. Each route says at registration what it needs
 * ({@link ApiAccess.Need}): agent tokens serve the agent protocol only, API tokens the rest within their scope.
 */
final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final String JSON = "application/json";

  /** The most silences the API keeps at once. */
  static final int MAX_SILENCES = 10_000;

  private final Server server;
  private @Nullable Javalin app;

  HttpApi(Server server) {
    this.server = server;
  }

  /** A request the API refuses; becomes a JSON error with that status. */
  static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final @Nullable String field;
    final transient @Nullable Object details;

    ApiError(int status, @Nullable String field, String message, @Nullable Object details) {
      super(message);
      this.status = status;
      this.field = field;
      this.details = details;
    }
  }

  void start(String host, int port) {
    String root = server.config().general().rootPath();
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      if (!root.isEmpty()) {
        config.router.contextPath = root;
      }
      config.router.ignoreTrailingSlashes = true;
      // ctx.ip() is the TCP peer, or what a trusted proxy (argos_java.trusted_proxies) says the client is.
      config.contextResolver.ip = ctx -> server.web().clientAddress(ctx);
      // Bodies are bounded per route by BodyLimits, before Javalin's own (global) bound would read them.
      config.http.maxRequestSize = BodyLimits.RESULTS + 1;
      config.jetty.modifyServletContextHandler(h -> h.addFilter(new FilterHolder(new BodyLimits(HttpApi::bodyLimit)),
          "/*", EnumSet.of(DispatcherType.REQUEST)));
      config.routes.exception(BodyLimits.TooLarge.class, (e, ctx) -> {
        RequestErrors.refused("body-too-large", ctx, e.getMessage());
        ctx.header("Connection", "close");
        json(ctx, 413, Map.of("error", e.getMessage(), "field", "body"));
      });
      config.routes.exception(Json.Invalid.class,
          (e, ctx) -> json(ctx, 400, Map.of("error", e.getMessage(), "field", "body")));
      config.routes.exception(ApiError.class, (e, ctx) -> {
        if (ctx.path().endsWith("/api/results") || ctx.path().endsWith("/api/tasks")) {
          // an agent that sends what we cannot use should be found in the log, once, not once per request
          RequestErrors.refused("agent-request", ctx, e.status + " " + e.getMessage());
        }
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        if (e.field != null) {
          body.put("field", e.field);
        }
        if (e.details != null) {
          body.put("errors", e.details);
        }
        if (e.status == 401) {
          ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(e.status).contentType(JSON).result(Json.write(body));
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        if (server.outage().failed(e)) {
          unreachable(ctx);
          return;
        }
        // The client learns that it failed and an id to quote, never the exception (classes, SQL, hosts); the log
        // gets one line with that id.
        String id = RequestErrors.unexpected(ctx, e);
        if (RequestErrors.clientGone(e)) {
          json(ctx, 400, Map.of("error", "the request ended before its body did", "request_id", id));
        } else {
          json(ctx, 500, Map.of("error", "internal error (request " + id + "; the server log has the details)",
              "request_id", id));
        }
      });
      config.routes.exception(ApiAccess.Refused.class, (e, ctx) -> {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("field", "Authorization");
        if (e.missing != null) {
          body.put("scope", e.missing.label()); // the scope the call needs and the token lacks
        }
        if (e.status == 401) {
          ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(e.status).contentType(JSON).result(Json.write(body));
      });
      config.router.javaLangErrorHandler(RequestErrors::fatal);
      // What each route needs is decided here, before its handler runs; docs/api.md has the same table.
      config.routes.get("/healthz", guard(Need.PUBLIC, "GET /healthz", this::health));
      config.routes.get("/metrics", guard(Need.READ, "GET /metrics", ctx ->
          ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(server.metrics().scrape())));
      config.routes.get("/api/tasks", guard(Need.AGENT, "GET /api/tasks", this::tasks));
      config.routes.post("/api/results", guard(Need.AGENT, "POST /api/results", this::results));
      config.routes.get("/api/severities", guard(Need.PUBLIC, "GET /api/severities", this::severities));
      config.routes.get("/api/stats", guard(Need.READ, "GET /api/stats", this::stats));
      config.routes.post("/api/reschedule/all", guard(Need.WRITE, "POST /api/reschedule/all", this::rescheduleAll));
      config.routes.post("/api/reload-config", guard(Need.ADMIN, "POST /api/reload-config", this::reload));
      config.routes.get("/api/config-version", guard(Need.READ, "GET /api/config-version", this::configVersion));
      config.routes.get("/api/agents", guard(Need.READ, "GET /api/agents", this::agents));
      config.routes.get("/api/sites", guard(Need.READ, "GET /api/sites", this::listSites));
      config.routes.get("/api/sites/{domain}", guard(Need.READ, "GET /api/sites/{domain}", this::getSite));
      config.routes.put("/api/sites/{domain}", guard(Need.WRITE, "PUT /api/sites/{domain}", this::putSite));
      config.routes.delete("/api/sites/{domain}", guard(Need.WRITE, "DELETE /api/sites/{domain}", this::deleteSite));
      config.routes.get("/api/silences", guard(Need.READ, "GET /api/silences", this::listSilences));
      config.routes.put("/api/silences/{id}", guard(Need.WRITE, "PUT /api/silences/{id}", this::putSilence));
      config.routes.delete("/api/silences/{id}", guard(Need.WRITE, "DELETE /api/silences/{id}", this::deleteSilence));
      server.web().routes(config.routes);
    });
    app.start(host, port);
  }

  int port() {
    return app == null ? -1 : app.port();
  }

  /** The largest body a route takes, in bytes: forms are small, sites and silences moderate, agents' results large. */
  static long bodyLimit(String method, String path) {
    if ("POST".equals(method) && (path.equals("/api/results") || path.equals("/api/results/"))) {
      return BodyLimits.RESULTS;
    }
    if (path.startsWith("/api/")) {
      return BodyLimits.DEFAULT;
    }
    return BodyLimits.FORM;
  }

  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(Json.write(body));
  }

  // ------------------------------------------------------------------------------------------------ auth

  private static final String CALLER = "argos.caller";

  /**
   * The route's handler, run only for a caller the route admits. The tokens are those of the running config, so a
   * reload that adds or removes one applies to the next request.
   */
  private Handler guard(Need need, String what, Handler handler) {
    return ctx -> {
      ctx.attribute(CALLER, ApiAccess.authorize(ctx.header("Authorization"), need, what, server.config()));
      if (!WITHOUT_DATABASE.contains(what) && server.outage().unreachableSince() != null) {
        unreachable(ctx); // at once, rather than each call waiting for the pool
        return;
      }
      handler.handle(ctx);
    };
  }

  /** The routes that answer without the database. */
  private static final Set<String> WITHOUT_DATABASE = Set.of("GET /healthz", "GET /metrics", "GET /api/agents");

  /**
   * The answer while the database is out of reach: 503 with {@code Retry-After}, since when, and for the summary
   * routes the last counts read, marked with when they were read. Never where the database is.
   */
  private void unreachable(Context ctx) {
    org.argos.web.http.DatabaseOutage outage = server.outage();
    Instant since = outage.unreachableSince();
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("error", "the database is unreachable" + (since == null ? "" : " since " + since) + "; try again in "
        + org.argos.web.http.DatabaseOutage.RETRY_AFTER.toSeconds() + " s");
    body.put("unreachable_since", since == null ? null : since.toString());
    var last = outage.lastSummary();
    String path = ctx.path();
    if (last != null && (path.endsWith("/api/severities") || path.endsWith("/api/stats"))) {
      Map<String, Object> known = new LinkedHashMap<>();
      known.put("read_at", last.at().toString());
      known.put("ok", last.counts().ok());
      known.put("warning", last.counts().warning());
      known.put("critical", last.counts().critical());
      known.put("unknown", last.counts().unknown());
      known.put("pending", last.counts().pending());
      body.put("last_known", known);
    }
    ctx.header("Retry-After", Long.toString(org.argos.web.http.DatabaseOutage.RETRY_AFTER.toSeconds()));
    ctx.header("Cache-Control", "no-store");
    json(ctx, 503, body);
  }

  /** @return who is calling, as the route's guard found it */
  private static ApiAccess.Caller caller(Context ctx) {
    ApiAccess.Caller c = ctx.attribute(CALLER);
    return c == null ? ApiAccess.Caller.ANONYMOUS : c;
  }

  // ------------------------------------------------------------------------------------------------ agents

  private void tasks(Context ctx) {
    int limit = intParam(ctx, "limit", 10, 1, 1000);
    String agent = agentId(ctx);
    RemoteAgentExecutor remote = server.remote();
    if (remote == null) {
      json(ctx, 200, List.of()); // probing is in-process: agents get nothing to do
      return;
    }
    var handed = remote.take(agent, credential(ctx), limit);
    json(ctx, 200, AgentProtocol.tasks(handed, id -> server.argos().store().task(id)
        .map(t -> t.state() == null ? 0 : t.state().contiguousFailures()).orElse(0)));
  }

  /**
   * Argos' {@code POST /api/results}: 201 with the ids of the new result rows, one per accepted result. A result is
   * accepted only for a task waiting for it and held by this agent (the agent id it was handed to, with the token it
   * was taken with); the others are listed under {@code ignored} with a reason. Accepted results are judged by their
   * task's check, attributed to the agent, and written by the engine's writer shortly after.
   */
  private void results(Context ctx) {
    String agent = agentId(ctx);
    JsonNode body = parseJson(ctx);
    List<AgentProtocol.Posted> posted;
    try {
      posted = AgentProtocol.parseResults(body);
    } catch (AgentProtocol.BadPayload e) {
      throw new ApiError(400, e.field, e.getMessage(), null);
    } catch (IllegalArgumentException | ArgosException e) {
      throw new ApiError(400, "body", e.getMessage(), null);
    }
    RemoteAgentExecutor remote = server.remote();
    List<RemoteAgentExecutor.Accepted> accepted = List.of();
    List<RemoteAgentExecutor.Ignored> ignored;
    if (remote != null) {
      var checks = server.argos().checks();
      RemoteAgentExecutor.Completion c;
      try {
        c = remote.complete(agent, credential(ctx), posted,
            (check, report) -> checks.judgeReport(check, report, new CheckContext(Instant.now())),
            n -> server.argos().store().reserveResultIds(n));
      } catch (org.argos.api.StoreException e) {
        if (server.outage().failed(e)) {
          throw e; // answered as the outage is: 503, Retry-After
        }
        // The store's message names the database (host, database, user): for the log only.
        String id = RequestErrors.unexpected(ctx, e);
        ctx.header("Retry-After", Long.toString(org.argos.web.http.DatabaseOutage.RETRY_AFTER.toSeconds()));
        throw new ApiError(503, null, "no result was recorded: the database failed (request " + id + "); send them "
            + "again", null);
      }
      accepted = c.accepted();
      ignored = c.ignored();
    } else {
      ignored = posted.stream().map(p -> new RemoteAgentExecutor.Ignored(p.taskId(),
          RemoteAgentExecutor.Refusal.NOT_WAITING)).toList();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result_ids", accepted.stream().map(RemoteAgentExecutor.Accepted::resultId)
        .filter(java.util.Objects::nonNull).toList());
    if (!ignored.isEmpty()) {
      List<Map<String, Object>> why = new ArrayList<>();
      for (RemoteAgentExecutor.Ignored i : ignored) {
        why.add(Map.of("task_id", i.taskId(), "reason", i.reason().code, "message", i.reason().why));
      }
      out.put("ignored", why);
    }
    json(ctx, 201, out);
  }

  /** The fingerprint of the request's token (it passed the guard): tasks are bound to the token that took them. */
  private static String credential(Context ctx) {
    return ApiAccess.fingerprint(ctx.header("Authorization"));
  }

  private static String agentId(Context ctx) {
    String a = ctx.queryParam("agent_id");
    if (a == null || a.isBlank()) {
      return ctx.ip();
    }
    if (!validAgentId(a)) {
      throw new ApiError(400, "agent_id", "agent_id must be at most 200 printable characters (no control characters)",
          null);
    }
    return a;
  }

  /** @return true for an agent id that can be shown in logs and pages as it is: 1 to 200 printable characters */
  static boolean validAgentId(String a) {
    return !a.isBlank() && a.length() <= 200 && a.chars().noneMatch(c -> Character.isISOControl(c)
        || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
  }

  /** @return true for a silence id: 1 to 200 letters, digits and {@code . _ : -} (it is a URL segment) */
  static boolean validSilenceId(String id) {
    return org.argos.config.SilenceIds.valid(id);
  }

  /** Client text quoted in an error: printable and short. */
  static String shown(String s) {
    return org.argos.config.SilenceIds.shown(s);
  }

  private void agents(Context ctx) {
    RemoteAgentExecutor remote = server.remote();
    Map<String, Instant> agents = remote == null ? Map.of() : remote.agents();
    List<Map<String, Object>> out = new ArrayList<>();
    agents.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add(Map.of("agent_id", e.getKey(), "last_seen", e.getValue().toString())));
    json(ctx, 200, out);
  }

  // ------------------------------------------------------------------------------------------------ status

  private void severities(Context ctx) {
    SeverityCounts c = server.argos().store().severityCounts();
    server.outage().remember(c, null);
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("ok", c.ok());
    out.put("warning", c.warning());
    out.put("critical", c.critical());
    out.put("unknown", c.unknown());
    out.put("pending", c.pending());
    json(ctx, 200, out);
  }

  /**
   * Argos' stats, counted correctly: tasks being probed now (selected), tasks waiting for their next run (upcoming),
   * and results recorded since this server started.
   */
  private void stats(Context ctx) {
    SeverityCounts counts = server.argos().store().severityCounts();
    server.outage().remember(counts, null);
    long total = counts.total();
    RemoteAgentExecutor remote = server.remote();
    long selected = remote != null ? remote.selectedTasks() : server.metrics().inFlightTasks();
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("upcoming_tasks_count", Math.max(0, total - selected));
    out.put("results_count", server.argos().metrics().resultsWritten());
    out.put("selected_tasks_count", selected);
    json(ctx, 200, out);
  }

  private void rescheduleAll(Context ctx) {
    int n = server.argos().rescheduleAll();
    json(ctx, 200, Map.of("msg", n + " task groups rescheduled"));
  }

  private void reload(Context ctx) {
    Server.Reload r = server.reload(flag(ctx, "force"), flag(ctx, "adopt"));
    json(ctx, r.ok() ? 200 : r.refused() != null ? 409 : 400, r);
  }

  private static boolean flag(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.equals("true") || v.isEmpty()) {
      return true;
    }
    throw new ApiError(400, name, name + " must be true or false, got '" + shown(v) + "'", null);
  }

  /** The config version the cluster runs (stored), this node's, and whether this node registers nothing. */
  private void configVersion(Context ctx) {
    org.argos.api.store.ConfigVersion mine = server.nodeVersion();
    org.argos.api.store.ConfigVersion stored = server.argos().store().configVersion().orElse(null);
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("stored", stored == null ? null : versionJson(stored));
    body.put("node", versionJson(mine));
    body.put("matches", stored != null && stored.hash().equals(mine.hash()));
    body.put("read_only", server.readOnly());
    json(ctx, 200, body);
  }

  private static Map<String, @Nullable Object> versionJson(org.argos.api.store.ConfigVersion v) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("hash", v.hash());
    m.put("label", v.label());
    m.put("set_at", v.setAt().toString());
    m.put("set_by", v.setBy());
    return m;
  }

  /**
   * The engine's liveness, not only that HTTP answers: 200 {@code "status": "ok"} while the scheduler goes round and
   * the writer records; 503 {@code "status": "unhealthy"} with the reason when it does not, or when the engine is
   * dead. Reads no store (a stuck database must not hang it) and shows no internals: numbers, times, an error class.
   */
  private void health(Context ctx) {
    org.argos.engine.EngineHealth h = server.argos().health();
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("status", h.live() ? "ok" : "unhealthy");
    if (!h.live()) {
      body.put("reason", h.problem());
    }
    body.put("alive", h.alive());
    body.put("last_scheduler_tick", h.lastSchedulerTick() == null ? null : h.lastSchedulerTick().toString());
    body.put("writer_backlog", h.writerBacklog());
    body.put("delivery_backlog", h.deliveryBacklog());
    body.put("errors", h.errors());
    String type = h.lastErrorType();
    body.put("last_error", type == null ? null : type.substring(type.lastIndexOf('.') + 1));
    body.put("last_error_at", h.lastErrorAt() == null ? null : h.lastErrorAt().toString());
    Instant unreachable = server.outage().unreachableSince();
    body.put("database_unreachable_since", unreachable == null ? null : unreachable.toString());
    body.put("store_writes", storeWrites(h.storeWrites()));
    // a warning, not a failure: claims and results use the database's time whatever the node's clock says
    server.argos().clockSkew().ifPresent(skew -> body.put("clock_skew_ms", skew.toMillis()));
    body.put("clock_skewed", server.argos().clockSkewed());
    ctx.header("Cache-Control", "no-store");
    json(ctx, h.live() ? 200 : 503, body);
  }

  /** Whether the store takes writes (a full disk, a database away), with what is held and lost meanwhile. */
  static Map<String, @Nullable Object> storeWrites(org.argos.engine.StoreWrites w) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("failing", w.failing()); // not a word "ok": the self-watching config looks for it in a live answer only
    m.put("problem", w.problem());
    m.put("failing_since", w.failingSince() == null ? null : w.failingSince().toString());
    m.put("results_held", w.resultsHeld());
    m.put("alerts_held", w.alertsHeld());
    m.put("results_lost", w.resultsLost());
    m.put("alerts_lost", w.alertsLost());
    return m;
  }

  // ------------------------------------------------------------------------------------------------ sites

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
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = intParam(ctx, "limit", 50, 1, 1000);
    StatusPage page = server.argos().status(new DomainQuery(severity, shortParam(ctx, "tag"), shortParam(ctx, "q"),
        offset, limit));
    List<Map<String, @Nullable Object>> sites = new ArrayList<>();
    for (DomainStatus d : page.domains()) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("domain", d.domain());
      m.put("severity", d.worst() == null ? null : d.worst().label());
      m.put("last_run_at", d.lastRunAt() == null ? null : d.lastRunAt().toString());
      m.put("tasks", d.tasks());
      server.argos().store().site(d.domain()).ifPresent(s -> m.put("tags", s.tags()));
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
    return lookup(key).orElseThrow(() -> new ApiError(404, "domain", "no site " + key, null));
  }

  /** Path segments name a site by host[:port] (a URL cannot sit in one segment); https is tried before http. */
  private Optional<Site> lookup(String hostPort) {
    String h = hostPort.toLowerCase(Locale.ROOT);
    if (h.contains("://")) {
      return server.argos().store().site(safeNormalize(h));
    }
    Optional<Site> s = server.argos().store().site("https://" + h);
    return s.isPresent() ? s : server.argos().store().site("http://" + h);
  }

  private static String safeNormalize(String d) {
    try {
      return Site.normalizeDomain(d);
    } catch (ArgosException e) {
      throw new ApiError(400, "domain", e.getMessage(), null);
    }
  }

  private void getSite(Context ctx) {
    Site site = findSite(ctx);
    Map<String, @Nullable Object> out = siteJson(site, !caller(ctx).can(DaemonConfig.Scope.WRITE));
    List<Map<String, @Nullable Object>> tasks = new ArrayList<>();
    Severity worst = null;
    for (TaskStatus t : server.argos().store().tasks(site.domain())) {
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
      if (t.state() != null) {
        worst = Severity.worst(worst, t.state().severity());
      }
      tasks.add(m);
    }
    out.put("severity", worst == null ? null : worst.label());
    out.put("managed_by", server.apiSites().contains(site.domain()) ? "api" : "config");
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
    Site site;
    try {
      site = ConfigParser.parseSite(node, server.config(), server.argos().checks());
    } catch (ConfigException e) {
      throw badSite(e.errors());
    }
    String host = key.toLowerCase(Locale.ROOT);
    String siteHost = site.domain().substring(site.domain().indexOf("://") + 3);
    if (!host.equals(siteHost) && !safeNormalizeOrEmpty(host).equals(site.domain())) {
      throw new ApiError(400, "domain", "the body's domain " + site.domain() + " does not match the URL's " + key, null);
    }
    RegistrationResult r;
    try {
      r = server.argos().register(site);
    } catch (org.argos.api.StoreException e) {
      throw e; // the database failed, not the request: a 500 with an id, its details (hosts, SQL) only in the log
    } catch (ArgosException e) {
      throw new ApiError(400, "site", e.getMessage(), null);
    }
    server.apiSites().add(site.domain());
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
    server.argos().unregister(site.domain());
    server.apiSites().remove(site.domain());
    ctx.status(204);
  }

  // ------------------------------------------------------------------------------------------------ silences

  private void listSilences(Context ctx) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (org.argos.api.Silence sl : server.argos().silences()) {
      out.add(silenceJson(sl));
    }
    out.sort(java.util.Comparator.comparing(m -> String.valueOf(m.get("from"))));
    json(ctx, 200, Map.of("silences", out));
  }

  private void putSilence(Context ctx) {
    String id = ctx.pathParam("id");
    if (!validSilenceId(id)) {
      throw new ApiError(400, "id", "a silence id is 1 to 200 letters, digits and . _ : -, got '" + shown(id) + "'",
          null);
    }
    com.fasterxml.jackson.databind.JsonNode body = Json.readTree(ctx.body());
    if (body == null || !body.isObject()) {
      throw new ApiError(400, "body", "expected a JSON object {domain | tag, from, until, reason}", null);
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!Set.of("domain", "tag", "from", "until", "reason").contains(f)) {
        throw new ApiError(400, f, "unknown field '" + f + "'; expected domain, tag, from, until, reason", null);
      }
    }
    org.argos.api.Silence silence;
    try {
      silence = new org.argos.api.Silence(id, text(body, "domain"), text(body, "tag"), time(body, "from"),
          time(body, "until"), text(body, "reason"));
    } catch (org.argos.api.ArgosException e) {
      throw new ApiError(400, "body", e.getMessage(), null);
    }
    List<org.argos.api.Silence> current = server.argos().silences();
    boolean existed = current.stream().anyMatch(x -> x.id().equals(id));
    if (!existed && current.size() >= MAX_SILENCES) {
      // each alert is matched against every silence: their number is bounded like any client-made collection
      throw new ApiError(409, "id", "there are already " + MAX_SILENCES + " silences; delete some first", null);
    }
    server.argos().silence(silence);
    json(ctx, existed ? 200 : 201, silenceJson(silence));
  }

  private void deleteSilence(Context ctx) {
    if (!server.argos().unsilence(ctx.pathParam("id"))) {
      throw new ApiError(404, "id", "no silence '" + ctx.pathParam("id") + "'", null);
    }
    ctx.status(204);
  }

  private static @Nullable String text(com.fasterxml.jackson.databind.JsonNode body, String field) {
    var n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new ApiError(400, field, field + " must be a string", null);
    }
    return n.asText();
  }

  private static java.time.Instant time(com.fasterxml.jackson.databind.JsonNode body, String field) {
    String v = text(body, field);
    if (v == null) {
      throw new ApiError(400, field, field + " is required (e.g. 2026-12-01T22:00:00+01:00)", null);
    }
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new ApiError(400, field, field + ": expected a date and time with its offset, e.g. 2026-12-01T22:00:00+01:00, got '"
          + v + "'", null);
    }
  }

  private static Map<String, @Nullable Object> silenceJson(org.argos.api.Silence sl) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", sl.id());
    m.put("domain", sl.domain());
    m.put("tag", sl.tag());
    m.put("from", sl.from().toString());
    m.put("until", sl.until().toString());
    m.put("reason", sl.reason());
    return m;
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
    m.put("ipv4", s.ipv4());
    m.put("ipv6", s.ipv6());
    m.put("timeout", Durations.format(s.timeout()));
    m.put("tags", s.tags());
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

  // ------------------------------------------------------------------------------------------------ helpers

  /** A search text or tag: at most 200 characters, as in the web UI (each is matched against every site). */
  private static @Nullable String shortParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v != null && v.length() > 200) {
      throw new ApiError(400, name, name + " must be at most 200 characters", null);
    }
    return v;
  }

  /** A site named in the path, host[:port] or a URL: at most 300 characters, as in the web UI. */
  private static String domainParam(Context ctx) {
    String key = ctx.pathParam("domain");
    if (key.length() > 300) {
      throw new ApiError(400, "domain", "a domain is at most 300 characters", null);
    }
    return key;
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new ApiError(400, name, name + " must be between " + min + " and " + max + ", got " + n, null);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApiError(400, name, name + " must be a whole number, got '" + v + "'", null);
    }
  }

  private static JsonNode parseJson(Context ctx) {
    JsonNode n = Json.readTree(ctx.body()); // bounded: Json.LIMITS, and BodyLimits for the body's size
    if (n == null || n.isMissingNode()) {
      throw new ApiError(400, "body", "expected a JSON body", null);
    }
    return n;
  }
}
