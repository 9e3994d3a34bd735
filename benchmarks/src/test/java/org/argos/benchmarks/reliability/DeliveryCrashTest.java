package org.argos.benchmarks.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 17, failure 3: a node killed with {@code kill -9} while the webhook receiver answers its message, and a second
 * node taking over (real processes, real PostgreSQL). The repeat is allowed (nobody can know the receiver got it), but
 * under the same key and with the same alerts, so a receiver that keeps keys counts each alert exactly once.
 */
class DeliveryCrashTest {
  private static final String PG = System.getenv().getOrDefault("ARGOS_TEST_PGHOST", "127.0.0.1") + ":"
      + System.getenv().getOrDefault("ARGOS_TEST_PGPORT", "5432");

  @Test
  void aKillDuringDeliveryRepeatsTheMessageUnderItsKeyAndNothingElse() throws Exception {
    DeliveryCrash.Result r = DeliveryCrash.run(PG, 600, 20);
    System.out.println("delivery crash: " + r);

    assertThat(r.duplicatesRaw()).as("the held message was received, then repeated by the second node").isPositive();
    assertThat(r.missed()).isZero();
    assertThat(r.messagesWithoutKey()).isZero();
    assertThat(r.duplicatesAfterKeys()).as("each alert once after dropping repeated keys").isZero();
    assertThat(r.resentUnderNewKey()).as("no delivered alert re-sent under a key a receiver has not seen").isZero();
  }
}
