package org.argos.engine;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Whether the engine is doing its work, for a host's health endpoint: an HTTP server that answers says nothing about
 * a scheduler thread that has stopped. Given by {@link Argos#health()}.
 *
 * @param live true when the engine is started, not dead, its scheduler went round recently and its writer is not
 *     stuck (the bounds are {@link Argos.Builder#stallAfter})
 * @param problem why it is not live (one line, no internals), or null when it is
 * @param alive false once the engine has marked itself dead: one of its loops kept failing (for example out of
 *     memory) and cannot go on; the host should exit and be restarted
 * @param lastSchedulerTick when the scheduler last went round its loop (it does several times a second), or null
 *     before {@link Argos#start()}
 * @param writerBacklog finished runs waiting to be recorded in the store
 * @param lastWrite when the writer last recorded a batch or found nothing waiting, or null before it started
 * @param deliveryBacklog alerts waiting in the outbox, as alert delivery last saw them
 * @param errors throwables the engine's loops caught since the engine was built (each logged, the loop went on)
 * @param lastErrorType the class name of the last one, or null
 * @param lastError the last one in one line (where, class and message), or null; it may name internals, so a public
 *     endpoint shows {@code lastErrorType} at most
 * @param lastErrorAt when the last one was caught, or null
 * @param storeWrites whether the store takes the engine's writes, what is held in memory meanwhile and what was lost;
 *     failing writes do not make the engine not {@code live} by themselves (a restart would not help and would lose
 *     what is held), but a writer that records nothing for {@link Argos.Builder#stallAfter} does
 */
public record EngineHealth(
    boolean live,
    @Nullable String problem,
    boolean alive,
    @Nullable Instant lastSchedulerTick,
    long writerBacklog,
    @Nullable Instant lastWrite,
    long deliveryBacklog,
    long errors,
    @Nullable String lastErrorType,
    @Nullable String lastError,
    @Nullable Instant lastErrorAt,
    StoreWrites storeWrites) {}
