package org.argos.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which notification channels receive an alert of each severity (Argos {@code general.alerts}); {@code ok} is the
 * recovery notification. Channel names are those of the notifiers given to the engine ({@code local}, {@code mail},
 * {@code gotify}, {@code apprise:ops}...).
 *
 * @param channels per severity, the channel names (absent severity: no notification)
 * @param noAgent channels for the "no agent reported" alert
 */
public record AlertRouting(Map<Severity, List<String>> channels, List<String> noAgent) {
  /** Routes nothing anywhere. */
  public static final AlertRouting NONE = new AlertRouting(Map.of(), List.of());

  /** Copies everything. */
  public AlertRouting {
    EnumMap<Severity, List<String>> copy = new EnumMap<>(Severity.class);
    channels.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    channels = Collections.unmodifiableMap(copy);
    noAgent = List.copyOf(noAgent);
  }

  /**
   * @param channels channel names
   * @return a routing that sends every severity, and the no-agent alert, to the given channels
   */
  public static AlertRouting all(String... channels) {
    Map<Severity, List<String>> m = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      m.put(s, List.of(channels));
    }
    return new AlertRouting(m, List.of(channels));
  }

  /** @return the channels for an alert of that severity */
  public List<String> channelsFor(Severity severity) {
    return channels.getOrDefault(severity, List.of());
  }

  /** @return every channel named anywhere in this routing */
  public List<String> allChannels() {
    List<String> all = new ArrayList<>();
    channels.values().forEach(l -> l.stream().filter(c -> !all.contains(c)).forEach(all::add));
    noAgent.stream().filter(c -> !all.contains(c)).forEach(all::add);
    return all;
  }
}
