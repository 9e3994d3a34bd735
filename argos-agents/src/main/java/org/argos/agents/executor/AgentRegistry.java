package org.argos.agents.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agents a server saw and when, for the no-agent alert and the agents page. Bounded, since agent ids are whatever
 * agents say: past {@code cap} entries the agent seen longest ago is forgotten, and any not seen within the expiry.
 * Thread-safe.
 */
final class AgentRegistry {
  private final int cap;
  private final Duration expiry;
  private final LinkedHashMap<String, Instant> lastSeen = new LinkedHashMap<>(); // least recently seen first
  private final Map<String, String> locationOf = new java.util.HashMap<>();
  private final Map<String, java.util.Set<String>> schemesOf = new java.util.HashMap<>();

  AgentRegistry(int cap, Duration expiry) {
    this.cap = cap;
    this.expiry = expiry;
  }

  /** Remembers that an agent was seen. */
  synchronized void seen(String agent, Instant at) {
    seen(agent, org.argos.api.Quorum.DEFAULT_LOCATION, at);
  }

  /**
   * Remembers that an agent of a location was seen where it does not say which schemes it probes (posting results):
   * the schemes it last listed stay, http(s) for an agent never seen polling.
   */
  synchronized void seen(String agent, String location, Instant at) {
    seen(agent, location, schemesOf.getOrDefault(agent, AgentSchemes.HTTP), at);
  }

  /** Remembers that an agent of a location, probing these schemes, was seen. */
  synchronized void seen(String agent, String location, java.util.Set<String> schemes, Instant at) {
    lastSeen.remove(agent); // re-inserted last: the map stays in order of last sighting
    lastSeen.put(agent, at);
    locationOf.put(agent, location);
    schemesOf.put(agent, schemes);
    expire(at);
    Iterator<String> oldest = lastSeen.keySet().iterator();
    while (lastSeen.size() > cap && oldest.hasNext()) {
      String gone = oldest.next();
      locationOf.remove(gone);
      schemesOf.remove(gone);
      oldest.remove();
    }
  }

  /** @return whether an agent seen at or after {@code since} probes the scheme */
  synchronized boolean serves(String scheme, Instant since) {
    for (Map.Entry<String, Instant> e : lastSeen.entrySet()) {
      if (!e.getValue().isBefore(since) && schemesOf.getOrDefault(e.getKey(), AgentSchemes.HTTP).contains(scheme)) {
        return true;
      }
    }
    return false;
  }

  /** @return per location, when its agent seen last was seen */
  synchronized Map<String, Instant> locations(Instant now) {
    expire(now);
    Map<String, Instant> out = new java.util.TreeMap<>();
    lastSeen.forEach((agent, at) -> out.merge(locationOf.getOrDefault(agent, org.argos.api.Quorum.DEFAULT_LOCATION), at,
        (a, b) -> a.isAfter(b) ? a : b));
    return out;
  }

  /** @return when each agent still remembered at {@code now} was last seen */
  synchronized Map<String, Instant> all(Instant now) {
    expire(now);
    return Map.copyOf(lastSeen);
  }

  private void expire(Instant now) {
    Instant cutoff = now.minus(expiry);
    Iterator<Map.Entry<String, Instant>> it = lastSeen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Instant> e = it.next();
      if (!e.getValue().isBefore(cutoff)) {
        return; // the rest were seen later
      }
      locationOf.remove(e.getKey());
      schemesOf.remove(e.getKey());
      it.remove();
    }
  }
}
