package org.argos.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An incident: what a status page and the incident feed tell about an outage. The engine opens one by itself when it
 * groups an outage by cause ({@link #automatic()}); a person opens one by hand too, and edits either (title, status,
 * messages). Its timeline is a list of {@link IncidentUpdate}s.
 *
 * @param id the store's id
 * @param tenant the tenant that owns the affected sites ({@code default} without tenants)
 * @param title a one-line title, at most {@link #MAX_TITLE} characters
 * @param status where it stands
 * @param cause what the affected sites share, when the engine opened it from a grouped outage; else null
 * @param domains the first affected domains (sorted), at most {@link #MAX_LISTED_DOMAINS}
 * @param domainCount how many domains are affected in all
 * @param openedAt when it was opened
 * @param resolvedAt when it was resolved, or null while active
 * @param automatic true when the engine opened it
 * @param updatedAt when it last changed (a new timeline entry, a new affected site, an edit)
 */
public record Incident(long id, String tenant, String title, IncidentStatus status, @Nullable Cause cause,
    List<String> domains, int domainCount, Instant openedAt, @Nullable Instant resolvedAt, boolean automatic,
    Instant updatedAt) {
  /** The longest title. */
  public static final int MAX_TITLE = 200;
  /** The most domains an incident lists (its count says how many in all). */
  public static final int MAX_LISTED_DOMAINS = 50;
  /** The longest tenant slug. */
  public static final int MAX_TENANT = 100;

  /** Validates and copies. */
  public Incident {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    title = checkTitle(title);
    domains = List.copyOf(domains.size() > MAX_LISTED_DOMAINS ? domains.subList(0, MAX_LISTED_DOMAINS) : domains);
    domainCount = Math.max(domainCount, domains.size());
  }

  /** @return true while not resolved */
  public boolean active() {
    return status.active();
  }

  /**
   * @param title a title
   * @return it, stripped
   * @throws InvalidValueException when blank, longer than {@link #MAX_TITLE} or with control characters
   */
  public static String checkTitle(String title) {
    if (title == null || title.isBlank()) {
      throw new InvalidValueException("title: must not be blank");
    }
    String t = title.strip();
    if (t.length() > MAX_TITLE) {
      throw new InvalidValueException("title: at most " + MAX_TITLE + " characters, got " + t.length());
    }
    if (t.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidValueException("title: one line, without control characters");
    }
    return t;
  }

  /**
   * What the affected sites of an automatic incident share, as alert grouping names it: an address and port
   * ({@code address}, {@code 10.0.0.5:443}), a TLS certificate ({@code certificate}, its SHA-256), an error message
   * ({@code error}), a tag ({@code tag}) or a parent domain ({@code domain}). One active automatic incident per tenant
   * and cause: the same cause continuing joins it.
   *
   * @param kind the kind, at most {@link #MAX_KIND} characters
   * @param value the value, at most {@link #MAX_VALUE} characters
   */
  public record Cause(String kind, String value) {
    /** The longest kind. */
    public static final int MAX_KIND = 40;
    /** The longest value (a longer error message is cut to it). */
    public static final int MAX_VALUE = 500;

    /** Validates. */
    public Cause {
      if (kind == null || kind.isBlank() || kind.length() > MAX_KIND) {
        throw new InvalidValueException("a cause's kind is 1 to " + MAX_KIND + " characters");
      }
      if (value == null || value.isBlank() || value.length() > MAX_VALUE) {
        throw new InvalidValueException("a cause's value is 1 to " + MAX_VALUE + " characters");
      }
    }

    /**
     * @param kind the kind
     * @param value any value, cut to {@link #MAX_VALUE} characters
     * @return the cause
     */
    public static Cause of(String kind, String value) {
      return new Cause(kind, value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value);
    }

    /** @return {@code kind:value}, the key of its active incident */
    public String key() {
      return kind + ":" + value;
    }
  }
}
