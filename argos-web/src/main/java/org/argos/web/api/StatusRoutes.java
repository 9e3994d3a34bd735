package org.argos.web.api;

import static org.argos.web.api.ApiEdge.json;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.argos.api.SeverityCounts;
import org.argos.engine.Argos;
import org.argos.web.auth.ApiAccess.Need;

/**
 * Argos' status endpoints: {@code GET /api/severities}, {@code GET /api/stats}, {@code GET /api/agents}, and
 * {@code POST /api/reschedule/all}.
 */
final class StatusRoutes {
  private final ApiEdge edge;
  private final Argos argos;
  private final LongSupplier selected;
  private final Supplier<Map<String, Instant>> agents;

  /**
   * @param selected the tasks being probed now
   * @param agents the agents this node saw, with when
   */
  StatusRoutes(ApiEdge edge, Argos argos, LongSupplier selected, Supplier<Map<String, Instant>> agents) {
    this.edge = edge;
    this.argos = argos;
    this.selected = selected;
    this.agents = agents;
  }

  void mount(JavalinConfig config) {
    config.routes.get("/api/severities", edge.guard(Need.PUBLIC, "GET /api/severities", this::severities));
    config.routes.get("/api/stats", edge.guard(Need.READ, "GET /api/stats", this::stats));
    config.routes.post("/api/reschedule/all", edge.guard(Need.WRITE, "POST /api/reschedule/all", this::rescheduleAll));
    config.routes.get("/api/agents", edge.guard(Need.READ, "GET /api/agents", this::agents));
  }

  private void severities(Context ctx) {
    SeverityCounts c = argos.store().severityCounts();
    edge.outage().remember(c, null);
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
    SeverityCounts counts = argos.store().severityCounts();
    edge.outage().remember(counts, null);
    long total = counts.total();
    long now = selected.getAsLong();
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("upcoming_tasks_count", Math.max(0, total - now));
    out.put("results_count", argos.metrics().resultsWritten());
    out.put("selected_tasks_count", now);
    json(ctx, 200, out);
  }

  private void rescheduleAll(Context ctx) {
    int n = argos.rescheduleAll();
    json(ctx, 200, Map.of("msg", n + " task groups rescheduled"));
  }

  private void agents(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    agents.get().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add(Map.of("agent_id", e.getKey(), "last_seen", e.getValue().toString())));
    json(ctx, 200, out);
  }
}
