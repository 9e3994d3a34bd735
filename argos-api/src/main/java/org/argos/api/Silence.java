package org.argos.api;

import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A maintenance window: alerts about matching sites decided while it is active are recorded (history, outbox) but not
 * sent. Matches by domain, by tag, or both (then both must match).
 *
 * @param id a name for the silence, unique per engine (used to remove it): 1 to {@value #MAX_ID} letters, digits
 *     and {@code . _ : -}
 * @param domain the site's domain, or null for any
 * @param tag a tag the site must carry, or null for any
 * @param from start of the window, inclusive
 * @param until end of the window, exclusive
 * @param reason why, for people
 */
public record Silence(String id, @Nullable String domain, @Nullable String tag, Instant from, Instant until, String reason) {
  /** The longest id: ids are 1 to 200 letters, digits and {@code . _ : -}. */
  public static final int MAX_ID = 200;
  /** The longest reason, in characters. */
  public static final int MAX_REASON = 2000;

  /** Validates. */
  public Silence {
    if (id == null || id.isBlank()) {
      throw new InvalidSiteException("silence: id must not be empty");
    }
    if (id.length() > MAX_ID || !id.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-')) {
      throw new InvalidSiteException("silence: an id is 1 to " + MAX_ID + " letters, digits and . _ : - (it is used in "
          + "URLs and logs)");
    }
    if (reason != null && (reason.length() > MAX_REASON || reason.chars().anyMatch(c -> Character.isISOControl(c)
        && c != '\n' && c != '\t'))) {
      throw new InvalidSiteException("silence " + id + ": a reason is at most " + MAX_REASON
          + " characters, without control characters");
    }
    if (domain == null && (tag == null || tag.isBlank())) {
      throw new InvalidSiteException("silence " + id + ": needs a domain or a tag");
    }
    domain = domain == null ? null : Site.normalizeDomain(domain);
    tag = tag == null || tag.isBlank() ? null : tag.trim().toLowerCase(Locale.ROOT);
    if (from == null || until == null || !until.isAfter(from)) {
      throw new InvalidSiteException("silence " + id + ": 'until' must be after 'from' (got " + from + " .. " + until + ")");
    }
    reason = reason == null ? "" : reason;
  }

  /**
   * @param site the site an alert is about (null when it is no longer registered)
   * @param domain the alert's domain
   * @param at the time the alert was decided
   * @return true when this silence covers it
   */
  public boolean covers(@Nullable Site site, String domain, Instant at) {
    if (at.isBefore(from) || !at.isBefore(until)) {
      return false;
    }
    if (this.domain != null && !this.domain.equals(domain)) {
      return false;
    }
    return tag == null || (site != null && site.tags().contains(tag));
  }
}
