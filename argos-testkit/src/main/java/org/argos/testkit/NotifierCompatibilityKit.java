package org.argos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.CheckSpec;
import org.argos.api.InvalidValueException;
import org.argos.api.IpVersion;
import org.argos.api.NotificationException;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link NotifierProvider} and its {@link Notifier}s keep, as an abstract JUnit 5 suite. A channel
 * runs it with a small subclass that starts a real receiver (an SMTP server, an HTTP server...) and says how to reach
 * it and how to read what it got:
 *
 * <pre>{@code
 * class GotifyKitTest extends NotifierCompatibilityKit {
 *   @RegisterExtension static WireMockExtension gotify = ...;
 *   @BeforeEach void reset() { gotify.resetAll(); gotify.stubFor(post("/message").willReturn(ok())); }
 *   protected NotifierProvider provider() { return new GotifyNotifierProvider(); }
 *   protected Map<String, Object> settings() { return Map.of("url", gotify.baseUrl(), "tokens", List.of("t")); }
 *   ...
 * }
 * }</pre>
 *
 * <p>What it checks: a single alert and a grouped notification (50 alerts listed, 2950 omitted) reach the receiver and
 * name the domain, the severity and the count; a repeated message carries the same idempotency key (where the
 * channel has a place for one, see {@link #receivedKeys()}); invalid settings are refused by {@code create} with an
 * {@link InvalidValueException} naming the setting; a receiver that is down makes {@code send} throw a
 * {@link NotificationException}, within a bound; and
 * concurrent sends from several delivery threads all arrive.
 *
 * <p>The kit reads {@link #received()} right after {@code send} returned: a notifier's {@code send} must return only
 * once the receiver accepted the message (the engine treats a normal return as delivered).
 */
public abstract class NotifierCompatibilityKit {
  /** The web UI address put in sample notifications, so that channels render their links. */
  public static final String BASE_URL = "https://argos.example.test";

  /** The time of every sample alert. */
  public static final Instant AT = Instant.parse("2026-01-28T10:15:30Z");

  private final List<Notifier> opened = new ArrayList<>();

  /** @return the provider under test */
  protected abstract NotifierProvider provider();

  /** @return settings that point at the running receiver */
  protected abstract Map<String, Object> settings();

  /**
   * @return settings that point at a receiver that is down (for example a closed port on 127.0.0.1) with a short
   *     timeout, or empty when the channel has no remote receiver (a log channel)
   */
  protected abstract Optional<Map<String, Object>> unreachableSettings();

  /**
   * @return invalid settings, keyed by the name of the setting the error message must mention (for example
   *     {@code "port" -> {port: "x", ...}}); at least one entry
   */
  protected abstract Map<String, Map<String, Object>> invalidSettings();

  /**
   * @return every message the receiver got since the test started, one string per message, holding what a person
   *     would read (subject or title, and body)
   * @throws Exception when the receiver cannot be read
   */
  protected abstract List<String> received() throws Exception;

  /**
   * @return the idempotency key of every message the receiver got since the test started (any order), or empty
   *     when the channel has no place for one (the kit then skips its key checks)
   * @throws Exception when the receiver cannot be read
   */
  protected Optional<List<String>> receivedKeys() throws Exception {
    return Optional.empty();
  }

  /** @return how many messages the receiver gets per send (for example one per mail address); 1 by default */
  protected int messagesPerSend() {
    return 1;
  }

  /** @return the longest a send to a receiver that is down may take before the test fails; 30 s by default */
  protected Duration sendBound() {
    return Duration.ofSeconds(30);
  }

  /** @return the channel name the kit creates notifiers with */
  protected String channel() {
    return "kit-" + provider().type();
  }

  /**
   * Creates a notifier that the kit closes after the test.
   *
   * @param settings its settings
   * @return the notifier
   */
  protected final Notifier open(Map<String, Object> settings) {
    Notifier n = provider().create(channel(), settings);
    opened.add(n);
    return n;
  }

  @AfterEach
  final void closeNotifiers() {
    for (Notifier n : opened) {
      n.close();
    }
    opened.clear();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sample data, also useful to channel tests outside the kit.

  /**
   * @param id the alert (and task) id
   * @param domain the site's domain; the URL is {@code https://{domain}/health}
   * @param previous the severity before, or null on a first result
   * @param current the severity now
   * @return a state-change alert for a {@code status-is: 200} check over IPv4
   */
  public static Alert sampleAlert(long id, String domain, @Nullable Severity previous, Severity current) {
    StateChange change = new StateChange(
        id,
        domain,
        "https://" + domain + "/health",
        "GET",
        IpVersion.IPV4,
        CheckSpec.of("status-is", 200),
        previous,
        current,
        AT,
        current == Severity.OK ? "status 200" : "status 503, expected 200",
        10_000 + id);
    return new Alert(id, AlertKind.STATE_CHANGE, change);
  }

  /**
   * @param domain the domain
   * @return a notification of one alert, ok → critical, with links to {@link #BASE_URL}
   */
  public static Notification singleNotification(String domain) {
    return new Notification(List.of(sampleAlert(1, domain, Severity.OK, Severity.CRITICAL)), 0, BASE_URL);
  }

  /**
   * @param listed how many alerts the notification lists (domains {@code site-000.example.net}, ...)
   * @param omitted how many more it stands for
   * @param severity the severity of every alert
   * @return a grouped notification, as the engine builds when many alerts arrive together
   */
  public static Notification groupedNotification(int listed, int omitted, Severity severity) {
    List<Alert> alerts = new ArrayList<>();
    Severity previous = severity == Severity.OK ? Severity.CRITICAL : Severity.OK;
    for (int i = 0; i < listed; i++) {
      alerts.add(sampleAlert(100 + i, groupedDomain(i), previous, severity));
    }
    List<Long> ids = new ArrayList<>();
    for (long id = 100; id < 100 + listed + omitted; id++) {
      ids.add(id);
    }
    return new Notification(alerts, omitted, BASE_URL, Notification.keyOf("kit", ids), ids);
  }

  /**
   * @param i the index of an alert in {@link #groupedNotification}
   * @return its domain
   */
  public static String groupedDomain(int i) {
    return String.format(Locale.ROOT, "site-%03d.example.net", i);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The contract.

  @Test
  void typeIsAConfigName() {
    assertThat(provider().type()).matches("[a-z][a-z0-9_-]*");
  }

  @Test
  void notifierKeepsItsChannelName() {
    assertThat(open(settings()).channel()).isEqualTo(channel());
  }

  @Test
  void singleAlertReachesTheReceiver() throws Exception {
    Notifier notifier = open(settings());
    notifier.send(singleNotification("single.example.org"));

    List<String> got = received();
    assertThat(got).hasSize(messagesPerSend());
    assertThat(got).allSatisfy(text -> assertThat(text).contains("single.example.org").containsIgnoringCase("critical"));
  }

  @Test
  void recoveryReachesTheReceiver() throws Exception {
    Notifier notifier = open(settings());
    Alert recovery = sampleAlert(2, "recovered.example.org", Severity.CRITICAL, Severity.OK);
    notifier.send(new Notification(List.of(recovery), 0, null));

    List<String> got = received();
    assertThat(got).hasSize(messagesPerSend());
    assertThat(got).allSatisfy(text -> assertThat(text).contains("recovered.example.org"));
  }

  @Test
  void groupedNotificationNamesDomainsSeverityAndCount() throws Exception {
    Notifier notifier = open(settings());
    Notification grouped = groupedNotification(50, 2950, Severity.CRITICAL);
    notifier.send(grouped);

    List<String> got = received();
    assertThat(got).hasSize(messagesPerSend());
    assertThat(got).allSatisfy(text -> assertThat(text)
        .contains(groupedDomain(0))
        .containsIgnoringCase("critical")
        .contains(String.valueOf(grouped.total())));
  }

  @Test
  void aRepeatCarriesTheSameIdempotencyKeyAndAnotherMessageAnother() throws Exception {
    Notifier notifier = open(settings());
    Notification grouped = groupedNotification(20, 580, Severity.CRITICAL);
    notifier.send(grouped);
    notifier.send(grouped); // the engine repeats a message it cannot know arrived
    notifier.send(singleNotification("other.example.org"));

    Optional<List<String>> keys = receivedKeys();
    assumeTrue(keys.isPresent(), "this channel carries no idempotency key");
    List<String> got = keys.get();
    int per = messagesPerSend();
    assertThat(got).hasSize(3 * per);
    assertThat(got).doesNotContainNull().filteredOn(grouped.idempotencyKey()::equals).hasSize(2 * per);
    assertThat(got).filteredOn(k -> !k.equals(grouped.idempotencyKey())).hasSize(per).containsOnly(
        singleNotification("other.example.org").idempotencyKey());
  }

  @Test
  void invalidSettingsAreRefusedNamingTheSetting() {
    Map<String, Map<String, Object>> cases = invalidSettings();
    assertThat(cases).as("invalidSettings() must give at least one case").isNotEmpty();
    cases.forEach((setting, bad) -> assertThatThrownBy(() -> open(bad))
        .as("settings %s", bad)
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining(setting));
  }

  @Test
  void sendToAReceiverThatIsDownThrowsWithinTheBound() {
    Optional<Map<String, Object>> down = unreachableSettings();
    assumeTrue(down.isPresent(), "this channel has no remote receiver");
    Notifier notifier = open(down.get());
    assertTimeoutPreemptively(sendBound(), () -> {
      assertThatThrownBy(() -> notifier.send(singleNotification("down.example.org")))
          .isInstanceOf(NotificationException.class);
    });
  }

  @Test
  void concurrentSendsAllArrive() throws Exception {
    Notifier notifier = open(settings());
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String domain = "concurrent-" + i + ".example.org";
        futures.add(pool.submit(() -> {
          start.await();
          notifier.send(singleNotification(domain));
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(sendBound().toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> got = received();
    assertThat(got).hasSize(threads * messagesPerSend());
    for (int i = 0; i < threads; i++) {
      String domain = "concurrent-" + i + ".example.org";
      assertThat(got).filteredOn(text -> text.contains(domain)).hasSize(messagesPerSend());
    }
  }

  @Test
  void closeTwiceIsHarmless() {
    Notifier notifier = provider().create(channel(), settings());
    notifier.close();
    notifier.close();
  }
}
