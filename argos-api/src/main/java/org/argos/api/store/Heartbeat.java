package org.argos.api.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a heartbeat recorded with an instance token answers ({@link ClaimStore#heartbeat(String, String, String, long,
 * Instant)}).
 *
 * @param storeTime the store's current time
 * @param overwritten the node's row as it was before this beat when another instance (a different token) had written
 *     it; null when the row was this instance's own, or absent
 */
public record Heartbeat(Instant storeTime, @Nullable NodeBeat overwritten) {}
