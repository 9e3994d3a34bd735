package org.argos.web.ui;

import static org.argos.web.ui.WebUi.DEFAULT_REFRESH;
import static org.argos.web.ui.WebUi.MIN_REFRESH;
import static org.argos.web.ui.WebUi.PAGE_SIZE;
import static org.argos.web.ui.WebUi.REFRESH_COOKIE;

import java.util.LinkedHashMap;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.Severity;
import org.argos.api.Silence;
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
  /** The longest silence made from the domain list. */
  static final java.time.Duration MAX_UI_SILENCE = java.time.Duration.ofDays(31);
  /** The most silences kept at once, as through the API. */
  static final int MAX_SILENCES = 10_000;
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

  /** The most failing tasks a domain shows on the dashboard; its own page lists them all. */
  static final int TASKS_PER_DOMAIN = 4;
  /** The failing tasks per page of the list filtered by address. */
  static final int ADDRESS_PAGE = 100;

  void dashboard(Context ctx, WebUi.Visitor v) {
    Instant now = ui.clock.instant();
    Refresh refresh = Refresh.parse(ctx.cookie(REFRESH_COOKIE));
    int page = ui.pageParam(ctx);
    String rawAddress = Optional.ofNullable(ctx.queryParam("address")).orElse("").strip();
    if (!rawAddress.isEmpty()) {
      if (v.tenant() != null) {
        // the problems at an address span tenants: the operator's view
        throw new WebUi.WebError(403, "The problems by address are the operator's view.");
      }
      byAddress(ctx, v, Problems.Address.parse(rawAddress), page, refresh);
      return;
    }
    // the problems (unknown, critical, warning), worst first, and the counts: one index range and one aggregate read
    StatusPage p;
    Instant readAt = now;
    Instant since = ui.outage.unreachableSince();
    if (since == null) {
      try {
        p = ui.store.problems(v.tenant(), (int) Math.min((long) (page - 1) * PAGE_SIZE, Integer.MAX_VALUE), PAGE_SIZE);
        if (page == 1 && v.tenant() == null) { // the summary kept for an outage is the operator's, shown to them
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
      if (last == null || last.problems() == null || page != 1 || v.tenant() != null) {
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
    Map<String, Long> byName = byName(counts);
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
    Views.Page frame = frame(v, "Dashboard", refresh);
    List<org.argos.api.TaskStatus> failing = new ArrayList<>();
    int more = 0;
    if (since == null) { // while the database is out of reach, the last summary's domains only
      for (DomainStatus d : p.domains()) {
        List<org.argos.api.TaskStatus> ts = ui.store.tasks(d.domain()).stream().filter(Problems::failing).toList();
        failing.addAll(ts.subList(0, Math.min(TASKS_PER_DOMAIN, ts.size())));
        more += Math.max(0, ts.size() - TASKS_PER_DOMAIN);
      }
    }
    Views.Morning morning = new Views.Morning(Problems.group(ui.store, failing), "", canAct(v), silenced(ctx), more,
        rechecked(ctx));
    ui.render(ctx, "dashboard.jte", new Views.Dashboard(frame, byName, all, bar, problems, ui.pager(ctx, "/", page, total),
        v.tenant() == null ? agentRows() : List.of(), ui.agentsMode, now, refresh.on(), refresh.seconds(), since, readAt, morning));
  }

  /** The failing tasks whose group last connected to an address: where a notification's cause link points. */
  private void byAddress(Context ctx, WebUi.Visitor v, Problems.Address a, int page, Refresh refresh) {
    if (ui.outage.unreachableSince() != null) {
      ui.unreachable(ctx, v);
      return;
    }
    long offset = (long) (page - 1) * ADDRESS_PAGE;
    if (offset > Integer.MAX_VALUE) {
      throw new WebUi.WebError(400, "page " + page + " is too far");
    }
    List<Long> ids = ui.store.failingAt(a.ip(), a.port(), (int) offset, ADDRESS_PAGE);
    List<org.argos.api.TaskStatus> failing = ids.stream().map(ui.store::task).flatMap(Optional::stream)
        .filter(Problems::failing).toList();
    SeverityCounts counts = ui.store.severityCounts();
    Map<String, Long> byName = byName(counts);
    Views.Page frame = frame(v, "Problems at " + a.label(), refresh);
    Views.Morning morning = new Views.Morning(Problems.group(ui.store, failing), a.label(), canAct(v), silenced(ctx), 0,
        rechecked(ctx));
    Instant now = ui.clock.instant();
    ui.render(ctx, "dashboard.jte", new Views.Dashboard(frame, byName, counts.total(), List.of(), List.of(),
        ui.pager(ctx, "/?address=" + Fmt.enc(a.label()) + "&", page, offset + ids.size(), false,
            ids.size() == ADDRESS_PAGE), agentRows(), ui.agentsMode, now, refresh.on(), refresh.seconds(), null, now,
        morning));
  }

  private Views.Page frame(WebUi.Visitor v, String title, Refresh refresh) {
    Views.Page frame = ui.frame(v, title, "dashboard");
    return new Views.Page(frame.title(), frame.root(), frame.user(), frame.csrf(), frame.active(),
        refresh.on() ? refresh.seconds() : 0, frame.canLogin(), frame.operator());
  }

  /** @return the counts by severity label, then pending, in the dashboard's order */
  private static Map<String, Long> byName(SeverityCounts counts) {
    Map<String, Long> byName = new LinkedHashMap<>();
    for (Severity s : List.of(Severity.OK, Severity.WARNING, Severity.CRITICAL, Severity.UNKNOWN)) {
      byName.put(s.label(), counts.of(s));
    }
    byName.put("pending", counts.pending());
    return byName;
  }

  /** Whether the visitor gets action buttons: a logged-in user, or anyone when the UI needs no login. */
  private boolean canAct(WebUi.Visitor v) {
    if (v.tenant() != null) {
      return false; // the dashboard's actions (ack, recheck, silence a selection) are the operator's
    }
    return v.user() != null || "all".equals(ui.settings.get().unauthenticatedAccess());
  }

  /** @return the number of groups a recheck just made due, or -1 */
  private static int rechecked(Context ctx) {
    String s = ctx.queryParam("rechecked");
    return s != null && s.matches("\\d{1,4}") ? Integer.parseInt(s) : -1;
  }

  private static @Nullable String silenced(Context ctx) {
    String s = ctx.queryParam("silenced");
    return s != null && org.argos.config.SilenceIds.valid(s) ? s : null;
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

  /** The domain list's filter, read from the query (the list) or from the form that silences what it shows. */
  record Filter(@Nullable Severity severity, String sev, String tag, String text) {
    static Filter read(java.util.function.Function<String, @Nullable String> param) {
      String sev = Optional.ofNullable(param.apply("severity")).orElse("").trim().toLowerCase(Locale.ROOT);
      Severity severity = null;
      if (!sev.isEmpty()) {
        try {
          severity = Severity.fromLabel(sev);
        } catch (org.argos.api.InvalidValueException e) {
          throw new WebUi.WebError(400, "severity: " + e.getMessage());
        }
      }
      String tag = Optional.ofNullable(param.apply("tag")).orElse("").trim();
      String text = Optional.ofNullable(param.apply("q")).orElse("").trim();
      if (tag.length() > 200 || text.length() > 200) {
        throw new WebUi.WebError(400, "tag and q must be at most 200 characters");
      }
      return new Filter(severity, sev, tag, text);
    }

    DomainQuery query(int offset, int limit) {
      return new DomainQuery(severity, tag, text, offset, limit);
    }

    /** @return the domain list's URL with this filter, ending with {@code ?} or {@code &} */
    String url() {
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
      return base.toString();
    }
  }

  void domains(Context ctx, WebUi.Visitor v) {
    int page = ui.pageParam(ctx);
    Filter f = Filter.read(ctx::queryParam);
    long offset = (long) (page - 1) * PAGE_SIZE;
    if (offset > Integer.MAX_VALUE) {
      throw new WebUi.WebError(400, "page " + page + " is too far");
    }
    StatusPage p = ui.store.domains(f.query((int) offset, PAGE_SIZE).withTenant(v.tenant()));
    List<Views.DomainRow> rows = p.domains().stream().map(DashboardPages::row).toList();
    ui.render(ctx, "domains.jte", new Views.Domains(ui.frame(v, "Domains", "domains"), rows,
        ui.pager(ctx, f.url(), page, p.totalDomains(), p.totalExact(), rows.size() == PAGE_SIZE), f.sev(), f.tag(),
        f.text(), ui.clock.instant(), v.session() != null && v.tenant() == null && ui.store.keepsClusterState(),
        silenced(ctx)));
  }

  /**
   * {@code POST /domains/silence}: one silence for every domain the posted filter selects (at most {@link
   * Silence#MAX_DOMAINS}), from now for the posted duration. The filter is posted, not the list: the server reads the
   * domains again, so a form stays small whatever the list's length.
   */
  void silence(Context ctx, WebUi.Visitor v) {
    if (v.session() == null) {
      throw new WebUi.WebError(401, "Log in to silence domains: a silence names who made it.");
    }
    if (!ui.store.keepsClusterState()) {
      throw new WebUi.WebError(409, "This store keeps no silences; add them through the engine's API.");
    }
    Filter f = Filter.read(ctx::formParam);
    String rawFor = Optional.ofNullable(ctx.formParam("for")).orElse("").trim();
    java.time.Duration length;
    try {
      length = org.argos.api.settings.Durations.parse(rawFor, java.time.temporal.ChronoUnit.MINUTES);
    } catch (org.argos.api.InvalidValueException e) {
      throw new WebUi.WebError(400, "for: " + e.getMessage() + " (e.g. 2h or 90m)");
    }
    if (length.compareTo(java.time.Duration.ofMinutes(1)) < 0 || length.compareTo(MAX_UI_SILENCE) > 0) {
      throw new WebUi.WebError(400, "for: a silence from this list lasts 1 minute to 31 days, got " + rawFor);
    }
    String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").trim();
    if (reason.length() > 1000) {
      throw new WebUi.WebError(400, "reason: at most 1000 characters");
    }
    java.util.Set<String> domains = new java.util.LinkedHashSet<>();
    String rawAddress = Optional.ofNullable(ctx.formParam("address")).orElse("").strip();
    Problems.@Nullable Address address = rawAddress.isEmpty() ? null : Problems.Address.parse(rawAddress);
    for (int offset = 0; address != null; offset += 1000) { // the domains of the failing tasks at the address
      List<Long> ids = ui.store.failingAt(address.ip(), address.port(), offset, 1000);
      ids.stream().map(ui.store::task).flatMap(Optional::stream).forEach(t -> domains.add(t.domain()));
      if (domains.size() > Silence.MAX_DOMAINS) {
        throw new WebUi.WebError(400, "More than " + Silence.MAX_DOMAINS + " domains fail at " + address.label()
            + ": silence them through the API.");
      }
      if (ids.size() < 1000) {
        break;
      }
    }
    for (int offset = 0; address == null; offset += 1000) {
      StatusPage p = ui.store.domains(f.query(offset, 1000));
      p.domains().forEach(d -> domains.add(d.domain()));
      if (domains.size() > Silence.MAX_DOMAINS) {
        throw new WebUi.WebError(400, "More than " + Silence.MAX_DOMAINS + " domains match this filter: narrow it, or "
            + "silence by tag or address through the API.");
      }
      if (p.domains().size() < 1000) {
        break;
      }
    }
    if (domains.isEmpty()) {
      throw new WebUi.WebError(400, "No domain matches this filter: nothing to silence.");
    }
    if (ui.store.silences().size() >= MAX_SILENCES) {
      throw new WebUi.WebError(409, "There are already " + MAX_SILENCES + " silences; delete some first.");
    }
    Instant now = ui.clock.instant();
    String id = "ui-" + now.getEpochSecond() + "-" + org.argos.web.auth.Sessions.randomNonce().substring(0, 8);
    String by = address != null ? "by " + v.user() + " from the problems at " + address.label()
        : "by " + v.user() + " from the domain list (" + (f.url().length() > 9 ? f.url().substring(9,
        f.url().length() - 1) : "no filter") + ")";
    Silence s = new Silence(id, null, null, now, now.plus(length), reason.isEmpty() ? by : reason + " — " + by, null,
        domains, null);
    ui.store.putSilence(s);
    ctx.redirect(ui.root() + (address != null ? "/?address=" + Fmt.enc(address.label()) + "&" : f.url()) + "silenced="
        + Fmt.enc(id), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /**
   * {@code POST /problems/recheck}: the groups of the posted tasks (or of every task failing at the posted address)
   * are due now, except those running; the scheduler takes them at its next look at the store.
   */
  void recheck(Context ctx, WebUi.Visitor v) {
    Problems.Selection s = Problems.Selection.read(ui.store, ctx, "recheck");
    int n = ui.store.reschedule(s.ids(), ui.clock.instant());
    ctx.redirect(ui.root() + "/" + s.back("rechecked=" + n), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  void agents(Context ctx, WebUi.Visitor v) {
    ui.render(ctx, "agents.jte", new Views.Agents(ui.frame(v, "Agents", "agents"), agentRows(), ui.agentsMode, ui.clock.instant()));
  }
}
