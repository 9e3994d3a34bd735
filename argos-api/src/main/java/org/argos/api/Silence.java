package org.argos.api;

import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A maintenance window: alerts about matching sites decided while it is active are recorded (history, outbox) but not
 * sent. Matches by domain, by tag, or both (then both must match).
 *
 * @param id a name for the silence, unique per engine (used to remove it)
 * @param domain the site's domain, or null for any
 * @param tag a tag the site must carry, or null for any
 * @param from start of the window, inclusive
 * @param until end of the window, exclusive
 * @param reason why, for people
 */
public record Silence(String id, @Nullable String domain, @Nullable String tag, Instant from, Instant until, String reason) {
  /** Validates. */
  public Silence {
    if (id == null || id.isBlank()) {
      throw new InvalidSiteException("silence: id must not be empty");
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
