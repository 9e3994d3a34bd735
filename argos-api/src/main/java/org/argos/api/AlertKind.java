package org.argos.api;

/** Why an alert was raised. */
public enum AlertKind {
  /** The task's severity changed in a way the alert rules say to notify. */
  STATE_CHANGE,
  /** The task is still failing and the reminder interval has passed. */
  REMINDER,
  /** Remote agents are configured and none has reported for too long. */
  NO_AGENT,
  /**
   * The task changed severity too often within its flapping window ({@link AlertLifecycle.Flapping}); its alerts are
   * held until it is stable. The change carries its severity now.
   */
  FLAPPING,
  /**
   * A channel's daily digest (issue 19 §6): one message, at the channel's local time, of what is still failing among
   * the tasks routed to it. Its change has no task (id 0); {@link org.argos.api.spi.Notification#digest()} carries the
   * list.
   */
  DIGEST
}
