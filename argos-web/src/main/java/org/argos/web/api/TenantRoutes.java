package org.argos.web.api;

import static org.argos.web.api.ApiEdge.json;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.DomainQuery;
import org.argos.api.SeverityCounts;
import org.argos.api.Tenant;
import org.argos.config.DaemonConfig;
import org.argos.engine.Argos;
import org.argos.web.auth.ApiAccess.Need;
import org.jspecify.annotations.Nullable;

/**
 * The operator's view of the tenants: {@code GET /api/tenants} and {@code GET /api/tenants/{slug}}. Tenants are the
 * config's (applied by a reload), so these routes read; a tenant's caller is refused them (they are not tenant-scoped).
 */
final class TenantRoutes {
  private final ApiEdge edge;
  private final Argos argos;

  TenantRoutes(ApiEdge edge, Argos argos) {
    this.edge = edge;
    this.argos = argos;
  }

  void mount(JavalinConfig config) {
    config.routes.get("/api/tenants", edge.guard(Need.READ, "GET /api/tenants", this::list));
    config.routes.get("/api/tenants/{slug}", edge.guard(Need.READ, "GET /api/tenants/{slug}", this::one));
  }

  private void list(Context ctx) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    out.add(tenantJson(Tenant.DEFAULT, null));
    for (DaemonConfig.TenantConfig t : edge.tenants().values()) {
      if (!t.slug().equals(Tenant.DEFAULT_SLUG)) {
        out.add(tenantJson(t.tenant(), t));
      }
    }
    json(ctx, 200, Map.of("tenants", out));
  }

  private void one(Context ctx) {
    String slug = ctx.pathParam("slug");
    DaemonConfig.TenantConfig t = edge.tenants().get(slug);
    if (t == null && !slug.equals(Tenant.DEFAULT_SLUG)) {
      throw new ApiError(404, "slug", "no tenant '" + ApiEdge.shown(slug) + "'", null);
    }
    json(ctx, 200, tenantJson(t == null ? Tenant.DEFAULT : t.tenant(), t));
  }

  /** A tenant: its name, members and roles (never a token), channels, status pages, and its sites' counts. */
  private Map<String, @Nullable Object> tenantJson(Tenant tenant, DaemonConfig.@Nullable TenantConfig t) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("slug", tenant.slug());
    m.put("name", tenant.name());
    List<Map<String, String>> users = new ArrayList<>();
    List<Map<String, String>> tokens = new ArrayList<>();
    if (t != null) {
      t.users().forEach(u -> users.add(Map.of("name", u.name(), "role", u.role().label())));
      t.apiTokens().forEach(k -> tokens.add(Map.of("name", k.name(), "role", k.role().label())));
    }
    m.put("users", users);
    m.put("api_tokens", tokens);
    m.put("channels", t == null ? List.of() : t.channels());
    m.put("status_pages", t == null ? List.of() : t.statusPages().stream().map(DaemonConfig.StatusPageConfig::slug)
        .toList());
    SeverityCounts c = argos.store().severityCounts(tenant.slug());
    m.put("sites", argos.status(DomainQuery.firstPage(1).withTenant(tenant.slug())).totalDomains());
    m.put("tasks", Map.of("ok", c.ok(), "warning", c.warning(), "critical", c.critical(), "unknown", c.unknown(),
        "pending", c.pending()));
    return m;
  }
}
