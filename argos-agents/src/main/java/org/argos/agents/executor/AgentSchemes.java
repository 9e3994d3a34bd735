package org.argos.agents.executor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which schemes an agent probes. The agent protocol is HTTP-only upstream: an agent that says nothing (an Argos agent)
 * gets {@code http(s)} groups only; ours lists its probes' schemes in {@code ?schemes=http,https,tcp}, which upstream
 * servers ignore. Groups wait in one queue per lane and scheme, so that an agent is offered only what it can probe.
 */
public final class AgentSchemes {
  /** What an agent that names no scheme probes. */
  public static final Set<String> HTTP = Set.of("http", "https");
  /** The most schemes an agent may list. */
  static final int MAX = 32;

  private AgentSchemes() {}

  /**
   * @param query the {@code schemes} query parameter, or null
   * @return the schemes it lists, lower case; {@link #HTTP} when absent or empty
   * @throws IllegalArgumentException naming the bad scheme, or when there are more than {@value #MAX}
   */
  public static Set<String> parse(@Nullable String query) {
    if (query == null || query.isBlank()) {
      return HTTP;
    }
    String[] parts = query.split(",", MAX + 2);
    if (parts.length > MAX) {
      throw new IllegalArgumentException("schemes: at most " + MAX + " schemes");
    }
    Set<String> out = new TreeSet<>();
    for (String p : parts) {
      String s = p.strip().toLowerCase(Locale.ROOT);
      if (!s.matches("[a-z][a-z0-9+.-]{0,31}")) {
        throw new IllegalArgumentException("schemes: '" + p + "' is not a URI scheme (a letter, then letters, digits, "
            + "'+', '-' or '.', at most 32)");
      }
      out.add(s);
    }
    return Collections.unmodifiableSet(out);
  }

  /** @return whether upstream agents probe this scheme */
  static boolean isHttp(String scheme) {
    return HTTP.contains(scheme);
  }

  /** @return the queue a group of this lane and scheme waits in */
  static String queue(String lane, String scheme) {
    return isHttp(scheme) ? lane : lane + " " + scheme;
  }

  /** @return the queues an agent probing these schemes takes from, in a lane */
  static List<String> queues(String lane, Set<String> schemes) {
    List<String> out = new ArrayList<>();
    if (schemes.contains("http") || schemes.contains("https")) {
      out.add(lane);
    }
    for (String s : schemes) {
      if (!isHttp(s)) {
        out.add(queue(lane, s));
      }
    }
    return out;
  }
}
