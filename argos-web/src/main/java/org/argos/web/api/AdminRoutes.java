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
import org.argos.web.auth.ApiAccess.Need;
import org.jspecify.annotations.Nullable;

/**
 * The running config and the silences: {@code POST /api/reload-config} and {@code GET /api/config-version} (with a
 * {@link Reloader}), and {@code GET}, {@code PUT}, {@code DELETE /api/silences}.
 */
final class AdminRoutes {
  /** The most silences the API keeps at once. */
  static final int MAX_SILENCES = 10_000;

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
      out.add(silenceJson(sl));
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
    List<org.argos.api.Silence> current = argos.silences();
    boolean existed = current.stream().anyMatch(x -> x.id().equals(id));
    if (!existed && current.size() >= MAX_SILENCES) {
      // each alert is matched against every silence: their number is bounded like any client-made collection
      throw new ApiError(409, "id", "there are already " + MAX_SILENCES + " silences; delete some first", null);
    }
    argos.silence(silence);
    json(ctx, existed ? 200 : 201, silenceJson(silence));
  }

  private void deleteSilence(Context ctx) {
    if (!argos.unsilence(ctx.pathParam("id"))) {
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
}
