package org.argos.engine.memory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.argos.api.Severity;
import org.argos.api.TaskLifecycle;
import org.argos.api.store.Acknowledgements;
import org.argos.engine.memory.Entries.TaskEntry;

/** Acknowledgements over the in-memory store: the task's state carries them. Called under the store's lock. */
public final class MemoryAcks implements Acknowledgements {
  /** Bounds the used tokens kept (expired ones are dropped first). */
  static final int MAX_TOKENS = 100_000;

  private final Memory m;
  private final Map<String, Instant> usedTokens = new HashMap<>();
  private String linkSecret;

  MemoryAcks(Memory m) {
    this.m = m;
  }

  @Override
  public Set<Long> acknowledge(Collection<Long> taskIds, String by, Instant at) {
    Acknowledgements.checkRequest(taskIds, by);
    Set<Long> done = new LinkedHashSet<>();
    for (long id : taskIds) {
      TaskEntry t = m.tasks.get(id);
      if (t != null && t.state != null && t.state.severity() != Severity.OK && !t.state.lifecycle().acknowledged()) {
        t.state = t.state.withLifecycle(t.state.lifecycle().acknowledge(at, by));
        done.add(id);
      }
    }
    return done;
  }

  @Override
  public Set<Long> unacknowledge(Collection<Long> taskIds) {
    Acknowledgements.checkRequest(taskIds, null);
    Set<Long> done = new LinkedHashSet<>();
    for (long id : taskIds) {
      TaskEntry t = m.tasks.get(id);
      if (t != null && t.state != null && t.state.lifecycle().acknowledged()) {
        t.state = t.state.withLifecycle(t.state.lifecycle().unacknowledge());
        done.add(id);
      }
    }
    return done;
  }

  @Override
  public String linkSecret(String candidate) {
    if (linkSecret == null) {
      linkSecret = candidate;
    }
    return linkSecret;
  }

  @Override
  public boolean useToken(String token, Instant expiresAt, Instant now) {
    if (token.isBlank() || token.length() > 200) {
      throw new IllegalArgumentException("a token is 1 to 200 characters");
    }
    if (usedTokens.size() >= MAX_TOKENS) {
      for (Iterator<Instant> i = usedTokens.values().iterator(); i.hasNext(); ) {
        if (i.next().isBefore(now)) {
          i.remove();
        }
      }
      if (usedTokens.size() >= MAX_TOKENS) {
        return false; // refuse rather than forget a token that may still be valid
      }
    }
    return usedTokens.putIfAbsent(token, expiresAt) == null;
  }
}
