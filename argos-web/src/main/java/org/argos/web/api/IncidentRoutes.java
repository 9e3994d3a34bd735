package org.argos.web.api;

import static org.argos.web.api.ApiEdge.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.IncidentUpdate;
import org.argos.api.InvalidValueException;
import org.argos.api.store.IncidentEdit;
import org.argos.api.store.IncidentQuery;
import org.argos.api.store.Incidents;
import org.argos.engine.Argos;
import org.argos.web.auth.ApiAccess;
import org.argos.web.auth.ApiAccess.Need;
import org.jspecify.annotations.Nullable;

/**
 * Incidents (issue 20 §5): {@code GET /api/incidents} (a page, active, past or all), {@code GET /api/incidents/{id}}
 * (with its timeline), {@code POST /api/incidents} (open one by hand), {@code PATCH /api/incidents/{id}} (title,
 * status, message), {@code POST /api/incidents/{id}/updates} (a message), and the Atom feed {@code GET
 * /incidents.atom}. Reading needs the read scope, changing the write scope; the author of a change is the token's
 * name.
 */
final class IncidentRoutes {
  /** The default page size of the list. */
  static final int PAGE = 50;

  private final ApiEdge edge;
  private final Argos argos;

  IncidentRoutes(ApiEdge edge, Argos argos) {
    this.edge = edge;
    this.argos = argos;
  }

  void mount(JavalinConfig config) {
    config.routes.get("/api/incidents", edge.guard(Need.READ, "GET /api/incidents", this::list));
    config.routes.get("/api/incidents/{id}", edge.guard(Need.READ, "GET /api/incidents/{id}", this::get));
    config.routes.post("/api/incidents", edge.guard(Need.WRITE, "POST /api/incidents", this::create));
    config.routes.patch("/api/incidents/{id}", edge.guard(Need.WRITE, "PATCH /api/incidents/{id}", this::patch));
    config.routes.post("/api/incidents/{id}/updates", edge.guard(Need.WRITE, "POST /api/incidents/{id}/updates",
        this::post));
    config.routes.get("/incidents.atom", edge.guard(Need.READ, "GET /incidents.atom", this::feed));
  }

  /**
   * The tenant a caller reads and writes: null for the operator, who reads every tenant's incidents (and opens those
   * by hand in {@code default}).
   */
  private static @Nullable String tenantOf(ApiAccess.Caller caller) {
    return caller.tenant();
  }

  private static String tenantToOpen(ApiAccess.Caller caller) {
    String t = tenantOf(caller);
    return t == null ? "default" : t;
  }

  private Incidents incidents() {
    return argos.store().capability(Incidents.class)
        .orElseThrow(() -> new ApiError(404, null, "this server's store keeps no incidents", null));
  }

  private static IncidentQuery.Which which(Context ctx) {
    String v = ctx.queryParam("state");
    if (v == null || v.isBlank() || v.equals("all")) {
      return IncidentQuery.Which.ALL;
    }
    return switch (v) {
      case "active" -> IncidentQuery.Which.ACTIVE;
      case "past" -> IncidentQuery.Which.PAST;
      default -> throw ApiError.bad("state", "state must be active, past or all, got '" + ApiEdge.shown(v) + "'");
    };
  }

  private void list(Context ctx) {
    IncidentQuery.Which which = which(ctx);
    int limit = ApiEdge.intParam(ctx, "limit", PAGE, 1, IncidentQuery.MAX_LIMIT);
    IncidentQuery q = new IncidentQuery(tenantOf(ApiEdge.caller(ctx)), which, null, null, limit);
    String before = ctx.queryParam("before");
    if (before != null && !before.isBlank()) {
      q = q.before(id(before, "before"));
    }
    List<Incident> page = incidents().incidents(q);
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("incidents", page.stream().map(IncidentRoutes::incidentJson).toList());
    body.put("next_before", page.size() == limit ? page.getLast().id() : null);
    json(ctx, 200, body);
  }

  private static long id(String v, String field) {
    try {
      long id = Long.parseLong(v.strip());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw ApiError.bad(field, "an incident id is a positive whole number, got '" + ApiEdge.shown(v) + "'");
  }

  private Incident incident(Context ctx) {
    long id = id(ctx.pathParam("id"), "id");
    String tenant = tenantOf(ApiEdge.caller(ctx));
    return incidents().incident(id).filter(i -> tenant == null || tenant.equals(i.tenant()))
        .orElseThrow(() -> new ApiError(404, "id", "no incident " + id, null));
  }

  private void get(Context ctx) {
    Incident i = incident(ctx);
    json(ctx, 200, withTimeline(i));
  }

  private Map<String, @Nullable Object> withTimeline(Incident i) {
    Map<String, @Nullable Object> m = incidentJson(i);
    m.put("timeline", incidents().timeline(i.id(), Incidents.MAX_TIMELINE).stream().map(IncidentRoutes::updateJson)
        .toList());
    return m;
  }

  private void create(Context ctx) {
    JsonNode body = object(ctx, Set.of("title", "status", "message", "domains"));
    String title = text(body, "title", true);
    String message = text(body, "message", true);
    String status = text(body, "status", false);
    List<String> domains = new ArrayList<>();
    JsonNode ds = body.get("domains");
    if (ds != null && !ds.isNull()) {
      if (!ds.isArray()) {
        throw ApiError.bad("domains", "domains is a list of domains");
      }
      if (ds.size() > Incidents.MAX_DOMAINS) {
        throw ApiError.bad("domains", "at most " + Incidents.MAX_DOMAINS + " domains, got " + ds.size());
      }
      for (int n = 0; n < ds.size(); n++) {
        if (!ds.get(n).isTextual()) {
          throw ApiError.bad("domains[" + n + "]", "a domain is a string, got " + ds.get(n).getNodeType());
        }
        String d = ds.get(n).asText();
        ApiAccess.Caller caller = ApiEdge.caller(ctx);
        if (!caller.operator() && !TenantScope.sees(argos, caller, org.argos.api.Site.normalizeDomain(d))) {
          // a tenant's incident names its own sites: another tenant's is answered as absent, as everywhere
          throw new ApiError(404, "domains[" + n + "]", "no site " + ApiEdge.shown(d), null);
        }
        domains.add(d);
      }
    }
    IncidentStatus s = status == null ? IncidentStatus.INVESTIGATING : status(status);
    Incident i = valid(null, () -> incidents().open(tenantToOpen(ApiEdge.caller(ctx)), title, s, message,
        ApiEdge.caller(ctx).name(), domains, argos.now()));
    json(ctx, 201, withTimeline(i));
  }

  private void patch(Context ctx) {
    Incident i = incident(ctx);
    JsonNode body = object(ctx, Set.of("title", "status", "message"));
    String title = text(body, "title", false);
    String status = text(body, "status", false);
    String message = text(body, "message", false);
    if (title == null && status == null && message == null) {
      throw ApiError.bad("body", "expected at least one of title, status, message");
    }
    IncidentStatus s = status == null ? null : status(status);
    IncidentEdit edit = valid(null, () -> new IncidentEdit(title, s, message, ApiEdge.caller(ctx).name()));
    Incident after = incidents().edit(i.id(), edit, argos.now())
        .orElseThrow(() -> new ApiError(404, "id", "no incident " + i.id(), null));
    json(ctx, 200, withTimeline(after));
  }

  private void post(Context ctx) {
    Incident i = incident(ctx);
    JsonNode body = object(ctx, Set.of("message", "status"));
    String message = text(body, "message", true);
    String status = text(body, "status", false);
    IncidentStatus s = status == null ? null : status(status);
    IncidentEdit edit = valid(null, () -> new IncidentEdit(null, s, message, ApiEdge.caller(ctx).name()));
    incidents().edit(i.id(), edit, argos.now());
    List<IncidentUpdate> last = incidents().timeline(i.id(), 1);
    json(ctx, 201, last.isEmpty() ? Map.of() : updateJson(last.get(0)));
  }

  private void feed(Context ctx) {
    List<Incident> latest = incidents().incidents(new IncidentQuery(tenantOf(ApiEdge.caller(ctx)),
        IncidentQuery.Which.ALL, null, null, IncidentFeed.MAX_ENTRIES));
    Map<Long, List<IncidentUpdate>> timelines = new LinkedHashMap<>();
    for (Incident i : latest) {
      timelines.put(i.id(), incidents().timeline(i.id(), IncidentFeed.MAX_UPDATES));
    }
    ctx.status(200).contentType("application/atom+xml; charset=utf-8")
        .result(IncidentFeed.write(ctx.fullUrl(), latest, timelines));
  }

  // ------------------------------------------------------------------------------------------------ JSON

  private interface Check<T> {
    T get();
  }

  /** Turns a value's refusal into a 400 naming its field (the message starts with it: {@code title: ...}). */
  private static <T> T valid(@Nullable String field, Check<T> check) {
    try {
      return check.get();
    } catch (InvalidValueException e) {
      String m = String.valueOf(e.getMessage());
      int colon = m.indexOf(':');
      throw ApiError.bad(field != null ? field : colon > 0 ? m.substring(0, colon) : "body", m);
    }
  }

  private static IncidentStatus status(String v) {
    try {
      return IncidentStatus.parse(v);
    } catch (InvalidValueException e) {
      throw ApiError.bad("status", "status: " + e.getMessage());
    }
  }

  private static JsonNode object(Context ctx, Set<String> fields) {
    JsonNode body = ApiEdge.parseJson(ctx);
    if (!body.isObject()) {
      throw ApiError.bad("body", "expected a JSON object with " + String.join(", ", fields.stream().sorted().toList()));
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw ApiError.bad(f, "unknown field '" + ApiEdge.shown(f) + "'; expected "
            + String.join(", ", fields.stream().sorted().toList()));
      }
    }
    return body;
  }

  private static @Nullable String text(JsonNode body, String field, boolean required) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw ApiError.bad(field, field + " is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw ApiError.bad(field, field + " is a string, got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return n.asText();
  }

  /** An incident as the API shows it. */
  static Map<String, @Nullable Object> incidentJson(Incident i) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("tenant", i.tenant());
    m.put("title", i.title());
    m.put("status", i.status().label());
    m.put("cause", i.cause() == null ? null : Map.of("kind", i.cause().kind(), "value", i.cause().value()));
    m.put("domains", i.domains());
    m.put("domain_count", i.domainCount());
    m.put("automatic", i.automatic());
    m.put("opened_at", i.openedAt().toString());
    m.put("resolved_at", i.resolvedAt() == null ? null : i.resolvedAt().toString());
    m.put("updated_at", i.updatedAt().toString());
    return m;
  }

  static Map<String, @Nullable Object> updateJson(IncidentUpdate u) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("at", u.at().toString());
    m.put("status", u.status().label());
    m.put("message", u.message());
    m.put("author", u.author());
    return m;
  }
}
