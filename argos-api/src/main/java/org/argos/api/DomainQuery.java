package org.argos.api;

import org.jspecify.annotations.Nullable;

/**
 * Which domains to list, and which page.
 *
 * @param severity only domains whose worst severity is this one (null: any)
 * @param tag only sites with this tag (null: any)
 * @param text only domains containing this text, case-insensitive (null: any)
 * @param offset how many to skip
 * @param limit page size, 1 to 1000
 * @param tenant only sites of this tenant, and counts of this tenant's tasks (null: every tenant, as the operator sees)
 */
public record DomainQuery(@Nullable Severity severity, @Nullable String tag, @Nullable String text, int offset, int limit,
    @Nullable String tenant) {
  /** Validates the page bounds and the tenant slug. */
  public DomainQuery {
    if (tenant != null) {
      Tenant.validSlug(tenant, "tenant");
    }
    if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must be between 1 and 1000, got " + limit);
    tag = tag == null || tag.isBlank() ? null : tag.trim().toLowerCase(java.util.Locale.ROOT);
    text = text == null || text.isBlank() ? null : text.trim();
  }

  /**
   * A query over every tenant.
   *
   * @param severity only domains whose worst severity is this one (null: any)
   * @param tag only sites with this tag (null: any)
   * @param text only domains containing this text, case-insensitive (null: any)
   * @param offset how many to skip
   * @param limit page size, 1 to 1000
   */
  public DomainQuery(@Nullable Severity severity, @Nullable String tag, @Nullable String text, int offset, int limit) {
    this(severity, tag, text, offset, limit, null);
  }

  /** @param tenant a tenant slug, or null for every tenant @return this query scoped to that tenant */
  public DomainQuery withTenant(@Nullable String tenant) {
    return new DomainQuery(severity, tag, text, offset, limit, tenant);
  }

  /** @param limit page size @return the first page of every domain */
  public static DomainQuery firstPage(int limit) {
    return new DomainQuery(null, null, null, 0, limit);
  }
}
