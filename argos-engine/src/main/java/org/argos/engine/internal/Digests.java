package org.argos.engine.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.AlertRouting;
import org.argos.api.CheckSpec;
import org.argos.api.DomainStatus;
import org.argos.api.IpVersion;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.TaskState;
import org.argos.api.TaskStatus;
import org.argos.api.spi.Notification;
import org.argos.api.StatusPage;
import org.argos.api.store.Store;

/**
 * The daily digest per channel (issue 19 §6): once a day at the channel's local time, one message of what is still
 * failing among the tasks routed to it, worst first.
 *
 * <p>Every node looks each delivery round; the first to see a channel's time come enqueues the digest as an alert of
 * kind {@link AlertKind#DIGEST} with {@link org.argos.api.store.OutboxStore#enqueueOnce} keyed by channel and local
 * date, so one node in a cluster enqueues it, once, and the outbox delivers it like any alert (claim, lease, retry,
 * begun/sent records). Its message key is derived from the channel and the date: a repeat after a crash carries the
 * same key. The list is read when the message is sent.
 */
public final class Digests {
  /** How late after its time a node still enqueues a day's digest (a restart around the time still sends it). */
  static final Duration LATE = Duration.ofHours(1);
  /** The most problem domains read for one digest. */
  static final int MAX_DOMAINS = 100_000;
  private static final String URL = "argos-digest:";
  private static final int PAGE = 1000;

  /**
   * When a channel's digest goes out.
   *
   * @param at the local time
   * @param zone the time zone of {@code at}
   */
  public record Schedule(LocalTime at, ZoneId zone) {}

  private final Store store;
  private final Map<String, Schedule> schedules;
  private final AlertRouting defaultRouting;
  /** Channel to the last local date this node enqueued (or found enqueued) its digest. */
  private final Map<String, LocalDate> done = new HashMap<>();

  Digests(Store store, Map<String, Schedule> schedules, AlertRouting defaultRouting) {
    this.store = store;
    this.schedules = Map.copyOf(schedules);
    this.defaultRouting = defaultRouting;
  }

  /**
   * Enqueues each channel's digest whose local time has come today (and not more than {@link #LATE} ago).
   *
   * @param now the store's time
   * @return whether this node enqueued one
   */
  boolean enqueueDue(Instant now) {
    boolean any = false;
    for (var e : schedules.entrySet()) {
      String channel = e.getKey();
      Schedule s = e.getValue();
      LocalDate date = now.atZone(s.zone()).toLocalDate();
      if (date.equals(done.get(channel))) {
        continue;
      }
      // in a DST gap the time moves forward by the gap; in an overlap the earlier offset is taken: one digest a day
      Instant due = ZonedDateTime.of(date, s.at(), s.zone()).toInstant();
      if (now.isBefore(due)) {
        continue;
      }
      done.put(channel, date);
      if (now.isAfter(due.plus(LATE))) {
        continue; // started too long after it: the next one is tomorrow's
      }
      StateChange change = new StateChange(0, "", URL + date + "/" + s.zone().getId(), "", IpVersion.IPV4,
          new CheckSpec("digest", channel), null, Severity.OK, due, channel, 0);
      any |= store.enqueueOnce("digest|" + channel + "|" + date, AlertKind.DIGEST, change).isPresent();
    }
    return any;
  }

  /** @param digest a digest alert @return the channel it is for */
  static String channelOf(Alert digest) {
    return digest.change().message();
  }

  /** @param digest a digest alert @return its local date */
  static LocalDate dateOf(Alert digest) {
    String rest = digest.change().url().substring(URL.length());
    return LocalDate.parse(rest.substring(0, rest.indexOf('/')));
  }

  private static ZoneId zoneOf(Alert digest) {
    String rest = digest.change().url().substring(URL.length());
    return ZoneId.of(rest.substring(rest.indexOf('/') + 1));
  }

  /**
   * The message key of a channel's digest of a day: the same on every node and every attempt, another for another day.
   *
   * @param channel the channel
   * @param date the local date
   * @return 32 lower-case hex digits
   */
  static String keyOf(String channel, LocalDate date) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256")
          .digest(("digest|" + channel + "|" + date).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(sha, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * Reads what fails among the tasks routed to the digest's channel, worst first (severity, then failing the longest).
   *
   * @param digest the digest alert
   * @param key the message's idempotency key
   * @param now the store's time
   * @param baseUrl the web UI's URL, or null
   * @return the alert as notifiers show it (its message is the headline, its severity the worst) and the digest
   */
  Notification compose(Alert digest, String key, Instant now, @org.jspecify.annotations.Nullable String baseUrl) {
    String channel = channelOf(digest);
    List<Notification.Digest.Entry> failing = new ArrayList<>();
    Map<String, Optional<Site>> sites = new HashMap<>();
    for (int offset = 0; offset < MAX_DOMAINS; offset += PAGE) {
      StatusPage page = store.problems(offset, PAGE);
      for (DomainStatus d : page.domains()) {
        AlertRouting routing = sites.computeIfAbsent(d.domain(), store::site).map(Site::routing).orElse(defaultRouting);
        for (TaskStatus t : store.tasks(d.domain())) {
          TaskState s = t.state();
          if (s == null || s.severity() == Severity.OK || !routing.channelsFor(s.severity()).contains(channel)) {
            continue;
          }
          failing.add(new Notification.Digest.Entry(t.taskId(), t.domain(), t.url(), t.check().type(), s.severity(),
              s.severitySince(), s.message(), s.lifecycle().acknowledged() ? s.lifecycle().ackedBy() : null));
        }
      }
      if (page.domains().size() < PAGE) {
        break;
      }
    }
    failing.sort(Comparator.comparing(Notification.Digest.Entry::severity).reversed()
        .thenComparing(Notification.Digest.Entry::since).thenComparing(Notification.Digest.Entry::domain)
        .thenComparing(Notification.Digest.Entry::url));
    int acked = (int) failing.stream().filter(Notification.Digest.Entry::acknowledged).count();
    LocalDate date = dateOf(digest);
    Notification.Digest d = new Notification.Digest(channel, date, zoneOf(digest),
        failing.subList(0, Math.min(failing.size(), Notification.Digest.MAX_LISTED)), failing.size(), acked);
    Severity worst = failing.isEmpty() ? Severity.OK : failing.get(0).severity();
    String headline = failing.isEmpty()
        ? "daily digest " + date + ": all clear, nothing routed to " + channel + " is failing"
        : "daily digest " + date + ": " + failing.size() + (failing.size() == 1 ? " task" : " tasks") + " failing"
            + (acked > 0 ? " (" + acked + " acknowledged)" : "") + ", worst " + worst.label();
    StateChange c = digest.change();
    Alert shown = new Alert(digest.id(), AlertKind.DIGEST, new StateChange(0, "", c.url(), "", c.ipVersion(), c.check(),
        null, worst, now, headline, 0));
    return new Notification(List.of(shown), 0, baseUrl, key, List.of(digest.id()), Map.of(), null, d);
  }
}
