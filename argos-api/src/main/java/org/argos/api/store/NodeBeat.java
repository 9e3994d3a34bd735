package org.argos.api.store;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A node's last recorded heartbeat, as the store keeps it ({@link ClaimStore#lastHeartbeat}).
 *
 * @param node the node id
 * @param instance the random token of the running engine that wrote it; null when written without one
 * @param host the host it runs on
 * @param pid its process id
 * @param lastHeartbeat when it beat, by the store's clock
 * @param age how long ago, by the store's clock
 */
public record NodeBeat(String node, @Nullable String instance, String host, long pid, Instant lastHeartbeat,
    Duration age) {}
