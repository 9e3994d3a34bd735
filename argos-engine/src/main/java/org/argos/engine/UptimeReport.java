package org.argos.engine;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import org.argos.api.InvalidValueException;
import org.argos.api.store.DomainUptime;
import org.argos.api.store.Uptime;
import org.argos.api.store.UptimeTotals;
import org.argos.api.store.UptimeWindow;

/**
 * A tenant's uptime over one calendar month (UTC): one line per site and the tenant's total, read from a store's
 * {@link Uptime} capability. The web API serves it as CSV, the web UI as a printable page.
 *
 * @param month the month
 * @param tenant the tenant's slug
 * @param generatedAt when it was read (the current month counts up to here)
 * @param lines one line per site of the tenant, by domain
 * @param total the sum of the lines
 */
public record UptimeReport(YearMonth month, String tenant, Instant generatedAt, List<DomainUptime> lines,
    UptimeTotals total) {
  /** Copies the lines. */
  public UptimeReport {
    lines = List.copyOf(lines);
  }

  /**
   * @param uptime the store's uptime capability
   * @param month the month, whole (UTC days)
   * @param tenant the tenant's slug
   * @param now the current time
   * @return the report
   */
  public static UptimeReport monthly(Uptime uptime, YearMonth month, String tenant, Instant now) {
    UptimeWindow w = window(month);
    List<DomainUptime> lines = uptime.byDomain(tenant, w, now);
    UptimeTotals total = UptimeTotals.NONE;
    for (DomainUptime l : lines) {
      total = total.plus(l.totals());
    }
    return new UptimeReport(month, tenant, now, lines, total);
  }

  /** @param month a month @return its UTC days */
  public static UptimeWindow window(YearMonth month) {
    return new UptimeWindow(month.atDay(1), month.plusMonths(1).atDay(1));
  }

  /**
   * @param text a month as {@code YYYY-MM}
   * @return the month
   * @throws InvalidValueException naming {@code month} when it is not one
   */
  public static YearMonth parseMonth(String text) {
    try {
      return YearMonth.parse(text.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidValueException("month: expected YYYY-MM, got '" + text + "'");
    }
  }

  /**
   * @param totals some totals
   * @return the availability in percent with three decimals ({@code 99.950}), or empty when nothing was observed
   */
  public static String percent(UptimeTotals totals) {
    return totals.availability().isEmpty() ? ""
        : String.format(Locale.ROOT, "%.3f", totals.availability().getAsDouble() * 100);
  }

  /**
   * @return the report as CSV (RFC 4180, CRLF line ends): a header, one line per site, then a {@code total} line;
   *     times in whole seconds, availability in percent (empty when nothing was observed)
   */
  public String csv() {
    StringBuilder b = new StringBuilder(128 + 96 * lines.size());
    b.append("month,tenant,domain,tasks,availability_percent,ok_seconds,warning_seconds,critical_seconds,"
        + "unknown_seconds,incidents\r\n");
    int tasks = 0;
    for (DomainUptime l : lines) {
      line(b, l.domain(), l.tasks(), l.totals());
      tasks += l.tasks();
    }
    line(b, "total", tasks, total);
    return b.toString();
  }

  private void line(StringBuilder b, String domain, int tasks, UptimeTotals t) {
    b.append(month).append(',').append(field(tenant)).append(',').append(field(domain)).append(',').append(tasks)
        .append(',').append(percent(t)).append(',').append(t.okMillis() / 1000).append(',')
        .append(t.warningMillis() / 1000).append(',').append(t.criticalMillis() / 1000).append(',')
        .append(t.unknownMillis() / 1000).append(',').append(t.incidents()).append("\r\n");
  }

  /** A CSV field: quoted when it holds a separator or a quote; a leading formula character is defused. */
  static String field(String s) {
    String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
