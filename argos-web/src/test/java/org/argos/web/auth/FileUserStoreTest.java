package org.argos.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file: passwords rules, equal cost of every failed verification, and the sessions each change ends. */
class FileUserStoreTest {
  @TempDir Path dir;
  private static final String PASSWORD = "correct horse battery";

  /** The hashes a store verified against, in order. */
  private final List<String> verified = new ArrayList<>();

  private FileUserStore counting() {
    return new FileUserStore(dir.resolve("argos-users.json"), (password, hash) -> {
      verified.add(hash);
      return FileUserStore.BCRYPT.matches(password, hash);
    });
  }

  @Test
  void everyFailedVerificationCostsOneBcryptAtTheCostOfRealHashes() {
    FileUserStore users = counting();
    users.add("alice", PASSWORD);
    users.add("dave", PASSWORD);
    users.setEnabled("dave", false);

    assertThat(users.verify("alice", "wrong password")).isFalse();
    assertThat(verified).hasSize(1);
    assertThat(users.verify("nobody", "wrong password")).as("unknown user").isFalse();
    assertThat(verified).as("an unknown user is verified against a dummy hash").hasSize(2);
    assertThat(FileUserStore.cost(verified.get(1))).isEqualTo(FileUserStore.cost(verified.get(0))).isEqualTo(FileUserStore.COST);
    assertThat(verified.get(1)).isNotEqualTo(verified.get(0));
    assertThat(users.verify("dave", PASSWORD)).as("disabled user, right password").isFalse();
    assertThat(users.verify("dave", "wrong password")).isFalse();
    assertThat(verified).as("a disabled user is verified too").hasSize(4);
    assertThat(users.verify("alice", "x".repeat(100))).as("longer than bcrypt reads: refused, not an exception").isFalse();
    assertThat(users.verify("nobody", "x".repeat(100))).isFalse();
    assertThat(verified).hasSize(6);
    assertThat(verified.stream().mapToInt(FileUserStore::cost).distinct().toArray()).containsExactly(FileUserStore.COST);
    assertThat(users.verify("alice", PASSWORD)).isTrue();
  }

  @Test
  void unknownUsersAreVerifiedAtTheCostTheStoredHashesHave() throws Exception {
    // A users file written with another cost (an older version, or edited by hand): the dummy follows it.
    Path file = dir.resolve("argos-users.json");
    String cost4 = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());
    Files.writeString(file, "[{\"name\":\"old\",\"passwordHash\":\"" + cost4 + "\",\"enabled\":true,\"createdAt\":\"\","
        + "\"lastLoginAt\":\"\"}]");
    FileUserStore users = counting();
    assertThat(users.verify("nobody", PASSWORD)).isFalse();
    assertThat(FileUserStore.cost(verified.get(0))).isEqualTo(4);
    assertThat(users.verify("old", PASSWORD)).isTrue();
  }

  /**
   * @return the median time in ms of each kind of attempt, measured in turns (one of each, again and again) so that a
   *     load that comes and goes, and the JIT warming up, weigh on every kind alike
   */
  private static long[] medianMillis(int rounds, BooleanSupplier... kinds) {
    long[][] t = new long[kinds.length][rounds];
    for (int i = 0; i < rounds; i++) {
      for (int k = 0; k < kinds.length; k++) {
        long start = System.nanoTime();
        assertThat(kinds[k].getAsBoolean()).isFalse();
        t[k][i] = System.nanoTime() - start;
      }
    }
    long[] medians = new long[kinds.length];
    for (int k = 0; k < kinds.length; k++) {
      Arrays.sort(t[k]);
      medians[k] = t[k][rounds / 2] / 1_000_000;
    }
    return medians;
  }

  @Test
  void aFailedLoginTakesAsLongForAnUnknownOrDisabledUserAsForAWrongPassword() {
    FileUserStore users = new FileUserStore(dir.resolve("argos-users.json"));
    users.add("alice", PASSWORD);
    users.add("dave", PASSWORD);
    users.setEnabled("dave", false);
    users.verify("nobody", "warm up"); // makes the dummy hash once
    long[] m = medianMillis(7, () -> users.verify("alice", "wrong password"), () -> users.verify("nobody", "wrong password"),
        () -> users.verify("dave", PASSWORD), () -> users.verify("alice", "y".repeat(200)));
    long existing = m[0];
    long unknown = m[1];
    long disabled = m[2];
    long tooLong = m[3];
    // Before the fix, unknown and disabled took about 1 ms against about 250 ms: half leaves room for a loaded machine.
    assertThat(existing).as("a bcrypt verification at cost 12").isGreaterThanOrEqualTo(20);
    assertThat(unknown).as("unknown (%d ms) vs existing (%d ms)", unknown, existing).isGreaterThanOrEqualTo(existing / 2);
    assertThat(disabled).as("disabled (%d ms) vs existing (%d ms)", disabled, existing).isGreaterThanOrEqualTo(existing / 2);
    assertThat(tooLong).as("too long (%d ms) vs existing (%d ms)", tooLong, existing).isGreaterThanOrEqualTo(existing / 2);
  }

  @Test
  void passwordsAreAtLeast12CharactersAndAtMost72Bytes() {
    FileUserStore users = new FileUserStore(dir.resolve("argos-users.json"));
    assertThatThrownBy(() -> users.add("alice", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 12 characters long, got 1");
    assertThatThrownBy(() -> users.add("alice", "")).hasMessageContaining("got 0");
    assertThatThrownBy(() -> users.add("alice", "elevenchars")).hasMessageContaining("got 11");
    assertThatThrownBy(() -> users.add("alice", "x".repeat(73))).hasMessageContaining("at most 72 bytes in UTF-8, got 73")
        .hasMessageContaining("bcrypt ignores what comes after");
    assertThatThrownBy(() -> users.add("alice", "é".repeat(37))).as("bytes, not characters").hasMessageContaining("got 74");
    assertThatThrownBy(() -> users.add("alice", "tab\tinside password")).hasMessageContaining("control characters");
    assertThat(users.all()).as("nothing was stored").isEmpty();
    users.add("alice", "twelve chars");
    users.add("bob", "é".repeat(36));
    assertThat(users.verify("bob", "é".repeat(36))).isTrue();
    assertThat(users.verify("bob", "é".repeat(36) + "more")).as("no silent truncation").isFalse();
    assertThatThrownBy(() -> users.changePassword("alice", "short")).hasMessageContaining("at least 12");
    assertThat(users.verify("alice", "twelve chars")).as("the old password stays").isTrue();
  }

  @Test
  void changesThatMustEndSessionsMoveTheUsersStamp() throws Exception {
    FileUserStore users = new FileUserStore(dir.resolve("argos-users.json"));
    Instant before = Instant.now().minusMillis(1);
    users.add("alice", PASSWORD);
    Instant added = users.sessions().validAfter("alice").orElseThrow();
    assertThat(added).as("a re-created user does not inherit sessions").isAfter(before);
    for (Runnable change : new Runnable[] {() -> users.changePassword("alice", "another passphrase"),
        () -> users.setEnabled("alice", false), () -> users.delete("alice")}) {
      Instant was = users.sessions().validAfter("alice").orElseThrow();
      Thread.sleep(2);
      change.run();
      assertThat(users.sessions().validAfter("alice").orElseThrow()).isAfter(was);
    }
    assertThat(users.sessions().file()).isEqualTo(dir.resolve("argos-sessions.json").toAbsolutePath());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("argos-users.json"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("argos-sessions.json"))))
        .isEqualTo("rw-------");
  }
}
