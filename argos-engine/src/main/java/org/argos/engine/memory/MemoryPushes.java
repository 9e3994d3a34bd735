package org.argos.engine.memory;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.argos.api.store.PushBeat;
import org.argos.api.store.PushHeartbeats;

/**
 * Push heartbeats in memory: the latest call per push site. Under no store lock (a call of a push URL must not wait
 * for a batch of results); the map grows with push sites only, since the web side records calls for registered push
 * sites alone.
 */
public final class MemoryPushes implements PushHeartbeats {
  private final ConcurrentHashMap<String, PushBeat> last = new ConcurrentHashMap<>();
  private final AtomicReference<String> secret = new AtomicReference<>();

  @Override
  public void recordPush(String domain, PushBeat beat) {
    last.merge(PushHeartbeats.checkDomain(domain), beat, (old, neu) -> neu.at().isBefore(old.at()) ? old : neu);
  }

  @Override
  public Optional<PushBeat> lastPush(String domain) {
    return Optional.ofNullable(last.get(domain));
  }

  @Override
  public String pushSecret(String candidate) {
    secret.compareAndSet(null, PushHeartbeats.checkSecret(candidate));
    return secret.get();
  }

  @Override
  public void replacePushSecret(String key) {
    secret.set(PushHeartbeats.checkSecret(key));
  }
}
