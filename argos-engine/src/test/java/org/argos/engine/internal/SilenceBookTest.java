package org.argos.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.argos.api.Silence;
import org.argos.api.StoreException;
import org.argos.api.store.Store;
import org.argos.engine.InMemoryStore;
import org.junit.jupiter.api.Test;

/** Silences live in the store, shared by every engine on it; delivery's cached view survives a store outage. */
class SilenceBookTest {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  final InMemoryStore shared = new InMemoryStore();
  final AtomicBoolean down = new AtomicBoolean();

  /** The shared store as a node sees it: reading silences fails while {@link #down} is set. */
  Store node() {
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
      if (down.get() && m.getName().equals("silences")) {
        throw new StoreException("database unreachable");
      }
      try {
        return m.invoke(shared, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  @Test
  void aSilenceAddedThroughOneBookIsHonouredByAnotherAndSurvivesAnOutage() {
    SilenceBook one = new SilenceBook(node(), Duration.ZERO);
    SilenceBook two = new SilenceBook(node(), Duration.ZERO);
    assertThat(two.current()).isEmpty();
    Silence s = new Silence("upgrade", "https://a.example", null, T0, T0.plusSeconds(3600), "upgrade");
    one.put(s);
    assertThat(two.current()).containsExactly(s);
    assertThat(two.all()).containsExactly(s);

    down.set(true);
    assertThat(two.current()).as("the last list read is honoured while the store is down").containsExactly(s);
    down.set(false);

    assertThat(two.remove("upgrade")).isTrue();
    assertThat(one.current()).isEmpty();
  }

  @Test
  void aStoreOutageIsLoggedOnceWhenItBeginsAndOnceWhenItEndsNotAtEveryRefresh() {
    PrintStream original = System.err; // slf4j-simple writes to System.err as it is at each line
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      SilenceBook book = new SilenceBook(node(), Duration.ZERO);
      book.current();
      down.set(true);
      for (int i = 0; i < 5; i++) {
        book.current();
      }
      down.set(false);
      book.current();
      book.current();
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log.split("reading the silences failed", -1)).as(log).hasSize(2);
    assertThat(log.split("the silences can be read again", -1)).as(log).hasSize(2);
  }

  @Test
  void endedSilencesArePrunedFromTheStore() {
    SilenceBook book = new SilenceBook(node(), Duration.ZERO);
    book.put(new Silence("old", "https://a.example", null, T0, T0.plusSeconds(60), ""));
    book.put(new Silence("new", "https://a.example", null, T0, T0.plusSeconds(7200), ""));
    book.current();
    book.prune(T0.plusSeconds(3600));
    assertThat(shared.silences()).extracting(Silence::id).containsExactly("new");
  }

  @Test
  void aStoreThatKeepsNoClusterStateKeepsSilencesInTheEngine() {
    Store plain = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
        (p, m, args) -> {
          if (m.isDefault()) {
            return java.lang.reflect.InvocationHandler.invokeDefault(p, m, args);
          }
          throw new UnsupportedOperationException(m.getName());
        });
    SilenceBook book = new SilenceBook(plain, Duration.ZERO);
    Silence s = new Silence("local", null, "db", T0, T0.plusSeconds(60), "");
    book.put(s);
    assertThat(book.current()).containsExactly(s);
    assertThat(book.remove("local")).isTrue();
    assertThat(book.all()).isEmpty();
  }
}
