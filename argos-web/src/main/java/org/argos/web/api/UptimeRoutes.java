package org.argos.web.api;

import static org.argos.web.api.ApiEdge.json;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.InvalidValueException;
import org.argos.api.store.Uptime;
import org.argos.api.store.UptimeDay;
import org.argos.api.store.UptimeTotals;
import org.argos.api.store.UptimeWindow;
import org.argos.engine.Argos;
import org.argos.engine.UptimeReport;
import org.argos.web.auth.ApiAccess.Need;
import org.jspecify.annotations.Nullable;

/**
 * Uptime reads (issue 20 §4), read scope:
 *
 * <ul>
 *   <li>{@code GET /api/uptime?domain=…|tag=…|task=…|tenant=…} with {@code from=YYYY-MM-DD&to=YYYY-MM-DD} (UTC days,
 *       {@code to} excluded) or {@code days=N} (the N days ending today, 30 by default): the times per severity,
 *       incidents and availability. {@code domain} may be repeated (at most {@value Uptime#MAX_DOMAINS}): their sum.
 *   <li>{@code GET /api/uptime/daily?domain=…&days=90} (or from/to): one entry per day, for a status page's bar.
 *   <li>{@code GET /api/reports/monthly?month=YYYY-MM[&tenant=…]}: the tenant's month as CSV, one line per site.
 * </ul>
 *
 * Windows are at most {@value UptimeWindow#MAX_DAYS} days; a bad parameter is a 400 naming it.
 */
final class UptimeRoutes {
  private final ApiEdge edge;
  private final Argos argos;
  private final Clock clock;

  UptimeRoutes(ApiEdge edge, Argos argos, Clock clock) {
    this.edge = edge;
    this.argos = argos;
    this.clock = clock;
  }

  void mount(JavalinConfig config) {
    config.routes.get("/api/uptime", edge.guard(Need.READ, "GET /api/uptime", this::uptime));
    config.routes.get("/api/uptime/daily", edge.guard(Need.READ, "GET /api/uptime/daily", this::daily));
    config.routes.get("/api/reports/monthly", edge.guard(Need.READ, "GET /api/reports/monthly", this::monthly));
  }

  private Uptime store() {
    return argos.store().capability(Uptime.class).orElseThrow(() -> new ApiError(501, null,
        "this store keeps no uptime (" + argos.store().getClass().getSimpleName() + ")", null));
  }

  private void uptime(Context ctx) {
    Instant now = clock.instant();
    UptimeWindow w = window(ctx, now);
    List<String> domains = ctx.queryParams("domain");
    String tag = ApiEdge.shortParam(ctx, "tag");
    String task = ctx.queryParam("task");
    String tenant = ApiEdge.shortParam(ctx, "tenant");
    int given = (domains.isEmpty() ? 0 : 1) + (tag == null ? 0 : 1) + (task == null ? 0 : 1) + (tenant == null ? 0 : 1);
    if (given != 1) {
      throw ApiError.bad("domain", "give exactly one of domain (may repeat), tag, task or tenant");
    }
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    UptimeTotals totals;
    if (!domains.isEmpty()) {
      if (domains.size() > Uptime.MAX_DOMAINS) {
        throw ApiError.bad("domain", "at most " + Uptime.MAX_DOMAINS + " domains, got " + domains.size());
      }
      if (domains.size() == 1) {
        out.put("domain", domains.get(0));
        totals = store().ofDomain(domains.get(0), w, now);
      } else {
        out.put("domains", domains);
        totals = store().ofDomains(domains, w, now);
      }
    } else if (tag != null) {
      out.put("tag", tag);
      totals = store().ofTag(tag, w, now);
    } else if (task != null) {
      long id;
      try {
        id = Long.parseLong(task.trim());
      } catch (NumberFormatException e) {
        throw ApiError.bad("task", "task must be a task id, got '" + ApiEdge.shown(task) + "'");
      }
      out.put("task", id);
      totals = store().ofTask(id, w, now);
    } else {
      out.put("tenant", tenant);
      totals = store().ofTenant(tenant, w, now);
    }
    out.put("from", w.from().toString());
    out.put("to", w.to().toString());
    out.putAll(totals(totals));
    json(ctx, 200, out);
  }

  private void daily(Context ctx) {
    Instant now = clock.instant();
    UptimeWindow w = window(ctx, now);
    String domain = ctx.queryParam("domain");
    if (domain == null || domain.isBlank()) {
      throw ApiError.bad("domain", "expected ?domain=<a site's domain>");
    }
    List<Map<String, @Nullable Object>> days = new ArrayList<>();
    for (UptimeDay d : store().daily(domain, w, now)) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("day", d.day().toString());
      m.putAll(totals(d.totals()));
      days.add(m);
    }
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("domain", domain);
    out.put("from", w.from().toString());
    out.put("to", w.to().toString());
    out.put("days", days);
    json(ctx, 200, out);
  }

  private void monthly(Context ctx) {
    String m = ctx.queryParam("month");
    if (m == null || m.isBlank()) {
      throw ApiError.bad("month", "expected ?month=YYYY-MM");
    }
    YearMonth month;
    try {
      month = UptimeReport.parseMonth(m);
    } catch (InvalidValueException e) {
      throw ApiError.bad("month", e.getMessage());
    }
    String tenant = ApiEdge.shortParam(ctx, "tenant");
    UptimeReport report = UptimeReport.monthly(store(), month, tenant == null ? "default" : tenant, clock.instant());
    ctx.status(200).contentType("text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"argos-uptime-" + month + "-"
            + report.tenant().replaceAll("[^A-Za-z0-9_-]", "_") + ".csv\"")
        .result(report.csv());
  }

  /** The window: {@code from} and {@code to}, or {@code days} ending today (30 when none is given). */
  private static UptimeWindow window(Context ctx, Instant now) {
    String from = ctx.queryParam("from");
    String to = ctx.queryParam("to");
    if (from == null && to == null) {
      int days = ApiEdge.intParam(ctx, "days", 30, 1, UptimeWindow.MAX_DAYS);
      return UptimeWindow.lastDays(days, now);
    }
    if (ctx.queryParam("days") != null) {
      throw ApiError.bad("days", "give days or from and to, not both");
    }
    if (from == null) {
      throw ApiError.bad("from", "from is required with to (YYYY-MM-DD)");
    }
    if (to == null) {
      throw ApiError.bad("to", "to is required with from (YYYY-MM-DD, excluded)");
    }
    LocalDate f = day("from", from);
    LocalDate t = day("to", to);
    try {
      return new UptimeWindow(f, t);
    } catch (InvalidValueException e) {
      String msg = String.valueOf(e.getMessage());
      throw ApiError.bad(msg.startsWith("from") ? "from" : "to", msg);
    }
  }

  private static LocalDate day(String field, String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw ApiError.bad(field, field + " must be a day as YYYY-MM-DD, got '" + ApiEdge.shown(text) + "'");
    }
  }

  /** Times in milliseconds, availability from 0 to 1 (null when nothing was observed). */
  static Map<String, @Nullable Object> totals(UptimeTotals t) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("availability", t.availability().isPresent() ? t.availability().getAsDouble() : null);
    m.put("ok_ms", t.okMillis());
    m.put("warning_ms", t.warningMillis());
    m.put("critical_ms", t.criticalMillis());
    m.put("unknown_ms", t.unknownMillis());
    m.put("observed_ms", t.observedMillis());
    m.put("incidents", t.incidents());
    return m;
  }
}
