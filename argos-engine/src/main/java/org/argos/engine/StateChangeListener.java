package org.argos.engine;

import org.argos.api.StateChange;

/**
 * Receives severity changes as soon as they are recorded. Called from the engine's writer thread: return quickly
 * (hand work to your own executor). An exception is logged and ignored.
 */
@FunctionalInterface
public interface StateChangeListener {
  /** @param change the change */
  void onStateChange(StateChange change);
}
