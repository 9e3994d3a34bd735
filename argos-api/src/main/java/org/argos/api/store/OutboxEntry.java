package org.argos.api.store;

import java.util.Set;
import org.argos.api.Alert;

/**
 * An alert waiting in the outbox.
 *
 * @param alert the alert
 * @param attempts delivery attempts so far
 * @param deliveredChannels channels that already received it (a retry skips them)
 */
public record OutboxEntry(Alert alert, int attempts, Set<String> deliveredChannels) {
  /** Copies the set. */
  public OutboxEntry {
    deliveredChannels = Set.copyOf(deliveredChannels);
  }
}
