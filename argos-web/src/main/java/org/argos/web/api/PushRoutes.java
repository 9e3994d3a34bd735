package org.argos.web.api;

import static org.argos.web.api.ApiEdge.json;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.argos.api.store.PushBeat;
import org.argos.engine.Argos;
import org.argos.engine.PushTokens;
import org.argos.web.auth.ApiAccess.Need;
import org.argos.web.http.CallRateLimit;
import org.jspecify.annotations.Nullable;

/**
 * The URL a push (heartbeat) monitor's job calls (issue 21): {@code POST} or {@code GET /api/push/{token}}, with
 * {@code ?status=ok|fail} (ok when absent) and {@code &msg=...} (or a short text body), cut to
 * {@value PushBeat#MAX_MESSAGE} characters. No API or agent token: the token in the URL is the credential, and it only
 * records a call for its own site. A token that is not one of a registered push site's is 404, whatever is wrong with
 * it; calls beyond {@value #BURST} at once per site, then one per {@code REFILL}, are 429 with {@code Retry-After}.
 */
final class PushRoutes {
  /** The largest body taken (a short message). */
  static final long MAX_BODY = 4096;
  /** Calls at once per site. */
  static final int BURST = 10;
  /** The time that gives a site one more call. */
  static final Duration REFILL = Duration.ofSeconds(6);
  /** Sites whose buckets are remembered. */
  static final int MAX_SITES = 10_000;

  private final ApiEdge edge;
  private final Argos argos;
  private final CallRateLimit limit;

  PushRoutes(ApiEdge edge, Argos argos) {
    this(edge, argos, new CallRateLimit(BURST, REFILL, MAX_SITES, System::nanoTime));
  }

  PushRoutes(ApiEdge edge, Argos argos, CallRateLimit limit) {
    this.edge = edge;
    this.argos = argos;
    this.limit = limit;
  }

  void mount(JavalinConfig config) {
    config.routes.post("/api/push/{token}", edge.guard(Need.PUBLIC, "POST /api/push/{token}", this::push));
    config.routes.get("/api/push/{token}", edge.guard(Need.PUBLIC, "GET /api/push/{token}", this::push));
    config.routes.get("/api/push-url", edge.guard(Need.WRITE, "GET /api/push-url", this::pushUrl));
  }

  /**
   * {@code GET /api/push-url?site=push://backup-job}: the URL that site's job calls, for an operator (the write scope:
   * whoever holds the URL can change the site's state).
   */
  private void pushUrl(Context ctx) {
    String site = ctx.queryParam("site");
    if (site == null || site.isBlank() || site.length() > org.argos.api.store.PushHeartbeats.MAX_DOMAIN) {
      throw ApiError.bad("site", "expected ?site=push://<name>");
    }
    if (!PushTokens.isPush(site)) {
      throw ApiError.bad("site", "'" + ApiEdge.shown(site) + "' is not a push site (push://<name>)");
    }
    String domain;
    try {
      domain = org.argos.api.Site.normalizeDomain(site);
    } catch (org.argos.api.InvalidSiteException e) {
      throw ApiError.bad("site", e.getMessage());
    }
    if (argos.store().site(domain).isEmpty()) {
      throw new ApiError(404, "site", "no site " + ApiEdge.shown(domain), null);
    }
    String token = argos.pushTokens().token(domain);
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("site", domain);
    m.put("token", token);
    m.put("path", "/api/push/" + token);
    m.put("url", ctx.scheme() + "://" + (ctx.host() == null ? "127.0.0.1" : ctx.host()) + ctx.contextPath()
        + "/api/push/" + token);
    ctx.header("Cache-Control", "no-store");
    json(ctx, 200, m);
  }

  private void push(Context ctx) {
    boolean ok = switch (ctx.queryParam("status") == null ? "ok" : ctx.queryParam("status")) {
      case "ok", "up", "success" -> true;
      case "fail", "down", "error" -> false;
      default -> throw ApiError.bad("status", "status is ok or fail, got '" + ApiEdge.shown(ctx.queryParam("status"))
          + "'");
    };
    PushTokens tokens;
    try {
      tokens = argos.pushTokens();
    } catch (org.argos.api.ArgosException e) {
      throw notFound();
    }
    Optional<String> domain = tokens.verify(ctx.pathParam("token"));
    if (domain.isEmpty() || argos.store().site(domain.get()).isEmpty()) {
      throw notFound();
    }
    long wait = limit.acquire(domain.get());
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      throw new ApiError(429, "token", "too many calls for this push monitor; try again in " + wait + " s", null);
    }
    String msg = ctx.queryParam("msg");
    if (msg == null && "POST".equals(ctx.method().name())) {
      String body = ctx.body();
      msg = body.isBlank() ? null : body;
    }
    PushBeat beat = tokens.record(domain.get(), ok, msg);
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("site", domain.get());
    m.put("status", beat.ok() ? "ok" : "fail");
    m.put("recorded_at", beat.at().toString());
    m.put("message", beat.message());
    json(ctx, 200, m);
  }

  private static ApiError notFound() {
    return new ApiError(404, "token", "no push monitor has this token", null);
  }
}
