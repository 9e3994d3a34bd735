package org.argos.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * How every header check reads a header (docs/checks.md, "Header names"): names are case-insensitive, and a header
 * sent several times is compared value by value and as its values joined with {@code ", "}, the way HTTP folds them
 * (and the way Argos, through httpx, sees them).
 */
final class Headers {
  private Headers() {}

  /** @return the values of a header in the order received, empty when it is absent */
  static List<String> values(ProbeResponse response, String name) {
    List<String> v = response.headers().get(name.toLowerCase(Locale.ROOT));
    return v == null ? List.of() : v;
  }

  /** @return the values joined with ", ", or null when the header is absent */
  static @Nullable String joined(List<String> values) {
    return values.isEmpty() ? null : String.join(", ", values);
  }

  /** @return what a check compares: each value, then (when there are several) all of them joined */
  static List<String> candidates(List<String> values) {
    if (values.size() <= 1) {
      return values;
    }
    List<String> out = new ArrayList<>(values.size() + 1);
    out.addAll(values);
    out.add(String.join(", ", values));
    return out;
  }

  /** @return true when one candidate (a value, or the values joined) passes the test */
  static boolean anyMatches(List<String> values, Predicate<String> test) {
    for (String c : candidates(values)) {
      if (test.test(c)) {
        return true;
      }
    }
    return false;
  }
}
