package org.argos.web.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a public status page shows, as plain values computed before rendering (the template only lays them out). A
 * public page carries no internal detail: a site's URL and its error text are set only when the page allows them.
 */
public final class PublicStatus {
  private PublicStatus() {}

  /**
   * The windows a page gives uptime over, in the order shown: whole UTC days ending today (uptime is rolled up per
   * day), so the first is today so far, not a sliding 24 hours.
   */
  public static final List<String> WINDOWS = List.of("Today", "7 d", "30 d", "90 d");

  /** How many days the bar of each site covers. */
  public static final int BAR_DAYS = 90;

  /**
   * A whole page.
   *
   * @param title the page's title
   * @param root the path prefix of every link ({@code general.root_path}, or empty)
   * @param slug the page's slug ({@code /status/{slug}})
   * @param overall the page's state over every site it lists (not only this page of sites)
   * @param groups this page's sites, grouped (by tag, or one group)
   * @param active incidents not resolved, newest first
   * @param past resolved incidents, newest first
   * @param page this page of sites, from 1
   * @param pages how many pages of sites there are
   * @param generatedAt when the data was read
   */
  public record Page(String title, String root, String slug, Overall overall, List<Group> groups, List<Incident> active,
      List<Incident> past, int page, int pages, Instant generatedAt) {
    /** @return the link to another page of sites */
    public String pageHref(int n) {
      return root + "/status/" + slug + (n <= 1 ? "" : "?page=" + n);
    }
  }

  /** The page's state in a word and a sentence. */
  public enum Overall {
    /** Every site is up. */
    OPERATIONAL("operational", "All systems operational"),
    /** Some site is degraded (a warning), none down. */
    DEGRADED("degraded", "Some systems are degraded"),
    /** Some site is down (critical or unknown). */
    OUTAGE("outage", "Some systems are down"),
    /** No site has a result yet. */
    NO_DATA("none", "No data yet");

    /** The CSS class. */
    public final String css;
    /** The sentence shown. */
    public final String text;

    Overall(String css, String text) {
      this.css = css;
      this.text = text;
    }
  }

  /**
   * Sites shown together.
   *
   * @param id the group's element id (unique on the page)
   * @param name the group's heading (a tag, or the page's title)
   * @param sites its sites on this page
   */
  public record Group(String id, String name, List<Site> sites) {}

  /**
   * One site.
   *
   * @param name what the site is called on the page
   * @param url its address, or null when the page hides URLs
   * @param state {@code up}, {@code degraded}, {@code down} or {@code none} (no result yet)
   * @param error the latest failure's text, or null when there is none or the page hides errors
   * @param uptime the share of time up over each of {@link #WINDOWS}, in that order (null: no data in the window)
   * @param days the last {@link #BAR_DAYS} days, oldest first
   */
  public record Site(String name, @Nullable String url, String state, @Nullable String error, List<@Nullable Double> uptime,
      List<Day> days) {
    /** @return the state as a sentence */
    public String stateText() {
      return switch (state) {
        case "up" -> "Up";
        case "degraded" -> "Degraded";
        case "down" -> "Down";
        default -> "No data yet";
      };
    }
  }

  /**
   * One day of a site's bar.
   *
   * @param day the UTC day
   * @param uptime the share of the day up, from 0 to 1, or null when the site has no data that day
   */
  public record Day(LocalDate day, @Nullable Double uptime) {
    /** @return {@code none}, {@code ok} (at least 99.9 %), {@code minor} (at least 95 %) or {@code major} */
    public String level() {
      if (uptime == null) {
        return "none";
      }
      return uptime >= 0.999 ? "ok" : uptime >= 0.95 ? "minor" : "major";
    }

    /** @return the day and its uptime in words, for assistive technology and the tooltip */
    public String label() {
      return day + ": " + (uptime == null ? "no data" : percent(uptime) + " up");
    }
  }

  /**
   * An incident as the public sees it.
   *
   * @param title its title
   * @param status investigating, identified, monitoring or resolved
   * @param openedAt when it opened
   * @param resolvedAt when it was resolved, or null
   * @param updates its timeline, newest first
   */
  public record Incident(String title, String status, Instant openedAt, @Nullable Instant resolvedAt, List<Update> updates) {}

  /**
   * One entry of an incident's timeline.
   *
   * @param at when
   * @param status the incident's status from then on
   * @param message what was said
   */
  public record Update(Instant at, String status, String message) {}

  private static final java.time.format.DateTimeFormatter UTC_MINUTES =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

  /** @param at an instant @return it to the minute in UTC, for example {@code 2026-12-07 21:40 UTC} */
  public static String utc(Instant at) {
    return UTC_MINUTES.format(at);
  }

  /**
   * A share of time as a status page prints it: two decimals, rounded down, so that any downtime never reads 100 %.
   *
   * @param share from 0 to 1, or null
   * @return for example {@code 99.95 %}, {@code 100 %}, or {@code no data}
   */
  public static String percent(@Nullable Double share) {
    if (share == null || share.isNaN()) {
      return "no data";
    }
    double clamped = Math.max(0, Math.min(1, share));
    if (clamped >= 1) {
      return "100 %";
    }
    double floored = Math.floor(clamped * 10_000) / 100; // 0.99996 -> 99.99, never 100.00
    return String.format(Locale.ROOT, "%.2f %%", floored);
  }
}
