package org.argos.web.ui;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.argos.api.InvalidValueException;
import org.argos.api.store.DomainUptime;
import org.argos.api.store.Uptime;
import org.argos.api.store.UptimeTotals;
import org.argos.engine.UptimeReport;

/**
 * {@code GET /reports/monthly?month=YYYY-MM[&tenant=…]}: a tenant's monthly uptime as a page made for printing (the
 * current month when none is given), with the CSV of {@code /api/reports/monthly} one link away.
 */
final class ReportPages {
  private final WebUi ui;

  ReportPages(WebUi ui) {
    this.ui = ui;
  }

  void monthly(Context ctx, WebUi.Visitor v) {
    Instant now = ui.clock.instant();
    YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
    String m = ctx.queryParam("month");
    YearMonth month;
    try {
      month = m == null || m.isBlank() ? current : UptimeReport.parseMonth(m);
    } catch (InvalidValueException e) {
      throw new WebUi.WebError(400, "month: expected YYYY-MM, for example " + current + ".");
    }
    String tenant = ctx.queryParam("tenant");
    if (tenant == null || tenant.isBlank()) {
      tenant = "default";
    } else if (tenant.length() > 200) {
      throw new WebUi.WebError(400, "tenant: at most 200 characters.");
    }
    Uptime uptime = ui.store.capability(Uptime.class)
        .orElseThrow(() -> new WebUi.WebError(501, "This store keeps no uptime."));
    UptimeReport report = UptimeReport.monthly(uptime, month, tenant, now);
    List<Views.ReportLine> lines = new ArrayList<>(report.lines().size());
    int tasks = 0;
    for (DomainUptime l : report.lines()) {
      lines.add(line(l.domain(), l.tasks(), l.totals()));
      tasks += l.tasks();
    }
    String title = "Uptime " + month + (tenant.equals("default") ? "" : " · " + tenant);
    ui.render(ctx, "report.jte", new Views.Report(ui.frame(v, title, "reports"), month.toString(), tenant, lines,
        line("Total", tasks, report.total()), now, month.minusMonths(1).toString(),
        month.isBefore(current) ? month.plusMonths(1).toString() : null));
  }

  private static Views.ReportLine line(String domain, int tasks, UptimeTotals t) {
    String percent = UptimeReport.percent(t);
    return new Views.ReportLine(domain, tasks, percent.isEmpty() ? "no data" : percent + " %",
        length(t.upMillis()), length(t.criticalMillis() + t.unknownMillis()), t.incidents());
  }

  /** Task-time as days, hours and minutes ({@code 3 d 4 h 5 min}). */
  static String length(long millis) {
    Duration d = Duration.ofMillis(millis);
    StringBuilder b = new StringBuilder();
    if (d.toDays() > 0) {
      b.append(d.toDays()).append(" d ");
    }
    if (d.toHoursPart() > 0 || d.toDays() > 0) {
      b.append(d.toHoursPart()).append(" h ");
    }
    b.append(d.toMinutesPart()).append(" min");
    return b.toString();
  }
}
