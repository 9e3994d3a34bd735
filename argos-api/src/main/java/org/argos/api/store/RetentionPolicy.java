package org.argos.api.store;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Retention#prune} keeps. Raw results are a bounded window (by age and/or count per task); the history of
 * state changes is small (it grows with changes, not with checks) and is kept longer, with its own age.
 *
 * @param resultsMaxAge delete raw results older than this (null: no age bound)
 * @param resultsPerTask keep at most this many raw results per task, newest (0: no count bound)
 * @param historyMaxAge delete state changes, alerts delivered and incidents resolved, older than this (null: keep
 *     forever)
 * @param batchSize rows deleted per statement and transaction, 1 to 100000
 */
public record RetentionPolicy(
    @Nullable Duration resultsMaxAge, int resultsPerTask, @Nullable Duration historyMaxAge, int batchSize) {

  /** Default batch size: small enough that each transaction is short beside a running engine. */
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  /** Validates. */
  public RetentionPolicy {
    if (resultsMaxAge != null && (resultsMaxAge.isNegative() || resultsMaxAge.isZero())) {
      throw new IllegalArgumentException("resultsMaxAge must be positive, got " + resultsMaxAge);
    }
    if (resultsPerTask < 0) {
      throw new IllegalArgumentException("resultsPerTask must be >= 0 (0: no bound), got " + resultsPerTask);
    }
    if (historyMaxAge != null && (historyMaxAge.isNegative() || historyMaxAge.isZero())) {
      throw new IllegalArgumentException("historyMaxAge must be positive, got " + historyMaxAge);
    }
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batchSize must be between 1 and 100000, got " + batchSize);
    }
  }

  /**
   * @param resultsMaxAge delete raw results older than this
   * @param resultsPerTask keep at most this many per task (0: no bound)
   * @return a policy that keeps history forever, with the default batch size
   */
  public static RetentionPolicy results(@Nullable Duration resultsMaxAge, int resultsPerTask) {
    return new RetentionPolicy(resultsMaxAge, resultsPerTask, null, DEFAULT_BATCH_SIZE);
  }

  /** @param age delete history older than this @return a copy */
  public RetentionPolicy withHistoryMaxAge(@Nullable Duration age) {
    return new RetentionPolicy(resultsMaxAge, resultsPerTask, age, batchSize);
  }

  /** @param size rows per batch @return a copy */
  public RetentionPolicy withBatchSize(int size) {
    return new RetentionPolicy(resultsMaxAge, resultsPerTask, historyMaxAge, size);
  }
}
