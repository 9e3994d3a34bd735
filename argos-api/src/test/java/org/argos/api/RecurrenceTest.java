package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recurring maintenance windows: a bounded cron grammar evaluated in a time zone, across DST and month ends. */
class RecurrenceTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static Instant paris(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
  }

  private static Optional<Instant> window(String cron, Duration length, String at) {
    return new Recurrence(cron, length, PARIS).windowAt(paris(at));
  }

  @Test
  void weekdaysAtATimeForADurationOpenAndCloseAtTheirLocalTimes() {
    Recurrence weekend = Recurrence.weekly(List.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY), LocalTime.of(2, 0),
        Duration.ofHours(2), PARIS);
    assertThat(weekend.cron()).isEqualTo("0 2 * * sat,sun");
    // 2026-12-05 is a Saturday
    assertThat(weekend.windowAt(paris("2026-12-05T01:59"))).isEmpty();
    assertThat(weekend.windowAt(paris("2026-12-05T02:00"))).contains(paris("2026-12-05T02:00"));
    assertThat(weekend.windowAt(paris("2026-12-05T03:59"))).contains(paris("2026-12-05T02:00"));
    assertThat(weekend.windowAt(paris("2026-12-05T04:00"))).isEmpty();
    assertThat(weekend.windowAt(paris("2026-12-06T03:00"))).contains(paris("2026-12-06T02:00"));
    assertThat(weekend.windowAt(paris("2026-12-07T02:30"))).as("a Monday").isEmpty();
  }

  @Test
  void aWindowSpansMidnightAndTheEndOfAMonth() {
    // Tuesday 2026-06-30 at 23:00 for 3 hours: open until Wednesday 1 July 02:00
    assertThat(window("0 23 * * tue", Duration.ofHours(3), "2026-07-01T01:30")).contains(paris("2026-06-30T23:00"));
    assertThat(window("0 23 * * tue", Duration.ofHours(3), "2026-07-01T02:00")).isEmpty();
    // the 31st happens only in months that have one: nothing in April, May 31 is
    assertThat(window("0 0 31 * *", Duration.ofDays(2), "2026-05-01T12:00")).isEmpty();
    assertThat(window("0 0 31 * *", Duration.ofDays(2), "2026-06-01T12:00")).contains(paris("2026-05-31T00:00"));
    // February 29 only in leap years
    assertThat(window("0 0 29 2 *", Duration.ofDays(1), "2028-02-29T10:00")).contains(paris("2028-02-29T00:00"));
    assertThat(window("0 0 29 2 *", Duration.ofDays(1), "2027-02-28T10:00")).isEmpty();
    assertThat(window("0 0 29 2 *", Duration.ofDays(1), "2027-03-01T10:00")).isEmpty();
  }

  @Test
  void aStartInTheHourSkippedInSpringOpensWhenTheHourEnds() {
    // 2026-03-29: Paris goes from 02:00 to 03:00; a window at 02:30 opens at 03:00 local (01:00Z), once
    Instant gapEnd = Instant.parse("2026-03-29T01:00:00Z");
    Recurrence r = new Recurrence("30 2 * * *", Duration.ofHours(1), PARIS);
    assertThat(r.windowAt(gapEnd.minusSeconds(1))).isEmpty();
    assertThat(r.windowAt(gapEnd)).contains(gapEnd);
    assertThat(r.windowAt(gapEnd.plus(Duration.ofMinutes(59)))).contains(gapEnd);
    assertThat(r.windowAt(gapEnd.plus(Duration.ofMinutes(60)))).as("lasts 1 h of real time").isEmpty();
    // the next day is as usual again
    assertThat(r.windowAt(paris("2026-03-30T02:45"))).contains(paris("2026-03-30T02:30"));
  }

  @Test
  void aStartInTheHourRepeatedInAutumnOpensOnceAtTheFirstAndLastsItsRealDuration() {
    // 2026-10-25: Paris goes back from 03:00 (+02:00) to 02:00 (+01:00); 02:30 happens at 00:30Z and at 01:30Z
    Recurrence r = new Recurrence("30 2 * * *", Duration.ofMinutes(30), PARIS);
    Instant first = Instant.parse("2026-10-25T00:30:00Z");
    assertThat(r.windowAt(first)).contains(first);
    assertThat(r.windowAt(first.plus(Duration.ofMinutes(29)))).contains(first);
    assertThat(r.windowAt(Instant.parse("2026-10-25T01:30:00Z"))).as("not again at the second 02:30").isEmpty();
    assertThat(r.windowAt(Instant.parse("2026-10-25T01:45:00Z"))).isEmpty();
    // a 2 h window opened at 01:00 local (23:00Z) ends 2 h later: at the first 02:00... plus the repeated hour
    Recurrence night = new Recurrence("0 1 * * *", Duration.ofHours(2), PARIS);
    assertThat(night.windowAt(Instant.parse("2026-10-25T00:59:00Z"))).contains(Instant.parse("2026-10-24T23:00:00Z"));
    assertThat(night.windowAt(Instant.parse("2026-10-25T01:00:00Z"))).isEmpty();
    ZonedDateTime end = Instant.parse("2026-10-25T01:00:00Z").atZone(PARIS);
    assertThat(end.toLocalTime()).as("elapsed time: it ends at 02:00 local, the second time").isEqualTo(LocalTime.of(2, 0));
  }

  @Test
  void rangesStepsNamesAndTheDayRuleOfCron() {
    assertThat(window("*/15 9-17 * * mon-fri", Duration.ofMinutes(5), "2026-12-07T10:47")).contains(paris("2026-12-07T10:45"));
    assertThat(window("*/15 9-17 * * mon-fri", Duration.ofMinutes(5), "2026-12-07T10:50")).isEmpty();
    assertThat(window("0 0 * dec 7", Duration.ofHours(1), "2026-12-06T00:30")).as("7 is Sunday").isPresent();
    // both day fields restricted: either matches (the 1st, or a Monday)
    assertThat(window("0 12 1 * mon", Duration.ofHours(1), "2026-12-01T12:10")).as("Tuesday the 1st").isPresent();
    assertThat(window("0 12 1 * mon", Duration.ofHours(1), "2026-12-07T12:10")).as("Monday the 7th").isPresent();
    assertThat(window("0 12 1 * mon", Duration.ofHours(1), "2026-12-08T12:10")).isEmpty();
    // a window longer than the interval: the latest start decides
    assertThat(window("0 * * * *", Duration.ofHours(3), "2026-12-08T12:10")).contains(paris("2026-12-08T12:00"));
    assertThat(new Recurrence("  0   2 * *  SAT,Sun ", Duration.ofHours(1), PARIS).cron()).isEqualTo("0 2 * * sat,sun");
  }

  @Test
  void aBadExpressionIsRefusedNamingTheField() {
    record Bad(String cron, String says) {}
    for (Bad b : List.of(
        new Bad("0 2 * *", "expected 5 fields"),
        new Bad("0 2 * * * *", "expected 5 fields"),
        new Bad("60 2 * * *", "the minute field ('60'): 60 is outside 0-59"),
        new Bad("0 24 * * *", "the hour field ('24'): 24 is outside 0-23"),
        new Bad("0 2 0 * *", "the day-of-month field ('0'): 0 is outside 1-31"),
        new Bad("0 2 * 13 *", "the month field ('13')"),
        new Bad("0 2 * * 8", "the day-of-week field ('8')"),
        new Bad("0 2 * * funday", "the day-of-week field ('funday'): expected a number or a day name"),
        new Bad("0 5-2 * * *", "the hour field ('5-2'): a range goes upwards"),
        new Bad("*/0 2 * * *", "the minute field ('*/0'): a step is 1 to 59"),
        new Bad("0 2 30 feb *", "the day-of-month field ('30'): no month in the month field has such a day"),
        new Bad("0 2 ? * *", "the day-of-month field ('?')"),
        new Bad("0 2 L * *", "the day-of-month field ('l')"),
        new Bad("0," .repeat(61) + "0 2 * * *", "the minute field"),
        new Bad("0 2 * * *" + " ".repeat(200), "longer than 200"),
        new Bad(" ", "the expression is empty"))) {
      assertThatThrownBy(() -> new Recurrence(b.cron, Duration.ofHours(1), PARIS)).as(b.cron)
          .isInstanceOf(InvalidSiteException.class).hasMessageContaining(b.says);
    }
    assertThatThrownBy(() -> new Recurrence("0 2 * * *", Duration.ofSeconds(30), PARIS)).hasMessageContaining("'for'");
    assertThatThrownBy(() -> new Recurrence("0 2 * * *", Duration.ofDays(32), PARIS)).hasMessageContaining("'for'");
    assertThatThrownBy(() -> Recurrence.zone("Mars/Olympus")).hasMessageContaining("unknown time zone 'Mars/Olympus'");
    assertThatThrownBy(() -> Recurrence.weekly(List.of(), LocalTime.of(2, 0), Duration.ofHours(1), PARIS))
        .hasMessageContaining("'days'");
    assertThatThrownBy(() -> Recurrence.weekly(List.of(DayOfWeek.MONDAY), LocalTime.of(2, 0, 5), Duration.ofHours(1),
        PARIS)).hasMessageContaining("'at'");
  }
}
