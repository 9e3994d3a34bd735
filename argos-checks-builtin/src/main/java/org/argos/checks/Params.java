package org.argos.checks;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.JsonLike;
import org.argos.api.settings.Setting;
import org.jspecify.annotations.Nullable;

/**
 * Parses check parameters with argos-api's {@link Setting} reader; every refusal names the check and the value, as the
 * SPI asks, and the path of the bad part when the parameter is a map or a list.
 */
final class Params {
  private Params() {}

  static InvalidCheckParameterException invalid(String check, @Nullable Object value, String expectation) {
    // through argos-api's reader, so that built-in checks refuse exactly as third-party ones do (value abbreviated)
    return (InvalidCheckParameterException) Setting.checkParameter(check, value).invalid(expectation);
  }

  /** As {@link #invalid(String, Object, String)}, for a part of the parameter read with a {@link Setting}. */
  static InvalidCheckParameterException invalid(Setting part, String expectation) {
    return (InvalidCheckParameterException) part.invalid(expectation);
  }

  static String render(@Nullable Object value) {
    try {
      return JsonLike.canonical(value);
    } catch (RuntimeException e) {
      return String.valueOf(value);
    }
  }

  /** @return the integral value of a number or a string of digits, or null when it is neither */
  static @Nullable Long integral(@Nullable Object value) {
    return Setting.of(value, "parameter").integral();
  }

  static int statusCode(String check, @Nullable Object value) {
    Long n = integral(value);
    if (n == null || n < 100 || n > 599) {
      throw invalid(check, value, "expected an HTTP status code between 100 and 599");
    }
    return n.intValue();
  }

  static List<Integer> statusList(String check, @Nullable Object value) {
    Setting p = Setting.checkParameter(check, value);
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw invalid(p, "expected a non-empty list of HTTP status codes, e.g. [200, 204]");
    }
    List<Integer> out = new ArrayList<>();
    for (Setting item : p.asList()) {
      Long n = integral(item.raw());
      if (n == null || n < 100 || n > 599) {
        throw invalid(item, "expected an HTTP status code between 100 and 599");
      }
      out.add(n.intValue());
    }
    return List.copyOf(out);
  }

  static String nonEmptyString(String check, @Nullable Object value, String what) {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw invalid(check, value, "expected " + what);
  }

  /** @return the pattern compiled for RE2/J; refused with a message naming the check when it cannot be */
  static Regex regex(String check, @Nullable Object whole, @Nullable Object value) {
    return Regex.compile(check, whole, null, value);
  }

  /** @return a non-empty list of non-empty strings; a single string is taken as a list of one */
  static List<String> names(String check, @Nullable Object value, String what) {
    if (value instanceof String s && !s.isBlank()) {
      return List.of(s.trim());
    }
    Setting p = Setting.checkParameter(check, value);
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw invalid(p, "expected a non-empty list of " + what);
    }
    List<String> out = new ArrayList<>();
    for (Setting item : p.asList()) {
      if (!(item.raw() instanceof String s) || s.isBlank()) {
        throw invalid(item, "expected a non-empty string");
      }
      out.add(s.trim());
    }
    return List.copyOf(out);
  }

  static Map<String, @Nullable Object> map(String check, @Nullable Object value, String what) {
    if (!(value instanceof Map<?, ?> m) || m.isEmpty()) {
      throw invalid(check, value, "expected a non-empty map of " + what);
    }
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k) || k.isBlank()) {
        throw invalid(check, value, "every key must be a non-empty string");
      }
      out.put(k, e.getValue());
    }
    return out;
  }

  static JsonPointer pointer(String check, @Nullable Object whole, @Nullable Object value) {
    if (!(value instanceof String s)) {
      throw invalid(check, whole, "expected RFC 6901 JSON pointers such as \"/data/0/name\"");
    }
    if (!s.isEmpty() && !s.startsWith("/")) {
      throw invalid(check, whole, "a JSON pointer must be empty or start with '/' (" + render(s) + " does not)");
    }
    try {
      return JsonPointer.compile(s);
    } catch (IllegalArgumentException e) {
      throw invalid(check, whole, "invalid JSON pointer " + render(s) + " (" + e.getMessage() + ")");
    }
  }

  static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
