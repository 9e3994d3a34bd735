package org.argos.web.api;

import io.javalin.config.JavalinConfig;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.argos.engine.Argos;
import org.jspecify.annotations.Nullable;

/**
 * The JSON API's route groups, each given only what it reads or changes. {@link org.argos.web.ArgosWeb} builds it.
 *
 * @param edge access, limits, errors and outages for every route
 * @param argos the engine whose status, sites and silences the routes read and change
 * @param selected the tasks being probed now ({@code GET /api/stats})
 * @param agents the agents seen, with when ({@code GET /api/agents})
 * @param scrape the metrics in Prometheus' text format, or null for no {@code /metrics}
 * @param sites the registry behind PUT and DELETE of sites, or null for a read-only sites API
 * @param reloader the running config behind reload and config version, or null for neither
 */
public record JsonApi(ApiEdge edge, Argos argos, LongSupplier selected, Supplier<Map<String, Instant>> agents,
    @Nullable Supplier<String> scrape, @Nullable SiteRegistry sites, @Nullable Reloader reloader) {

  /** Adds every route to a Javalin config whose edge is installed. */
  public void mount(JavalinConfig config) {
    new HealthRoutes(edge, argos, scrape).mount(config);
    new StatusRoutes(edge, argos, selected, agents).mount(config);
    new SiteRoutes(edge, argos, sites).mount(config);
    new AdminRoutes(edge, argos, reloader).mount(config);
    new AckRoutes(edge, argos).mount(config);
    new TenantRoutes(edge, argos).mount(config);
    new PushRoutes(edge, argos).mount(config);
    new UptimeRoutes(edge, argos, java.time.Clock.systemUTC()).mount(config);
    new IncidentRoutes(edge, argos).mount(config);
  }
}
