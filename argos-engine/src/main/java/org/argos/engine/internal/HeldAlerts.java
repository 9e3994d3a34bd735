package org.argos.engine.internal;

import java.util.ArrayDeque;
import org.argos.api.AlertKind;
import org.argos.api.StateChange;
import org.argos.api.StoreException;
import org.argos.api.store.Store;

/**
 * Alerts the store could not take into its outbox, kept in memory, in order, up to a bound, and put into the outbox
 * once the store accepts writes again. An alert beyond the bound is counted as lost (never silently dropped).
 * Thread-safe.
 */
public final class HeldAlerts {
  private static final String LOOP = "alert outbox";

  private record Held(AlertKind kind, StateChange change) {}

  private final Store store;
  private final int bound;
  private final WriteHealth health;
  private final Runnable onEnqueued;
  private final ArrayDeque<Held> held = new ArrayDeque<>();

  /**
   * @param store the outbox
   * @param bound alerts held at most
   * @param health told about failed and working writes, and about lost alerts
   * @param onEnqueued called after alerts reached the outbox (wakes delivery)
   */
  public HeldAlerts(Store store, int bound, WriteHealth health, Runnable onEnqueued) {
    this.store = store;
    this.bound = bound;
    this.health = health;
    this.onEnqueued = onEnqueued;
  }

  /**
   * Puts an alert in the outbox, or holds it when the store refuses (or when older held alerts wait: order is kept).
   *
   * @param kind the alert's kind
   * @param change what it is about
   * @return true when it reached the outbox now
   */
  public boolean enqueue(AlertKind kind, StateChange change) {
    synchronized (this) {
      if (held.isEmpty()) {
        try {
          store.enqueue(kind, change);
          health.succeeded(LOOP);
        } catch (StoreException e) {
          health.failed(LOOP, "enqueue an alert", e);
          hold(new Held(kind, change));
          return false;
        }
      } else {
        hold(new Held(kind, change));
        return false;
      }
    }
    onEnqueued.run();
    return true;
  }

  private void hold(Held h) {
    if (held.size() >= bound) {
      health.alertsLost(1);
    } else {
      held.add(h);
    }
  }

  /** @return alerts waiting in memory */
  public synchronized int size() {
    return held.size();
  }

  /** Tries to put the held alerts into the outbox, oldest first, stopping at the first refusal. */
  public void flush() {
    int moved = 0;
    synchronized (this) {
      while (!held.isEmpty()) {
        Held h = held.peek();
        try {
          store.enqueue(h.kind(), h.change());
        } catch (StoreException e) {
          health.failed(LOOP, "enqueue " + held.size() + " held alerts", e);
          break;
        }
        held.poll();
        moved++;
      }
      if (held.isEmpty() && moved > 0) {
        health.succeeded(LOOP);
      }
    }
    if (moved > 0) {
      onEnqueued.run();
    }
  }

  /** The engine stops: what is still held will not be sent. */
  public synchronized void closed() {
    health.alertsLost(held.size());
    held.clear();
  }
}
