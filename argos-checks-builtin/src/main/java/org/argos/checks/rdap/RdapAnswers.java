package org.argos.checks.rdap;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reads what the domain check needs from an RDAP domain object (RFC 9083): the expiry event and the registrar. */
final class RdapAnswers {
  /** Lists longer than this (events, entities, vCard properties) are read no further. */
  static final int MAX_ITEMS = 200;

  private RdapAnswers() {}

  /** @return the {@code eventDate} of the first {@code expiration} event, as written, or null */
  static @Nullable String expiration(JsonNode domain) {
    JsonNode events = domain.get("events");
    if (events == null || !events.isArray()) {
      return null;
    }
    int n = 0;
    for (JsonNode e : events) {
      if (++n > MAX_ITEMS) {
        break;
      }
      JsonNode action = e.get("eventAction");
      JsonNode date = e.get("eventDate");
      if (action != null && action.isTextual() && action.asText().trim().equalsIgnoreCase("expiration")
          && date != null && date.isTextual()) {
        return date.asText();
      }
    }
    return null;
  }

  /**
   * Reads an RDAP date (RFC 3339); also the forms some registries send instead: no offset (taken as UTC) or a date
   * alone (its start, UTC).
   *
   * @return the instant, or null when the text is none of them
   */
  static @Nullable Instant instant(String text) {
    String t = text.trim();
    if (t.length() > 64) {
      return null;
    }
    try {
      return OffsetDateTime.parse(t.toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      // try the looser forms
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try a date alone
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** @return the name ({@code fn} of its vCard) or else the handle of the entity with the role registrar, or null */
  static @Nullable String registrar(JsonNode domain) {
    JsonNode entities = domain.get("entities");
    if (entities == null || !entities.isArray()) {
      return null;
    }
    int n = 0;
    for (JsonNode entity : entities) {
      if (++n > MAX_ITEMS) {
        break;
      }
      if (!hasRole(entity, "registrar")) {
        continue;
      }
      String fn = vcardName(entity.get("vcardArray"));
      if (fn != null) {
        return fn;
      }
      JsonNode handle = entity.get("handle");
      return handle != null && handle.isTextual() && !handle.asText().isBlank() ? abbreviate(handle.asText()) : null;
    }
    return null;
  }

  private static boolean hasRole(JsonNode entity, String role) {
    JsonNode roles = entity.get("roles");
    if (roles == null || !roles.isArray()) {
      return false;
    }
    for (JsonNode r : roles) {
      if (r.isTextual() && r.asText().equalsIgnoreCase(role)) {
        return true;
      }
    }
    return false;
  }

  /** jCard (RFC 7095): {@code ["vcard", [["fn", {}, "text", "Example Registrar, Inc."], ...]]}. */
  private static @Nullable String vcardName(@Nullable JsonNode vcard) {
    if (vcard == null || !vcard.isArray() || vcard.size() < 2 || !vcard.get(1).isArray()) {
      return null;
    }
    int n = 0;
    for (JsonNode property : vcard.get(1)) {
      if (++n > MAX_ITEMS) {
        break;
      }
      if (property.isArray() && property.size() >= 4 && "fn".equalsIgnoreCase(property.get(0).asText())
          && property.get(3).isTextual() && !property.get(3).asText().isBlank()) {
        return abbreviate(property.get(3).asText());
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    String t = s.trim();
    return t.length() <= 200 ? t : t.substring(0, 200) + "…";
  }
}
