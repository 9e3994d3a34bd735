package org.argos.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a site is checked from and how many of those locations must agree before its tasks change severity.
 *
 * <p>Each run of a group runs once in every location; the task's severity is then the <em>k-of-n verdict</em>
 * ({@link #verdict}): the reported severities sorted worst first, the {@code quorum}-th one, that is the worst
 * severity that at least {@code quorum} locations reach or exceed. A location that did not report (no agent took the
 * run) leaves n; when fewer than {@code quorum} locations report, the quorum is the number that did. When some
 * location is worse than the verdict the task is <em>partial</em>: shown as such, and alerted only with
 * {@code alertOnPartial}, where the verdict becomes the worst reported severity.
 *
 * @param locations where to check from, 1 to {@value #MAX_LOCATIONS} distinct names of 1 to 40 characters among
 *     {@code a-z 0-9 _ . -}; agents and executors that say none are in {@value #DEFAULT_LOCATION}
 * @param quorum how many locations must agree, 1 to the number of locations
 * @param alertOnPartial true to alert a partial failure as if the quorum were 1
 */
public record Quorum(List<String> locations, int quorum, boolean alertOnPartial) {
  // before DEFAULT, which the constructor checks with it
  private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,40}");
  /** The location of agents and executors that name none (upstream Argos agents among them). */
  public static final String DEFAULT_LOCATION = "default";
  /** The most locations a site may list. */
  public static final int MAX_LOCATIONS = 20;
  /** One location, {@value #DEFAULT_LOCATION}, quorum 1: a site checked as Argos does. */
  public static final Quorum DEFAULT = new Quorum(List.of(DEFAULT_LOCATION), 1, false);

  /** Validates; messages name the field as configs write it. */
  public Quorum {
    if (locations == null || locations.isEmpty()) {
      throw new InvalidValueException("locations must list at least one location");
    }
    if (locations.size() > MAX_LOCATIONS) {
      throw new InvalidValueException("locations lists " + locations.size() + " locations, at most " + MAX_LOCATIONS);
    }
    Set<String> seen = new HashSet<>();
    for (String l : locations) {
      checkName(l);
      if (!seen.add(l)) {
        throw new InvalidValueException("locations lists '" + l + "' twice");
      }
    }
    locations = List.copyOf(locations);
    if (quorum < 1 || quorum > locations.size()) {
      throw new InvalidValueException("quorum must be between 1 and the number of locations (" + locations.size()
          + "), got " + quorum);
    }
  }

  /**
   * Checks a location name, as agents and {@code argos_java.location} give it.
   *
   * @param location the name
   * @return the name
   * @throws InvalidValueException when it is not 1 to 40 characters among {@code a-z 0-9 _ . -}
   */
  public static String checkName(String location) {
    if (location == null || !NAME.matcher(location).matches()) {
      throw new InvalidValueException("a location is 1 to 40 characters among a-z 0-9 _ . -, got '" + location + "'");
    }
    return location;
  }

  /** @return true for the default: one location, {@value #DEFAULT_LOCATION}, quorum 1 (a group run as Argos does) */
  public boolean isDefault() {
    return equals(DEFAULT);
  }

  /**
   * The k-of-n verdict over the locations that reported.
   *
   * @param reported the severities of the locations that reported, any order
   * @return the {@code min(quorum, reported)}-th worst severity (with {@link #alertOnPartial}, the worst), or
   *     {@link Severity#UNKNOWN} when no location reported
   */
  public Severity verdict(List<Severity> reported) {
    if (reported.isEmpty()) {
      return Severity.UNKNOWN;
    }
    List<Severity> worstFirst = new ArrayList<>(reported);
    worstFirst.sort(Comparator.reverseOrder());
    int k = alertOnPartial ? 1 : Math.min(quorum, worstFirst.size());
    return worstFirst.get(k - 1);
  }

  /**
   * @param reported the severities of the locations that reported
   * @return true when some location is worse than the k-of-n verdict without alertOnPartial (fewer than the quorum
   *     fail): the task is shown as partial
   */
  public boolean partial(List<Severity> reported) {
    if (reported.isEmpty()) {
      return false;
    }
    Severity strict = new Quorum(locations, quorum, false).verdict(reported);
    return reported.stream().anyMatch(s -> s.isWorseThan(strict));
  }
}
