package org.argos.api.spi;

/**
 * Does the I/O for one request group. Implementations are thread-safe; the engine calls {@link #execute} from many
 * virtual threads at once.
 */
public interface Probe extends AutoCloseable {
  /**
   * Runs the request. Transport failures are returned as a response with {@link ProbeResponse#error()} set, not
   * thrown. The probe must end within {@link ProbeRequest#timeout()} (the engine interrupts it shortly after).
   *
   * @param request what to fetch
   * @return the snapshot every check of the group evaluates
   * @throws InterruptedException when the engine gives up on the probe
   */
  ProbeResponse execute(ProbeRequest request) throws InterruptedException;

  /** Releases connections and threads. */
  @Override
  default void close() {}
}
