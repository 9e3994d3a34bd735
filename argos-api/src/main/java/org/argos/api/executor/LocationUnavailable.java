package org.argos.api.executor;

/**
 * Completes a run's stage ({@link ProbeExecutor#execute}) exceptionally when nothing could run it in its location
 * ({@link org.argos.api.store.ClaimedGroup#location()}): no agent of that location took it, or this executor is
 * elsewhere. The location then leaves the run's k-of-n verdict instead of counting as a failure.
 */
public final class LocationUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The location nothing could run the group in. */
  private final String location;

  /**
   * @param location the location
   * @param why why, for the logs
   */
  public LocationUnavailable(String location, String why) {
    super("location " + location + ": " + why, null, false, false);
    this.location = location;
  }

  /** @return the location nothing could run the group in */
  public String location() {
    return location;
  }
}
