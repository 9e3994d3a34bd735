package org.argos.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRevocationsTest {
  @TempDir Path dir;
  private final Instant now = Instant.parse("2026-01-01T10:00:00Z");

  private Path file() {
    return dir.resolve(SessionRevocations.FILE_NAME);
  }

  @Test
  void aLoggedOutSessionStaysEndedUntilItsExpiryAndOthersLiveOn() {
    SessionRevocations r = SessionRevocations.inFile(file());
    assertThat(r.ended("alice", now, "nonce-1")).isFalse();
    r.end("alice", "nonce-1", now.plus(Duration.ofHours(1)), now);
    assertThat(r.ended("alice", now, "nonce-1")).isTrue();
    assertThat(r.ended("alice", now, "nonce-2")).as("another session of the same user").isFalse();
    assertThat(SessionRevocations.inFile(file()).ended("alice", now, "nonce-1")).as("a restart reads the file").isTrue();
    assertThat(r.records()).isEqualTo(1);
    // The next write after the session's own expiry drops its record: the cookie is refused by its expiry anyway.
    r.end("bob", "nonce-3", now.plus(Duration.ofHours(3)), now.plus(Duration.ofHours(2)));
    assertThat(r.records()).isEqualTo(1);
    assertThat(r.ended("bob", now, "nonce-3")).isTrue();
  }

  @Test
  void theStampEndsEverySessionIssuedUpToItAndNoneAfter() {
    SessionRevocations r = SessionRevocations.inFile(file());
    r.end("Alice", "old", now.plus(Duration.ofDays(1)), now);
    r.endAll("alice", now);
    assertThat(r.ended("alice", now.minusSeconds(5), "a")).isTrue();
    assertThat(r.ended("ALICE", now, "b")).as("at the stamp itself, and names in any case").isTrue();
    assertThat(r.ended("alice", now.plusMillis(1), "c")).isFalse();
    assertThat(r.ended("bob", now.minusSeconds(5), "d")).as("other users are not touched").isFalse();
    assertThat(r.records()).as("the stamp covers the user's records").isZero();
    r.endAll("alice", now.minusSeconds(60));
    assertThat(r.validAfter("alice")).as("a stamp never moves back").contains(now);
  }

  @Test
  void recordsAreBoundedPerUserByMovingTheStampInstead() {
    SessionRevocations r = SessionRevocations.inFile(file());
    Instant expiry = now.plus(Duration.ofDays(7));
    for (int i = 0; i < SessionRevocations.MAX_PER_USER; i++) {
      r.end("mallory", "n" + i, expiry, now);
    }
    r.end("alice", "a", expiry, now);
    assertThat(r.records()).isEqualTo(SessionRevocations.MAX_PER_USER + 1);
    Instant later = now.plusSeconds(10);
    r.end("mallory", "one-too-many", expiry, later);
    assertThat(r.records()).as("mallory's records gave way to a stamp; alice's stays").isEqualTo(1);
    assertThat(r.ended("mallory", later, "one-too-many")).isTrue();
    assertThat(r.ended("mallory", now, "n3")).isTrue();
    assertThat(r.ended("mallory", later.plusMillis(1), "new")).isFalse();
    assertThat(r.ended("alice", now, "a")).isTrue();
  }

  @Test
  void theFileIsOwnerOnlyAndHoldsNoNonce() throws Exception {
    SessionRevocations r = SessionRevocations.inFile(file());
    r.end("alice", "secret-nonce-value", now.plus(Duration.ofHours(1)), now);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    assertThat(Files.readString(file())).doesNotContain("secret-nonce-value").contains("alice");
    assertThat(dir.resolve(SessionRevocations.FILE_NAME + ".lock")).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SessionRevocations.FILE_NAME + ".lock"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aSameSizeSameTimeRewriteIsSeenBecauseFreshFilesAreNotTrusted() throws Exception {
    SessionRevocations server = SessionRevocations.inFile(file());
    SessionRevocations cli = SessionRevocations.inFile(file());
    cli.endAll("alice", now);
    assertThat(server.ended("alice", now.plusSeconds(1), "x")).isFalse();
    FileTime time = Files.getLastModifiedTime(file());
    cli.endAll("alice", now.plusSeconds(2)); // same size: only a digit changes
    Files.setLastModifiedTime(file(), time);
    assertThat(server.ended("alice", now.plusSeconds(1), "x")).as("re-read: the file is too fresh to trust its time")
        .isTrue();
  }

  @Test
  void concurrentWritersLoseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          SessionRevocations own = SessionRevocations.inFile(file()); // as separate processes would each have theirs
          for (int i = 0; i < 10; i++) {
            own.end("user" + thread, "n" + thread + "-" + i, now.plus(Duration.ofHours(1)), now);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(SessionRevocations.inFile(file()).records()).isEqualTo(40);
  }

  @Test
  void anUnreadableFileEndsEverySessionAndWritesNameIt() throws Exception {
    Files.writeString(file(), "{\"valid_after\": {\"alice\": \"yesterday\"}}");
    SessionRevocations r = SessionRevocations.inFile(file());
    assertThat(r.ended("bob", now, "x")).as("fail closed").isTrue();
    assertThatThrownBy(() -> r.endAll("bob", now)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file().toString()).hasMessageContaining("not valid");
    assertThat(Files.readString(file())).as("nothing stored is lost").contains("yesterday");
    Files.writeString(file(), "[]");
    assertThat(SessionRevocations.inFile(file()).ended("bob", now, "x")).isTrue();
    Files.delete(file());
    assertThat(r.ended("bob", now, "x")).as("no file: nothing ended").isFalse();
  }

  @Test
  void inMemoryRevocationsWorkTheSame() {
    SessionRevocations r = SessionRevocations.inMemory();
    assertThat(r.file()).isNull();
    r.end("alice", "n", now.plusSeconds(60), now);
    assertThat(r.ended("alice", now, "n")).isTrue();
    r.endAll("bob", now);
    assertThat(r.ended("bob", now, "m")).isTrue();
    assertThat(r.ended("bob", now.plusMillis(1), "m")).isFalse();
  }
}
