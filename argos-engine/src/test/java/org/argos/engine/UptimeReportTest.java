package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.argos.api.InvalidValueException;
import org.argos.api.store.DomainUptime;
import org.argos.api.store.UptimeTotals;
import org.junit.jupiter.api.Test;

/** The monthly report's CSV: RFC 4180 quoting, formulas defused for spreadsheets, and its month's window. */
class UptimeReportTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void fieldsAreQuotedAndFormulasDefused() {
    UptimeTotals t = new UptimeTotals(3_000, 0, 1_000, 0, 1);
    UptimeReport r = new UptimeReport(YearMonth.of(2026, 11), "=HYPERLINK(\"x\")", NOW,
        List.of(new DomainUptime("https://a.example", 1, t)), t);
    assertThat(r.csv()).isEqualTo(
        "month,tenant,domain,tasks,availability_percent,ok_seconds,warning_seconds,critical_seconds,unknown_seconds,"
            + "incidents\r\n"
            + "2026-11,\"'=HYPERLINK(\"\"x\"\")\",https://a.example,1,75.000,3,0,1,0,1\r\n"
            + "2026-11,\"'=HYPERLINK(\"\"x\"\")\",total,1,75.000,3,0,1,0,1\r\n");
  }

  @Test
  void aMonthIsItsUtcDaysAndABadOneNamesTheField() {
    assertThat(UptimeReport.window(YearMonth.of(2028, 2)).from()).isEqualTo(LocalDate.of(2028, 2, 1));
    assertThat(UptimeReport.window(YearMonth.of(2028, 2)).days()).isEqualTo(29);
    assertThat(UptimeReport.parseMonth(" 2026-11 ")).isEqualTo(YearMonth.of(2026, 11));
    assertThatThrownBy(() -> UptimeReport.parseMonth("11/2026")).isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("month:");
    assertThat(UptimeReport.percent(UptimeTotals.NONE)).isEmpty();
  }
}
