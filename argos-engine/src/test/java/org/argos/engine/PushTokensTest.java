package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.argos.api.store.PushBeat;
import org.argos.api.store.PushHeartbeats;
import org.argos.testkit.MutableClock;
import org.junit.jupiter.api.Test;

/** Push tokens: derived from the store's key, checked without a lookup, the same on every node of one store. */
class PushTokensTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStore store = new InMemoryStore();
  private final PushHeartbeats beats = store.capability(PushHeartbeats.class).orElseThrow();
  private final PushTokens tokens = new PushTokens(beats, clock::instant);

  @Test
  void aTokenVerifiesToItsSiteAndIsTheSameForAnotherNodeOfTheStore() {
    String t = tokens.token("push://backup-job");
    assertThat(t).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    assertThat(tokens.verify(t)).contains("push://backup-job");
    assertThat(new PushTokens(beats, clock::instant).token("push://backup-job")).isEqualTo(t);
    assertThat(tokens.token("push://other")).isNotEqualTo(t);
  }

  @Test
  void anotherStoresKeyGivesAnotherToken() {
    PushTokens elsewhere = new PushTokens(new InMemoryStore().capability(PushHeartbeats.class).orElseThrow(),
        clock::instant);
    String t = tokens.token("push://backup-job");
    assertThat(elsewhere.token("push://backup-job")).isNotEqualTo(t);
    assertThat(elsewhere.verify(t)).isEmpty();
  }

  @Test
  void malformedOrForgedTokensVerifyToNothing() {
    String t = tokens.token("push://backup-job");
    String mac = t.substring(t.indexOf('.') + 1);
    String other = t.replace(t.substring(0, t.indexOf('.')), "b3RoZXI"); // "other" with backup-job's signature
    for (String bad : new String[] {null, "", ".", "x", t + ".", "." + mac, other, t.substring(0, t.length() - 1),
        "!!!." + mac, "x".repeat(PushTokens.MAX_TOKEN + 1)}) {
      assertThat(tokens.verify(bad)).as(String.valueOf(bad)).isEmpty();
    }
  }

  @Test
  void onlyPushSitesHaveTokens() {
    assertThatThrownBy(() -> tokens.token("https://example.org")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a push site");
    assertThatThrownBy(() -> tokens.token("push://" + "a".repeat(301))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCallIsRecordedAtTheEnginesTimeWithItsMessageCleaned() {
    clock.advance(Duration.ofMinutes(3));
    PushBeat b = tokens.record("push://backup-job", false, "line one\nline two " + "x".repeat(300));
    assertThat(b.at()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    assertThat(b.ok()).isFalse();
    assertThat(b.message()).startsWith("line one line two").hasSizeLessThanOrEqualTo(PushBeat.MAX_MESSAGE);
    assertThat(tokens.last("push://backup-job")).contains(b);
  }
}
