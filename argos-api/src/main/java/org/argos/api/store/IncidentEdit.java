package org.argos.api.store;

import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.IncidentUpdate;
import org.jspecify.annotations.Nullable;

/**
 * A person's change to an incident ({@link Incidents#edit}): any of a new title, a new status and a message. A new
 * status or a message adds a timeline entry; a status set by a person is never changed by the engine afterwards (see
 * {@link Incidents}).
 *
 * @param title the new title, or null to keep it
 * @param status the new status, or null to keep it
 * @param message a message for the timeline, or null
 * @param author who, at most {@link IncidentUpdate#MAX_AUTHOR} characters
 */
public record IncidentEdit(@Nullable String title, @Nullable IncidentStatus status, @Nullable String message,
    String author) {
  /** Validates. @throws org.argos.api.InvalidValueException naming the field */
  public IncidentEdit {
    title = title == null ? null : Incident.checkTitle(title);
    message = message == null ? null : IncidentUpdate.checkMessage(message);
    author = IncidentUpdate.checkAuthor(author);
  }
}
