package org.argos.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class KeyedPermitsTest {
  @Test
  void aKeyHasItsPermitsAndOtherKeysTheirOwn() throws Exception {
    KeyedPermits permits = new KeyedPermits(2);
    KeyedPermits.Entry a1 = permits.acquire("10.0.0.1");
    KeyedPermits.Entry a2 = permits.acquire("10.0.0.1");
    assertThat(permits.tryAcquire("10.0.0.1")).isNull();
    KeyedPermits.Entry b = permits.tryAcquire("10.0.0.2");
    assertThat(b).isNotNull();
    assertThat(permits.keys()).isEqualTo(2);

    CompletableFuture<KeyedPermits.Entry> third = new CompletableFuture<>();
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        third.complete(permits.acquire("10.0.0.1"));
      } catch (InterruptedException e) {
        third.completeExceptionally(e);
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.WAITING);
    assertThat(third).isNotDone();
    permits.release("10.0.0.1", a1);
    KeyedPermits.Entry a3 = third.get();
    permits.release("10.0.0.1", a2);
    permits.release("10.0.0.1", a3);
    permits.release("10.0.0.2", b);
    assertThat(permits.keys()).isZero(); // nothing kept for idle addresses
  }

  @Test
  void aWaiterInterruptedLeavesNothingBehind() throws Exception {
    KeyedPermits permits = new KeyedPermits(1);
    KeyedPermits.Entry held = permits.acquire("::1");
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        permits.acquire("::1");
      } catch (InterruptedException e) {
        failed.complete(e);
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.WAITING);
    waiter.interrupt();
    assertThat(failed.get()).isInstanceOf(InterruptedException.class);
    permits.release("::1", held);
    assertThat(permits.keys()).isZero();
    assertThat(permits.tryAcquire("::1")).isNotNull(); // the interrupted waiter took no permit
  }
}
