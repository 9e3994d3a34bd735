package org.argos.web.api;

import static org.argos.web.api.ApiEdge.json;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.argos.engine.Argos;
import org.argos.engine.EngineHealth;
import org.argos.engine.StoreWrites;
import org.argos.web.auth.ApiAccess.Need;
import org.jspecify.annotations.Nullable;

/** {@code GET /healthz}, the engine's liveness for load balancers, and {@code GET /metrics}, the Prometheus scrape. */
final class HealthRoutes {
  private final ApiEdge edge;
  private final Argos argos;
  private final @Nullable Supplier<String> scrape;

  HealthRoutes(ApiEdge edge, Argos argos, @Nullable Supplier<String> scrape) {
    this.edge = edge;
    this.argos = argos;
    this.scrape = scrape;
  }

  void mount(JavalinConfig config) {
    config.routes.get("/healthz", edge.guard(Need.PUBLIC, "GET /healthz", this::health));
    Supplier<String> s = scrape;
    if (s != null) {
      config.routes.get("/metrics", edge.guard(Need.READ, "GET /metrics", ctx ->
          ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(s.get())));
    }
  }

  /**
   * The engine's liveness, not only that HTTP answers: 200 {@code "status": "ok"} while the scheduler goes round and
   * the writer records; 503 {@code "status": "unhealthy"} with the reason when it does not, or when the engine is
   * dead. Reads no store (a stuck database must not hang it) and shows no internals: numbers, times, an error class.
   */
  private void health(Context ctx) {
    EngineHealth h = argos.health();
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
    Instant unreachable = edge.outage().unreachableSince();
    body.put("database_unreachable_since", unreachable == null ? null : unreachable.toString());
    body.put("store_writes", storeWrites(h.storeWrites()));
    // a warning, not a failure: claims and results use the database's time whatever the node's clock says
    argos.clockSkew().ifPresent(skew -> body.put("clock_skew_ms", skew.toMillis()));
    body.put("clock_skewed", argos.clockSkewed());
    ctx.header("Cache-Control", "no-store");
    json(ctx, h.live() ? 200 : 503, body);
  }

  /** Whether the store takes writes (a full disk, a database away), with what is held and lost meanwhile. */
  static Map<String, @Nullable Object> storeWrites(StoreWrites w) {
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
}
