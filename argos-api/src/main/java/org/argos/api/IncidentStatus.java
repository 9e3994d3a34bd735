package org.argos.api;

import java.util.Locale;

/**
 * Where an {@link Incident} stands, as a status page tells it. The first three are active; {@link #RESOLVED} ends it.
 */
public enum IncidentStatus {
  /** Something is wrong and its reason is being looked for. */
  INVESTIGATING,
  /** The reason is known and being fixed. */
  IDENTIFIED,
  /** A fix is in place and being watched. */
  MONITORING,
  /** Over. */
  RESOLVED;

  /** @return the lower-case name used in the API, the UI and configs */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @return true unless {@link #RESOLVED} */
  public boolean active() {
    return this != RESOLVED;
  }

  /**
   * @param label a label, case-insensitive
   * @return its status
   * @throws InvalidValueException naming the accepted labels
   */
  public static IncidentStatus parse(String label) {
    for (IncidentStatus s : values()) {
      if (s.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
        return s;
      }
    }
    throw new InvalidValueException("expected one of investigating, identified, monitoring, resolved, got '"
        + (label == null ? "" : label.length() > 40 ? label.substring(0, 40) + "…" : label) + "'");
  }
}
