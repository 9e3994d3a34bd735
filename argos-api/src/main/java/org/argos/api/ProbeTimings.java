package org.argos.api;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where a probe's time went. A phase that did not happen (no TLS on http, a reused connection) is null.
 *
 * @param dns name resolution
 * @param connect TCP connect
 * @param tls TLS handshake
 * @param firstByte from the start to the first byte of the response headers
 * @param total from the start to the end of the body (or of the failure)
 */
public record ProbeTimings(
    @Nullable Duration dns,
    @Nullable Duration connect,
    @Nullable Duration tls,
    @Nullable Duration firstByte,
    Duration total) {

  /** @param total total duration @return timings that only know the total */
  public static ProbeTimings ofTotal(Duration total) {
    return new ProbeTimings(null, null, null, null, total);
  }
}
