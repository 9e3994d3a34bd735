package org.argos.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.DispatcherType;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.argos.agents.protocol.Json;
import org.argos.config.TrustedProxies;
import org.argos.web.auth.ApiAccess;
import org.argos.web.auth.ApiAccess.Need;
import org.argos.web.http.BodyLimits;
import org.argos.web.http.ClientAddress;
import org.argos.web.http.DatabaseOutage;
import org.argos.web.http.RequestErrors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.jspecify.annotations.Nullable;

/**
 * What every JSON route stands behind, mounted or standalone: the access check of each route (agent tokens vs scoped
 * API tokens), body limits, the client's address through trusted proxies, JSON errors that never show internals, and
 * the database-outage answer. Route groups register their handlers through {@link #guard}, so none bypasses it.
 */
public final class ApiEdge {
  /** The content type of every answer. */
  public static final String JSON = "application/json";
  private static final String CALLER = "argos.caller";
  /** The routes that answer without the database. */
  private static final Set<String> WITHOUT_DATABASE = Set.of("GET /healthz", "GET /metrics", "GET /api/agents");

  private final Supplier<ApiAccess.Tokens> tokens;
  private final DatabaseOutage outage;
  private final Supplier<TrustedProxies> proxies;

  /**
   * @param tokens the tokens of the running config, read at each request so a reload applies at once
   * @param outage whether the database answers
   * @param proxies the proxies whose {@code X-Forwarded-For} is believed, read at each request
   */
  public ApiEdge(Supplier<ApiAccess.Tokens> tokens, DatabaseOutage outage, Supplier<TrustedProxies> proxies) {
    this.tokens = tokens;
    this.outage = outage;
    this.proxies = proxies;
  }

  /** @return whether the database answers */
  public DatabaseOutage outage() {
    return outage;
  }

  /** Installs the edge on a Javalin config: once per config, before any route of this API is added. */
  public void install(JavalinConfig config) {
    // ctx.ip() is the TCP peer, or what a trusted proxy (argos_java.trusted_proxies) says the client is.
    config.contextResolver.ip = ctx -> ClientAddress.of(ctx, proxies.get());
    // Bodies are bounded per route by BodyLimits, before Javalin's own (global) bound would read them.
    config.http.maxRequestSize = Math.max(config.http.maxRequestSize, BodyLimits.RESULTS + 1);
    config.jetty.modifyServletContextHandler(h -> h.addFilter(new FilterHolder(new BodyLimits(ApiEdge::bodyLimit)),
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
      json(ctx, e.status, body);
    });
    config.routes.exception(Exception.class, (e, ctx) -> {
      if (outage.failed(e)) {
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
      json(ctx, e.status, body);
    });
    fatalErrors(config);
  }

  /**
   * Errors (out of memory, a stack overflow) answered as {@link RequestErrors#fatal}. Javalin's module does not export
   * the handler's interface, so a named module cannot write {@code javaLangErrorHandler(RequestErrors::fatal)}; a proxy
   * stands for it.
   */
  private static void fatalErrors(JavalinConfig config) {
    try {
      Class<?> type = Class.forName("io.javalin.router.exception.JavaLangErrorHandler", false,
          config.router.getClass().getClassLoader());
      Object handler = java.lang.reflect.Proxy.newProxyInstance(ApiEdge.class.getClassLoader(), new Class<?>[] {type},
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              RequestErrors.fatal((jakarta.servlet.http.HttpServletResponse) args[0], (Error) args[1]);
              return null;
            }
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> "RequestErrors.fatal";
            };
          });
      config.router.getClass().getMethod("javaLangErrorHandler", type).invoke(config.router, handler);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Javalin has no javaLangErrorHandler", e);
    }
  }

  /**
   * The largest body a route takes, in bytes: forms and push calls are small, sites and silences moderate, agents'
   * results large.
   */
  public static long bodyLimit(String method, String path) {
    if ("POST".equals(method) && (path.equals("/api/results") || path.equals("/api/results/"))) {
      return BodyLimits.RESULTS;
    }
    if (path.startsWith("/api/push/")) {
      return PushRoutes.MAX_BODY;
    }
    if (path.startsWith("/api/")) {
      return BodyLimits.DEFAULT;
    }
    return BodyLimits.FORM;
  }

  /**
   * The route's handler, run only for a caller the route admits. The tokens are those of the running config, so a
   * reload that adds or removes one applies to the next request. While the database is out of reach, routes that need
   * it answer 503 at once, rather than each call waiting for the pool.
   *
   * @param what the route, {@code "PUT /api/sites/{domain}"}, for messages
   */
  public Handler guard(Need need, String what, Handler handler) {
    return ctx -> {
      ApiAccess.Caller caller = ApiAccess.authorize(ctx.header("Authorization"), need, what, tokens.get());
      if (!caller.operator() && !TENANT_SCOPED.contains(what)) {
        // a route whose handler does not scope its answer to the caller's tenant is the operator's: a new route is
        // refused to tenants until it is written to scope (and listed here)
        throw new ApiAccess.Refused(403, what + " is the operator's: the token of tenant '" + caller.tenant()
            + "' may not call it", null);
      }
      ctx.attribute(CALLER, caller);
      if (!WITHOUT_DATABASE.contains(what) && outage.unreachableSince() != null) {
        unreachable(ctx);
        return;
      }
      handler.handle(ctx);
    };
  }

  /**
   * The routes whose handlers answer a tenant's caller with its tenant's objects alone (lists filtered, another
   * tenant's object a 404); every other route refuses a tenant's caller (403).
   */
  public static final Set<String> TENANT_SCOPED = Set.of("GET /api/sites", "GET /api/sites/{domain}",
      "PUT /api/sites/{domain}", "DELETE /api/sites/{domain}", "GET /api/silences", "PUT /api/silences/{id}",
      "DELETE /api/silences/{id}", "POST /api/tasks/{id}/ack", "DELETE /api/tasks/{id}/ack", "POST /api/tasks/ack",
      "POST /api/tasks/unack", "GET /api/incidents", "GET /api/incidents/{id}", "POST /api/incidents",
      "PATCH /api/incidents/{id}", "POST /api/incidents/{id}/updates", "GET /incidents.atom");

  /** @return the tenants of the running config, by slug (read at each call, so a reload applies) */
  public Map<String, org.argos.config.DaemonConfig.TenantConfig> tenants() {
    return tokens.get().tenants();
  }

  /** @return who is calling, as the route's guard found it */
  public static ApiAccess.Caller caller(Context ctx) {
    ApiAccess.Caller c = ctx.attribute(CALLER);
    return c == null ? ApiAccess.Caller.ANONYMOUS : c;
  }

  /**
   * The answer while the database is out of reach: 503 with {@code Retry-After}, since when, and for the summary
   * routes the last counts read, marked with when they were read. Never where the database is.
   */
  public void unreachable(Context ctx) {
    Instant since = outage.unreachableSince();
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("error", "the database is unreachable" + (since == null ? "" : " since " + since) + "; try again in "
        + DatabaseOutage.RETRY_AFTER.toSeconds() + " s");
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
    ctx.header("Retry-After", Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
    ctx.header("Cache-Control", "no-store");
    json(ctx, 503, body);
  }

  /** Answers JSON. */
  public static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(Json.write(body));
  }

  // ------------------------------------------------------------------------------------------------ parameters

  /** A search text or tag: at most 200 characters, as in the web UI (each is matched against every site). */
  static @Nullable String shortParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v != null && v.length() > 200) {
      throw ApiError.bad(name, name + " must be at most 200 characters");
    }
    return v;
  }

  /** A whole-number query parameter within bounds, or its default. */
  public static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw ApiError.bad(name, name + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.bad(name, name + " must be a whole number, got '" + v + "'");
    }
  }

  /** A boolean query parameter: absent or {@code false}, {@code true} or present without a value. */
  static boolean flag(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.equals("true") || v.isEmpty()) {
      return true;
    }
    throw ApiError.bad(name, name + " must be true or false, got '" + shown(v) + "'");
  }

  /** Client text quoted in an error: printable and short. */
  static String shown(String s) {
    return org.argos.config.SilenceIds.shown(s);
  }

  /** The request's JSON body, bounded by Json's limits and {@link BodyLimits}. */
  public static JsonNode parseJson(Context ctx) {
    JsonNode n = Json.readTree(ctx.body());
    if (n == null || n.isMissingNode()) {
      throw ApiError.bad("body", "expected a JSON body");
    }
    return n;
  }
}
