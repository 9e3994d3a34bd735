package org.argos.api;

/**
 * A decided notification, as stored in the outbox and handed to notifiers.
 *
 * @param id the outbox id (unique per store)
 * @param kind why it was raised
 * @param change the state change it is about
 */
public record Alert(long id, AlertKind kind, StateChange change) {
  /** @return the severity being notified */
  public Severity severity() {
    return change.current();
  }
}
