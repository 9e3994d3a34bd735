package org.argos.web.api;

import static org.argos.web.api.ApiEdge.json;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.agents.protocol.Json;
import org.argos.engine.Argos;
import org.argos.web.auth.ApiAccess;
import org.argos.web.auth.ApiAccess.Need;
import org.jspecify.annotations.Nullable;

/**
 * The running config and the silences: {@code POST /api/reload-config} and {@code GET /api/config-version} (with a
 * {@link Reloader}), and {@code GET}, {@code PUT}, {@code DELETE /api/silences}.
 */
final class AdminRoutes {
  /** The most silences the API keeps at once. */
  static final int MAX_SILENCES = 10_000;
  private static final List<String> SILENCE_FIELDS = List.of("domain", "domains", "tag", "address", "from", "until",
      "every", "reason");

  private final ApiEdge edge;
  private final Argos argos;
  private final @Nullable Reloader reloader;

  AdminRoutes(ApiEdge edge, Argos argos, @Nullable Reloader reloader) {
    this.edge = edge;
    this.argos = argos;
    this.reloader = reloader;
  }

  void mount(JavalinConfig config) {
    if (reloader != null) {
      config.routes.post("/api/reload-config", edge.guard(Need.ADMIN, "POST /api/reload-config", this::reload));
      config.routes.get("/api/config-version", edge.guard(Need.READ, "GET /api/config-version", this::configVersion));
    }
    config.routes.get("/api/silences", edge.guard(Need.READ, "GET /api/silences", this::listSilences));
    config.routes.put("/api/silences/{id}", edge.guard(Need.WRITE, "PUT /api/silences/{id}", this::putSilence));
    config.routes.delete("/api/silences/{id}", edge.guard(Need.WRITE, "DELETE /api/silences/{id}",
        this::deleteSilence));
  }

  private Reloader requireReloader() {
    Reloader r = reloader;
    if (r == null) {
      throw new IllegalStateException("mounted without a reloader");
    }
    return r;
  }

  /** @return true for a silence id: 1 to 200 letters, digits and {@code . _ : -} (it is a URL segment) */
  static boolean validSilenceId(String id) {
    return org.argos.config.SilenceIds.valid(id);
  }

  private void reload(Context ctx) {
    Reloader.Outcome r = requireReloader().reload(ApiEdge.flag(ctx, "force"), ApiEdge.flag(ctx, "adopt"));
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("ok", r.ok());
    body.put("added", r.added());
    body.put("changed", r.changed());
    body.put("removed", r.removed());
    body.put("unchanged", r.unchanged());
    body.put("errors", r.errors());
    body.put("refused", r.refused());
    json(ctx, r.ok() ? 200 : r.refused() != null ? 409 : 400, body);
  }

  /** The config version the cluster runs (stored), this node's, and whether this node registers nothing. */
  private void configVersion(Context ctx) {
    org.argos.api.store.ConfigVersion mine = requireReloader().nodeVersion();
    org.argos.api.store.ConfigVersion stored = argos.store().configVersion().orElse(null);
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("stored", stored == null ? null : versionJson(stored));
    body.put("node", versionJson(mine));
    body.put("matches", stored != null && stored.hash().equals(mine.hash()));
    body.put("read_only", requireReloader().readOnly());
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

  private void listSilences(Context ctx) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (org.argos.api.Silence sl : argos.silences()) {
      if (owns(ApiEdge.caller(ctx), sl)) {
        out.add(silenceJson(sl));
      }
    }
    out.sort(java.util.Comparator.comparing(m -> String.valueOf(m.get("from"))));
    json(ctx, 200, Map.of("silences", out));
  }

  private void putSilence(Context ctx) {
    String id = ctx.pathParam("id");
    if (!validSilenceId(id)) {
      throw new ApiError(400, "id", "a silence id is 1 to 200 letters, digits and . _ : -, got '" + ApiEdge.shown(id) + "'",
          null);
    }
    com.fasterxml.jackson.databind.JsonNode body = Json.readTree(ctx.body());
    if (body == null || !body.isObject()) {
      throw new ApiError(400, "body", "expected a JSON object {domain | domains | tag | address, from, until, every, "
          + "reason}", null);
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!SILENCE_FIELDS.contains(f)) {
        throw new ApiError(400, f, "unknown field '" + ApiEdge.shown(f) + "'; expected " + String.join(", ",
            SILENCE_FIELDS), null);
      }
    }
    org.argos.api.Recurrence every = every(body.get("every"));
    java.time.Instant from = every != null && absent(body, "from") ? java.time.Instant.EPOCH : time(body, "from");
    java.time.Instant until = every != null && absent(body, "until") ? org.argos.api.Silence.NO_END
        : time(body, "until");
    org.argos.api.AddressRange address = null;
    String addressText = text(body, "address");
    if (addressText != null) {
      try {
        address = org.argos.api.AddressRange.parse(addressText);
      } catch (org.argos.api.ArgosException e) {
        throw new ApiError(400, "address", e.getMessage(), null);
      }
    }
    org.argos.api.Silence silence;
    try {
      silence = new org.argos.api.Silence(id, text(body, "domain"), text(body, "tag"), from, until,
          text(body, "reason"), every, domains(body), address);
    } catch (org.argos.api.ArgosException e) {
      throw new ApiError(400, "body", e.getMessage(), null);
    }
    List<org.argos.api.Silence> current = argos.silences();
    ApiAccess.Caller caller = ApiEdge.caller(ctx);
    if (current.stream().anyMatch(x -> x.id().equals(id) && !owns(caller, x))) {
      throw new ApiError(404, "id", "no silence '" + id + "' of tenant '" + caller.tenant() + "'", null);
    }
    if (!owns(caller, silence)) {
      throw new ApiError(403, "domains", "a silence of tenant '" + caller.tenant() + "' names its own sites by domain "
          + "or domains (no tag or address alone: those would silence other tenants' sites)", null);
    }
    boolean existed = current.stream().anyMatch(x -> x.id().equals(id));
    if (!existed && current.size() >= MAX_SILENCES) {
      // each alert is matched against every silence: their number is bounded like any client-made collection
      throw new ApiError(409, "id", "there are already " + MAX_SILENCES + " silences; delete some first", null);
    }
    argos.silence(silence);
    json(ctx, existed ? 200 : 201, silenceJson(silence));
  }

  private void deleteSilence(Context ctx) {
    ApiAccess.Caller caller = ApiEdge.caller(ctx);
    boolean another = argos.silences().stream().anyMatch(x -> x.id().equals(ctx.pathParam("id")) && !owns(caller, x));
    if (another || !argos.unsilence(ctx.pathParam("id"))) {
      throw new ApiError(404, "id", "no silence '" + ctx.pathParam("id") + "'", null);
    }
    ctx.status(204);
  }

  /**
   * A silence is a tenant's when it names sites by domain and every one is the tenant's (a tag or address alone would
   * reach other tenants' sites); the operator owns every silence.
   */
  private boolean owns(ApiAccess.Caller caller, org.argos.api.Silence sl) {
    if (caller.operator()) {
      return true;
    }
    List<String> named = new ArrayList<>(sl.domains());
    if (sl.domain() != null) {
      named.add(sl.domain());
    }
    return !named.isEmpty() && named.stream().allMatch(d -> TenantScope.sees(argos, caller, d));
  }

  private static boolean absent(com.fasterxml.jackson.databind.JsonNode body, String field) {
    return body.get(field) == null || body.get(field).isNull();
  }

  /** @return {@code domains}, each checked and named by its index in an error */
  private static java.util.Set<String> domains(com.fasterxml.jackson.databind.JsonNode body) {
    var n = body.get("domains");
    if (n == null || n.isNull()) {
      return java.util.Set.of();
    }
    if (!n.isArray()) {
      throw new ApiError(400, "domains", "domains must be a list of site domains", null);
    }
    if (n.size() > org.argos.api.Silence.MAX_DOMAINS) {
      throw new ApiError(400, "domains", "at most " + org.argos.api.Silence.MAX_DOMAINS + " domains, got " + n.size(),
          null);
    }
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        throw new ApiError(400, "domains[" + i + "]", "a domain must be a string", null);
      }
      try {
        out.add(org.argos.api.Site.normalizeDomain(n.get(i).asText()));
      } catch (org.argos.api.ArgosException e) {
        throw new ApiError(400, "domains[" + i + "]", e.getMessage(), null);
      }
    }
    return out;
  }

  /** @return {@code every}: {days, at, for, zone} or {cron, for, zone}; null when absent */
  private static org.argos.api.@Nullable Recurrence every(com.fasterxml.jackson.databind.@Nullable JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new ApiError(400, "every", "every must be an object {days, at, for, zone} or {cron, for, zone}", null);
    }
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!org.argos.api.Recurrence.FIELDS.contains(f)) {
        throw new ApiError(400, "every." + ApiEdge.shown(f), "unknown field '" + ApiEdge.shown(f)
            + "'; expected cron, days, at, for, zone", null);
      }
    }
    List<String> days = new ArrayList<>();
    var d = n.get("days");
    if (d != null && !d.isNull()) {
      if (!d.isArray() || d.size() > 7) {
        throw new ApiError(400, "every.days", "every.days must be a list of at most 7 day names such as [\"sat\", \"sun\"]",
            null);
      }
      for (var day : d) {
        if (!day.isTextual()) {
          throw new ApiError(400, "every.days", "a day must be a string such as \"sat\"", null);
        }
        days.add(day.asText());
      }
    }
    try {
      return org.argos.api.Recurrence.read(text(n, "cron", "every.cron"), days, text(n, "at", "every.at"),
          text(n, "for", "every.for"), text(n, "zone", "every.zone"));
    } catch (org.argos.api.InvalidValueException e) {
      throw new ApiError(400, e.path(), e.path() + ": " + e.problem(), null);
    }
  }

  /** @return a string field of {@code body}, or null; {@code name} is the field as errors name it ({@code every.at}) */
  private static @Nullable String text(com.fasterxml.jackson.databind.JsonNode body, String field, String name) {
    var n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new ApiError(400, name, name + " must be a string", null);
    }
    return n.asText();
  }

  private static @Nullable String text(com.fasterxml.jackson.databind.JsonNode body, String field) {
    return text(body, field, field);
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
    m.put("domains", sl.domains().stream().sorted().toList());
    m.put("address", sl.address() == null ? null : sl.address().toString());
    m.put("from", sl.from().toString());
    m.put("until", sl.until().equals(org.argos.api.Silence.NO_END) ? null : sl.until().toString());
    org.argos.api.Recurrence every = sl.every();
    if (every != null) {
      Map<String, @Nullable Object> e = new LinkedHashMap<>();
      e.put("cron", every.cron());
      e.put("for", every.length().toString());
      e.put("zone", every.zone().getId());
      m.put("every", e);
    } else {
      m.put("every", null);
    }
    m.put("reason", sl.reason());
    return m;
  }
}
