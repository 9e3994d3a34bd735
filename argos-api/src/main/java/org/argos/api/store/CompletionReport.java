package org.argos.api.store;

import java.util.List;
import org.argos.api.Alert;
import org.argos.api.StateChange;

/**
 * What recording runs produced.
 *
 * @param results number of results stored
 * @param changes severity changes recorded in the history
 * @param alerts alerts put in the outbox
 */
public record CompletionReport(int results, List<StateChange> changes, List<Alert> alerts) {
  /** Copies the lists. */
  public CompletionReport {
    changes = List.copyOf(changes);
    alerts = List.copyOf(alerts);
  }
}
