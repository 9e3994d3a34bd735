package org.argos.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A maintenance window: alerts about matching sites decided while it is active are recorded (history, outbox) but not
 * sent. Matches by domain, by a list of domains, by tag, by address, or several (then all must match). It is one-shot
 * ({@code from} to {@code until}) or recurring ({@code every}: windows that open within {@code from} to {@code until},
 * the overall end, {@link #NO_END} when there is none).
 *
 * <p>Tenants (issue 20) do not exist yet: a silence by tenant will be one more criterion here.
 *
 * @param id a name for the silence, unique per engine (used to remove it): 1 to {@value #MAX_ID} letters, digits
 *     and {@code . _ : -}
 * @param domain the site's domain, or null for any
 * @param tag a tag the site must carry, or null for any
 * @param from start of the window, inclusive
 * @param until end of the window, exclusive
 * @param reason why, for people
 * @param every when the window recurs, or null for a one-shot window
 * @param domains sites' domains, any of which matches (empty for any); at most {@value #MAX_DOMAINS}
 * @param address an IP address or block matched against sites whose host is an IP literal, or null for any
 */
public record Silence(String id, @Nullable String domain, @Nullable String tag, Instant from, Instant until, String reason,
    @Nullable Recurrence every, Set<String> domains, @Nullable AddressRange address) {
  /** The most domains one silence lists (a bulk silence of a filtered list). */
  public static final int MAX_DOMAINS = 10_000;
  /** The overall end of a recurring window that has none. */
  public static final Instant NO_END = Instant.parse("9999-12-31T23:59:59Z");
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
    domains = domains == null ? Set.of() : domains;
    if (domain == null && (tag == null || tag.isBlank()) && domains.isEmpty() && address == null) {
      throw new InvalidSiteException("silence " + id + ": needs a domain, domains, a tag or an address");
    }
    if (domains.size() > MAX_DOMAINS) {
      throw new InvalidSiteException("silence " + id + ": at most " + MAX_DOMAINS + " domains, got " + domains.size());
    }
    Set<String> normalized = new LinkedHashSet<>();
    for (String d : domains) {
      normalized.add(Site.normalizeDomain(d));
    }
    domains = Collections.unmodifiableSet(normalized);
    domain = domain == null ? null : Site.normalizeDomain(domain);
    tag = tag == null || tag.isBlank() ? null : tag.trim().toLowerCase(Locale.ROOT);
    if (from == null || until == null || !until.isAfter(from)) {
      throw new InvalidSiteException("silence " + id + ": 'until' must be after 'from' (got " + from + " .. " + until + ")");
    }
    if (until.isAfter(NO_END)) {
      throw new InvalidSiteException("silence " + id + ": 'until' is at the latest " + NO_END + " (none: no end)");
    }
    reason = reason == null ? "" : reason;
  }

  /**
   * A one-shot silence of a domain, a tag or both.
   *
   * @param id a name, unique per engine
   * @param domain the site's domain, or null for any
   * @param tag a tag the site must carry, or null for any
   * @param from start of the window, inclusive
   * @param until end of the window, exclusive
   * @param reason why, for people
   */
  public Silence(String id, @Nullable String domain, @Nullable String tag, Instant from, Instant until, String reason) {
    this(id, domain, tag, from, until, reason, null, Set.of(), null);
  }

  /**
   * @param at a moment
   * @return true when a window of this silence is open at that moment
   */
  public boolean activeAt(Instant at) {
    if (at.isBefore(from) || !at.isBefore(until)) {
      return false;
    }
    return every == null || every.windowAt(at).isPresent();
  }

  /**
   * @param at a moment
   * @return when the window open at that moment ends (the overall end at the latest), or empty when none is open
   */
  public Optional<Instant> windowEnd(Instant at) {
    if (!activeAt(at)) {
      return Optional.empty();
    }
    if (every == null) {
      return Optional.of(until);
    }
    Instant end = every.windowAt(at).orElseThrow().plus(every.length());
    return Optional.of(end.isBefore(until) ? end : until);
  }

  /**
   * @param site the site an alert is about (null when it is no longer registered)
   * @param domain the alert's domain
   * @param at the time the alert was decided
   * @return true when this silence covers it
   */
  public boolean covers(@Nullable Site site, String domain, Instant at) {
    if (!activeAt(at)) {
      return false;
    }
    if (this.domain != null && !this.domain.equals(domain)) {
      return false;
    }
    if (!domains.isEmpty() && !domains.contains(domain) || address != null && !address.matchesDomain(domain)) {
      return false;
    }
    return tag == null || (site != null && site.tags().contains(tag));
  }
}
