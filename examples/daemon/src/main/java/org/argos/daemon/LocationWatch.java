package org.argos.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The no-agent alert per location (issue 19): a location that sites list and none of whose agents was seen for
 * {@code time_without_agent} is alerted once, until one of its agents is seen again. When every agent is silent, the
 * daemon's single no-agent alert says it instead.
 */
final class LocationWatch {
  private final Set<String> alerted = ConcurrentHashMap.newKeySet();

  /** A location to alert, and the message. */
  record Silent(String location, String message) {}

  /**
   * @param listed the locations sites list
   * @param seen per location, when one of its agents was last seen
   * @param since when watching began (a location never seen counts from then)
   * @param now the current time
   * @param limit how long without an agent makes a location silent
   * @param allSilent true when no agent at all was seen for that long (one alert covers it)
   * @return the locations to alert now
   */
  List<Silent> check(Set<String> listed, Map<String, Instant> seen, Instant since, Instant now, Duration limit,
      boolean allSilent) {
    List<Silent> out = new ArrayList<>();
    for (String location : listed) {
      Instant at = seen.getOrDefault(location, since);
      boolean quiet = Duration.between(at, now).compareTo(limit) > 0;
      if (!quiet) {
        alerted.remove(location);
      } else if (!allSilent && alerted.add(location)) {
        out.add(new Silent(location, "no agent in location " + location + " has reported since " + at
            + "; its results are left out of the verdicts"));
      }
    }
    return out;
  }
}
