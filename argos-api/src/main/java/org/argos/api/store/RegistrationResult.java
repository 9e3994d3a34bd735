package org.argos.api.store;

/**
 * What {@link SiteStore#register} changed.
 *
 * @param created true when the site was new
 * @param tasksAdded tasks created
 * @param tasksKept tasks that existed with the same key (their state and history are kept)
 * @param tasksRemoved tasks deleted because the site no longer has them
 */
public record RegistrationResult(boolean created, int tasksAdded, int tasksKept, int tasksRemoved) {
  /** @return true when nothing changed in the set of tasks */
  public boolean unchanged() {
    return !created && tasksAdded == 0 && tasksRemoved == 0;
  }
}
