package org.argos.web.ui;

import static org.argos.web.ui.WebUi.DEFAULT_REFRESH;
import static org.argos.web.ui.WebUi.MIN_REFRESH;
import static org.argos.web.ui.WebUi.PAGE_SIZE;
import static org.argos.web.ui.WebUi.REFRESH_COOKIE;

import java.util.LinkedHashMap;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.StatusPage;
import org.argos.web.http.DatabaseOutage;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The dashboard (counts and problems, auto-refresh), the domains list, and the agents page. */
final class DashboardPages {
  private final WebUi ui;

  DashboardPages(WebUi ui) {
    this.ui = ui;
  }

  /** The auto-refresh choice: on or off, and the interval in seconds (at least 5). */
  record Refresh(boolean on, int seconds) {
    static Refresh parse(@Nullable String cookie) {
      if (cookie == null) {
        return new Refresh(false, DEFAULT_REFRESH);
      }
      String[] p = cookie.split(":", 2);
      int s = DEFAULT_REFRESH;
      if (p.length == 2) {
        try {
          s = Math.clamp(Integer.parseInt(p[1]), MIN_REFRESH, 3600);
        } catch (NumberFormatException e) {
          s = DEFAULT_REFRESH;
        }
      }
      return new Refresh("on".equals(p[0]), s);
    }
  }

  void dashboard(Context ctx, WebUi.Visitor v) {
    Instant now = ui.clock.instant();
    Refresh refresh = Refresh.parse(ctx.cookie(REFRESH_COOKIE));
    int page = ui.pageParam(ctx);
    // the problems (unknown, critical, warning), worst first, and the counts: one index range and one aggregate read
    StatusPage p;
    Instant readAt = now;
    Instant since = ui.outage.unreachableSince();
    if (since == null) {
      try {
        p = ui.store.problems((int) Math.min((long) (page - 1) * PAGE_SIZE, Integer.MAX_VALUE), PAGE_SIZE);
        if (page == 1) {
          ui.outage.remember(p.counts(), p);
        }
      } catch (RuntimeException e) {
        if (!ui.outage.failed(e)) {
          throw e;
        }
        since = ui.outage.unreachableSince();
        p = null;
      }
    } else {
      p = null;
    }
    if (p == null) {
      // The database is out of reach: the last summary read, with a banner, else the 503 page.
      DatabaseOutage.Summary last = ui.outage.lastSummary();
      if (last == null || last.problems() == null || page != 1) {
        ui.unreachable(ctx, v);
        return;
      }
      p = last.problems();
      readAt = last.at();
      ctx.status(503).header("Retry-After", Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
    }
    SeverityCounts counts = p.counts();
    List<Views.DomainRow> problems = p.domains().stream().map(DashboardPages::row).toList();
    long total = p.totalDomains();
    Map<String, Long> byName = new LinkedHashMap<>();
    for (Severity s : List.of(Severity.OK, Severity.WARNING, Severity.CRITICAL, Severity.UNKNOWN)) {
      byName.put(s.label(), counts.of(s));
    }
    byName.put("pending", counts.pending());
    List<Views.BarPart> bar = new ArrayList<>();
    long all = counts.total();
    int x = 0;
    int i = 0;
    for (Map.Entry<String, Long> e : byName.entrySet()) {
      i++;
      int w = all == 0 ? 0 : (int) Math.round(e.getValue() * 1000.0 / all);
      if (i == byName.size() && all > 0) {
        w = 1000 - x; // rounding leftovers go to the last segment so the bar is always full
      }
      if (e.getValue() > 0 && w > 0) {
        bar.add(new Views.BarPart(e.getKey(), e.getValue(), x, w));
      }
      x += w;
    }
    Views.Page frame = ui.frame(v, "Dashboard", "dashboard");
    frame = new Views.Page(frame.title(), frame.root(), frame.user(), frame.csrf(), frame.active(),
        refresh.on() ? refresh.seconds() : 0, frame.canLogin());
    ui.render(ctx, "dashboard.jte", new Views.Dashboard(frame, byName, all, bar, problems, ui.pager(ctx, "/", page, total),
        agentRows(), ui.agentsMode, now, refresh.on(), refresh.seconds(), since, readAt));
  }

  void refresh(Context ctx, WebUi.Visitor v) {
    boolean on = ctx.formParam("auto_refresh") != null;
    String raw = Optional.ofNullable(ctx.formParam("interval")).orElse("").trim();
    int seconds;
    try {
      seconds = raw.isEmpty() ? DEFAULT_REFRESH : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new WebUi.WebError(400, "interval must be a whole number of seconds, got '" + raw + "'");
    }
    if (seconds < MIN_REFRESH || seconds > 3600) {
      throw new WebUi.WebError(400, "interval must be between " + MIN_REFRESH + " and 3600 seconds, got " + seconds);
    }
    ui.setCookie(ctx, REFRESH_COOKIE, (on ? "on" : "off") + ":" + seconds, 365L * 86_400);
    ctx.redirect(ui.root() + "/", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  List<Views.AgentRow> agentRows() {
    List<Views.AgentRow> out = new ArrayList<>();
    ui.agents.get().entrySet().stream().sorted(Map.Entry.<String, Instant>comparingByValue().reversed())
        .forEach(e -> out.add(new Views.AgentRow(e.getKey(), e.getValue())));
    return out;
  }

  static Views.DomainRow row(DomainStatus d) {
    return new Views.DomainRow(d.domain(), Fmt.key(d.domain()), Fmt.severity(d.worst()), d.lastRunAt(), d.tasks());
  }

  void domains(Context ctx, WebUi.Visitor v) {
    int page = ui.pageParam(ctx);
    String sev = Optional.ofNullable(ctx.queryParam("severity")).orElse("").trim().toLowerCase(Locale.ROOT);
    Severity severity = null;
    if (!sev.isEmpty()) {
      try {
        severity = Severity.fromLabel(sev);
      } catch (org.argos.api.InvalidValueException e) {
        throw new WebUi.WebError(400, "severity: " + e.getMessage());
      }
    }
    String tag = Optional.ofNullable(ctx.queryParam("tag")).orElse("").trim();
    String text = Optional.ofNullable(ctx.queryParam("q")).orElse("").trim();
    if (tag.length() > 200 || text.length() > 200) {
      throw new WebUi.WebError(400, "tag and q must be at most 200 characters");
    }
    long offset = (long) (page - 1) * PAGE_SIZE;
    if (offset > Integer.MAX_VALUE) {
      throw new WebUi.WebError(400, "page " + page + " is too far");
    }
    StatusPage p = ui.store.domains(new DomainQuery(severity, tag, text, (int) offset, PAGE_SIZE));
    List<Views.DomainRow> rows = p.domains().stream().map(DashboardPages::row).toList();
    StringBuilder base = new StringBuilder("/domains?");
    if (!sev.isEmpty()) {
      base.append("severity=").append(Fmt.enc(sev)).append('&');
    }
    if (!tag.isEmpty()) {
      base.append("tag=").append(Fmt.enc(tag)).append('&');
    }
    if (!text.isEmpty()) {
      base.append("q=").append(Fmt.enc(text)).append('&');
    }
    ui.render(ctx, "domains.jte", new Views.Domains(ui.frame(v, "Domains", "domains"), rows,
        ui.pager(ctx, base.toString(), page, p.totalDomains(), p.totalExact(), rows.size() == PAGE_SIZE), sev, tag, text,
        ui.clock.instant()));
  }

  void agents(Context ctx, WebUi.Visitor v) {
    ui.render(ctx, "agents.jte", new Views.Agents(ui.frame(v, "Agents", "agents"), agentRows(), ui.agentsMode, ui.clock.instant()));
  }
}
