package org.argos.api;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An organisation that owns sites, users, API tokens, notification channels and status pages. Every site belongs to
 * exactly one tenant; a config without tenants puts everything in the {@link #DEFAULT_SLUG default} one, so Argos
 * configs work unchanged.
 *
 * @param slug the tenant's identity in configs, URLs and the store: {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param name the name shown to people; the slug when blank
 */
public record Tenant(String slug, String name) {
  // first: DEFAULT below is validated with it
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** The tenant of every site that names none. */
  public static final String DEFAULT_SLUG = "default";
  /** The tenant every Argos config without a {@code tenants:} section uses. */
  public static final Tenant DEFAULT = new Tenant(DEFAULT_SLUG, "Default");

  /** Validates the slug and the name. */
  public Tenant {
    slug = validSlug(slug, "slug");
    if (name == null || name.isBlank()) {
      name = slug;
    }
    name = name.trim();
    if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidValueException("tenant " + slug, "name", null,
          "a name is at most 200 characters, without control characters", null);
    }
  }

  /**
   * Checks a tenant slug.
   *
   * @param slug the slug to check
   * @param field the name of the field that holds it, for the message ({@code tenant}, {@code tenants[2].slug})
   * @return the slug
   * @throws InvalidValueException naming the field, when the slug is null or not {@code [a-z0-9][a-z0-9-]{0,62}}
   */
  public static String validSlug(@Nullable String slug, String field) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw new InvalidValueException("", field, null, "a tenant slug is 1 to 63 lower-case letters, digits or '-', "
          + "starting with a letter or digit, got " + (slug == null ? "nothing" : "'" + slug + "'"), null);
    }
    return slug;
  }

  /**
   * What a tenant's user or token may do within its tenant. Each role includes the ones before it. The operator (a
   * credential of no tenant) is above every role and sees every tenant.
   */
  public enum Role {
    /** Read the tenant's sites, their status, history and silences. */
    VIEWER,
    /** Also add, change and delete the tenant's sites, silences and acknowledgements. */
    EDITOR,
    /** Also manage the tenant's users, channels and tokens. */
    ADMIN;

    /** @return the name written in configs: {@code viewer}, {@code editor} or {@code admin} */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @param needed a role @return true when this role may do what {@code needed} allows */
    public boolean includes(Role needed) {
      return compareTo(needed) >= 0;
    }
  }
}
