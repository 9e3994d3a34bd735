package org.argos.testkit.store;

import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.argos.api.store.PushBeat;
import org.argos.api.store.PushHeartbeats;
import org.junit.jupiter.api.Test;

/**
 * The store contract on push heartbeats (issue 21): the {@link PushHeartbeats} capability keeps the latest call of
 * each push site (a later call replaces it, an older one does not), per site, across two stores on the same data when
 * the store is shared, and one key for push tokens. {@link org.argos.testkit.StoreCompatibilityKit} runs it with the
 * others.
 */
public interface PushContract extends StoreKit {
  private PushHeartbeats pushes() {
    return store().capability(PushHeartbeats.class).orElseThrow();
  }

  @Test
  default void aPushSiteWithoutACallHasNoLastCall() {
    assertThat(pushes().lastPush("push://never")).isEmpty();
  }

  @Test
  default void theLatestCallOfEachPushSiteIsKept() {
    PushBeat first = new PushBeat(T0, true, "nightly run 1");
    PushBeat second = new PushBeat(T0.plus(Duration.ofHours(1)), false, "disk full");
    pushes().recordPush("push://backup", first);
    pushes().recordPush("push://other", new PushBeat(T0, true, null));
    assertThat(pushes().lastPush("push://backup")).contains(first);
    pushes().recordPush("push://backup", second);
    assertThat(pushes().lastPush("push://backup")).contains(second);
    assertThat(pushes().lastPush("push://other")).contains(new PushBeat(T0, true, null));
  }

  @Test
  default void anOlderCallDoesNotReplaceALaterOne() {
    PushBeat later = new PushBeat(T0.plusSeconds(60), true, "later");
    pushes().recordPush("push://backup", later);
    pushes().recordPush("push://backup", new PushBeat(T0, false, "older, recorded late by another node"));
    assertThat(pushes().lastPush("push://backup")).contains(later);
  }

  @Test
  default void aMessageOfTheLongestLengthIsKeptWhole() {
    String longest = "m".repeat(PushBeat.MAX_MESSAGE);
    pushes().recordPush("push://long", new PushBeat(T0, true, longest));
    assertThat(pushes().lastPush("push://long").orElseThrow().message()).isEqualTo(longest);
  }

  @Test
  default void theFirstPushKeyStoredIsTheOneEveryCallReturns() {
    String a = "a".repeat(43);
    assertThat(pushes().pushSecret(a)).isEqualTo(a);
    assertThat(pushes().pushSecret("b".repeat(43))).isEqualTo(a);
    assertThatThrownBy(() -> pushes().pushSecret("short")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void aReplacedPushKeyIsTheOneEveryCallReturns() {
    String configured = "c".repeat(64);
    pushes().replacePushSecret(configured); // before any key was stored
    assertThat(pushes().pushSecret("a".repeat(43))).isEqualTo(configured);
    String next = "d".repeat(64);
    pushes().replacePushSecret(next); // over a stored key
    assertThat(pushes().pushSecret("a".repeat(43))).isEqualTo(next);
    assertThatThrownBy(() -> pushes().replacePushSecret("short")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void aBlankOrOverlongDomainIsRefused() {
    PushBeat beat = new PushBeat(T0, true, null);
    assertThatThrownBy(() -> pushes().recordPush(" ", beat)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pushes().recordPush("push://" + "x".repeat(PushHeartbeats.MAX_DOMAIN), beat))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
