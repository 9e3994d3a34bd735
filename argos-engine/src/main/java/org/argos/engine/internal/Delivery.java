package org.argos.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.AlertRouting;
import org.argos.api.ProbePeer;
import org.argos.api.Severity;
import org.argos.api.Silence;
import org.argos.api.Site;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.argos.api.store.Store;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the alert outbox on its own thread, so sending never blocks checking. Alerts claimed together are grouped
 * per (channel, severity), then by cause ({@link Causes}), into one notification each listing the worst first (top N
 * plus a count), so a mass outage is a handful of messages naming what broke. A failed channel is retried with
 * exponential backoff up to a cap; channels that already received an alert are not sent it again. What silences
 * change about alerts is {@link SilencedAlerts}' part; what {@code depends_on} holds, {@link Dependencies}'.
 */
public final class Delivery {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  /** Delivery settings. */
  public record Settings(Duration groupWindow, int listed, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
      Duration sendTimeout, @org.jspecify.annotations.Nullable String baseUrl, Duration causeHold) {
    /** Settings without cause holds (alerts of a told cause are not held back). */
    public Settings(Duration groupWindow, int listed, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
        Duration sendTimeout, @org.jspecify.annotations.Nullable String baseUrl) {
      this(groupWindow, listed, initialBackoff, maxBackoff, maxAttempts, sendTimeout, baseUrl, Duration.ZERO);
    }
  }

  private final Store store;
  private final Map<String, Notifier> notifiers;
  private final AlertRouting defaultRouting;
  private final Clock clock;
  private final String node;
  private final Settings settings;
  private final EngineMeters meters;
  private final Liveness liveness;
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<String> warnedChannels = ConcurrentHashMap.newKeySet();
  private final SilenceBook silences;
  private final SilencedAlerts silenced;
  private final Dependencies dependencies;
  private final CauseHolds holds;
  /** Opens and grows incidents from claimed alerts, when the store keeps incidents. */
  private final @Nullable IncidentBook incidents;
  private volatile boolean running;
  private volatile boolean pending;
  /** True while the look for what ended silences kept fails (logged once per change). */
  private boolean silenceLookFailing;
  private Thread thread;
  /** Signs acknowledgement links for messages, when the store acknowledges and a base URL is set. */
  private volatile org.argos.engine.@org.jspecify.annotations.Nullable AckLinks ackLinks;
  /** The channels' daily digests; none by default. */
  private volatile Digests digests;
  /** True while enqueueing a due digest fails (logged once per change). */
  private boolean digestFailing;

  /**
   * @param store the outbox
   * @param notifiers notifiers by channel
   * @param defaultRouting routing for sites without their own
   * @param clock time
   * @param node this node's id
   * @param settings grouping and retry settings
   * @param meters counters
   * @param liveness where the loop reports its backlog and what it catches
   */
  public Delivery(Store store, Map<String, Notifier> notifiers, AlertRouting defaultRouting, Clock clock, String node,
      Settings settings, EngineMeters meters, Liveness liveness) {
    this.store = store;
    this.notifiers = Map.copyOf(notifiers);
    this.defaultRouting = defaultRouting;
    this.clock = clock;
    this.node = node;
    this.settings = settings;
    this.meters = meters;
    this.liveness = liveness;
    this.silences = new SilenceBook(store);
    this.dependencies = new Dependencies(store);
    this.holds = new CauseHolds(settings.causeHold());
    this.incidents = store.capability(org.argos.api.store.Incidents.class)
        .map(i -> new IncidentBook(i, store, clock, meters)).orElse(null);
    this.digests = new Digests(store, Map.of(), defaultRouting);
    this.silenced = new SilencedAlerts(store, clock, meters, silences, this::alertEnqueued,
        domain -> dependencies.heldBy(store.site(domain).orElse(null)) != null);
  }

  /**
   * @param schedules the channels that get a daily digest, and when (replaces earlier ones; call before
   *     {@link #start})
   */
  public void digests(Map<String, Digests.Schedule> schedules) {
    this.digests = new Digests(store, schedules, defaultRouting);
  }

  /** @param links signs the acknowledgement links put in messages about failing tasks */
  public void ackLinks(org.argos.engine.AckLinks links) {
    this.ackLinks = links;
  }

  /** A link per listed alert of a failing task, the same for the same alert (a repeated message is unchanged). */
  private Map<Long, String> ackUrls(List<Alert> listed) {
    org.argos.engine.AckLinks links = ackLinks;
    String base = settings.baseUrl();
    if (links == null || base == null) {
      return Map.of();
    }
    String root = base.strip().replaceAll("/+$", "");
    Map<Long, String> urls = new java.util.HashMap<>();
    for (Alert a : listed) {
      if (a.change().taskId() > 0 && a.severity() != org.argos.api.Severity.OK) {
        Instant expires = a.change().at().plus(org.argos.engine.AckLinks.VALID);
        urls.put(a.id(), root + "/ack/" + links.token(a.change().taskId(), a.id(), expires));
      }
    }
    return urls;
  }

  /** An alert was put in the outbox on this thread (what an ended silence kept): go round again. */
  private void alertEnqueued() {
    pending = true;
  }

  /** @param silence a maintenance window to honour (replaces one with the same id) */
  public void silence(Silence silence) {
    silences.put(silence);
  }

  /** @param id a silence id @return true if it existed */
  public boolean unsilence(String id) {
    boolean existed = silences.remove(id);
    wakeUp(); // what it kept from receivers is told at the next round
    return existed;
  }

  /** @return the silences, including expired ones not yet removed */
  public List<Silence> silences() {
    return silences.all();
  }

  /** Starts the delivery thread. */
  public synchronized void start() {
    running = true;
    pending = true;
    thread = Thread.ofPlatform().name("argos-delivery").daemon(true).start(this::loop);
  }

  /** New alerts are in the outbox. */
  public void wakeUp() {
    pending = true;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Stops after the current round. */
  public void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
      try {
        t.join(settings.sendTimeout().plusSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    senders.shutdownNow();
  }

  private void loop() {
    long failures = 0;
    long errorsInARow = 0;
    while (running) {
      try {
        if (!pending) {
          LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // also picks up retries coming due
        }
        pending = false;
        if (!running) {
          return;
        }
        try {
          dependencies.newRound();
          silenced.tellWhatEndedSilencesKept();
          if (silenceLookFailing) {
            silenceLookFailing = false;
            LOG.info("looking for failures that ended silences kept from receivers works again");
          }
        } catch (RuntimeException e) { // alerts already in the outbox still go; the next look comes within 30 s
          meters.storeError();
          if (!silenceLookFailing) { // once per change, not per attempt
            silenceLookFailing = true;
            LOG.warn("looking for failures that ended silences kept from receivers failed: {}", e.toString());
          }
        }
        enqueueDigests();
        long pendingAlerts = store.pendingAlerts();
        liveness.deliveryBacklog(pendingAlerts);
        if (pendingAlerts == 0) {
          failures = 0;
          errorsInARow = recovered(errorsInARow);
          continue;
        }
        if (!settings.groupWindow().isZero()) {
          // let a burst of changes gather so it goes out as a few grouped messages (wake-ups do not cut it short)
          long deadline = System.nanoTime() + settings.groupWindow().toNanos();
          for (long left; running && (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
          }
          pending = false;
        }
        Instant now = clock.instant();
        List<OutboxEntry> entries = store.claimAlerts(node, now, 10_000, now.plus(settings.sendTimeout().multipliedBy(3)));
        failures = 0;
        if (!entries.isEmpty()) {
          deliver(entries);
          pending = true; // there may be more
        }
        errorsInARow = recovered(errorsInARow);
      } catch (RuntimeException e) {
        failures++;
        meters.storeError();
        if (failures == 1 || failures % 20 == 0) {
          LOG.warn("alert delivery could not read the outbox ({} failures in a row): {}", failures, e.toString());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(10_000, 200L << Math.min(6, failures))));
      } catch (Throwable t) {
        // out of memory, or a store's Error: the alerts stay in the outbox; pause and go round again
        Duration pause = liveness.failed("alert delivery", t, ++errorsInARow);
        if (pause == null) {
          return;
        }
        pending = true;
        LockSupport.parkNanos(pause.toNanos());
      }
    }
  }

  /** Every node looks each round; the store lets one enqueue each channel's digest of the day. */
  private void enqueueDigests() {
    try {
      digests.enqueueDue(clock.instant());
      if (digestFailing) {
        digestFailing = false;
        LOG.info("enqueueing daily digests works again");
      }
    } catch (RuntimeException e) { // the digest is enqueued by this node's next round or another node's
      meters.storeError();
      if (!digestFailing) {
        digestFailing = true;
        LOG.warn("enqueueing a daily digest failed: {}", e.toString());
      }
    }
  }

  private long recovered(long errorsInARow) {
    if (errorsInARow > 0) {
      liveness.recovered("alert delivery", errorsInARow);
    }
    return 0;
  }

  private void deliver(List<OutboxEntry> entries) {
    // bucket: channel -> severity -> entries still owed to that channel
    Map<String, Map<Severity, List<OutboxEntry>>> buckets = new LinkedHashMap<>();
    Map<String, Map<Severity, List<OutboxEntry>>> followUps = new LinkedHashMap<>(); // back from a hold
    Set<Long> held = new HashSet<>(); // held back now: their causes were just told
    Map<Long, Set<String>> owed = new HashMap<>();
    Map<String, Optional<Site>> sites = new HashMap<>();
    Instant claimedAt = clock.instant();
    silences.prune(claimedAt.minus(Duration.ofDays(1)));
    List<OutboxEntry> kept = new ArrayList<>(entries.size());
    List<Long> tasks = new ArrayList<>();
    for (OutboxEntry e : entries) {
      if (e.alert().change().taskId() > 0) {
        tasks.add(e.alert().change().taskId());
      }
    }
    if (incidents != null) { // what the sites went through, whatever silences and holds keep from receivers
      incidents.observe(entries, d -> sites.computeIfAbsent(d, store::site));
    }
    Map<Long, Severity> toldBeforeSilence = store.silencedTasks(tasks);
    dependencies.newRound();
    List<OutboxEntry> digestEntries = new ArrayList<>();
    for (OutboxEntry e : entries) {
      Alert a = e.alert();
      if (a.kind() == AlertKind.DIGEST) { // a report, not an alert about a task: neither silenced nor held
        digestEntries.add(e);
        continue;
      }
      Optional<Site> site = sites.computeIfAbsent(a.change().domain(), store::site);
      if (silenced.covered(site.orElse(null), a)) {
        store.silenced(a, claimedAt);
        continue;
      }
      if (a.severity() == Severity.OK && dependencies.released(a.change().domain())) {
        silenced.lookSoon(); // a parent others depend on is back: what they still fail is told at the next round
      }
      String parent = a.kind() == AlertKind.NO_AGENT ? null : dependencies.heldBy(site.orElse(null));
      if (parent != null) {
        meters.alertSilenced();
        LOG.info("alert {} for {} held: the site it depends on, {}, is down", a.id(), a.change().url(), parent);
        store.silenced(a, claimedAt); // recorded as held, like a silenced alert; told when the parent recovers
        continue;
      }
      Alert told = silenced.afterSilence(a, toldBeforeSilence.get(a.change().taskId()));
      if (told == null) {
        store.silenced(a, claimedAt);
        continue;
      }
      kept.add(told == a ? e : new OutboxEntry(told, e.attempts(), e.deliveredChannels()));
    }
    holds.newRound(claimedAt);
    Causes causes = new Causes(peersOf(kept), d -> sites.computeIfAbsent(d, store::site), settings.baseUrl(),
        Causes.MIN_SIZE);
    Map<Long, OutboxEntry> byId = new HashMap<>();
    kept.forEach(e -> byId.put(e.alert().id(), e));
    // messages a node began and never recorded as sent: they may have arrived, so they go again exactly as they were
    List<Resend> resends = new ArrayList<>();
    Map<Long, Set<String>> resent = new HashMap<>(); // alert id -> channels a re-send covers
    if (!byId.isEmpty()) {
      for (OutboxMessage m : store.begunMessages(byId.keySet())) {
        if (!notifiers.containsKey(m.channel())) {
          continue;
        }
        List<OutboxEntry> carried = new ArrayList<>();
        for (long id : m.alertIds()) {
          OutboxEntry e = byId.get(id);
          if (e != null && !e.deliveredChannels().contains(m.channel())
              && resent.computeIfAbsent(id, k -> new HashSet<>()).add(m.channel())) {
            carried.add(e);
          }
        }
        if (!carried.isEmpty()) {
          resends.add(new Resend(m, carried));
        }
      }
    }
    for (OutboxEntry e : kept) {
      Alert a = e.alert();
      Optional<Site> site = sites.get(a.change().domain());
      AlertRouting routing = site.map(Site::routing).orElse(defaultRouting);
      List<String> channels = a.kind() == AlertKind.NO_AGENT ? routing.noAgent() : routing.channelsFor(a.severity());
      Set<String> todo = new HashSet<>();
      for (String ch : channels) {
        if (e.deliveredChannels().contains(ch)) {
          continue;
        }
        if (!notifiers.containsKey(ch)) {
          if (warnedChannels.add(ch)) {
            LOG.error("alerts are routed to channel '{}' but no notifier has that name (known: {})", ch, notifiers.keySet());
          }
          continue;
        }
        todo.add(ch);
      }
      Set<String> resentTo = resent.getOrDefault(a.id(), Set.of());
      // what a window's end tells goes out as one summary per channel, whatever the severities (key null)
      Severity group = silenced.toldAtWindowEnd(a.id()) ? null : a.severity();
      var into = buckets;
      if (group != null && resentTo.isEmpty() && !todo.isEmpty()) {
        if (holds.returning(a.id())) {
          into = followUps; // its cause was told: it goes in the channel's follow-up
        } else {
          Instant until = holds.holdUntil(e, a.severity(), todo, causes);
          if (until != null) {
            store.retryLater(a.id(), until, "held until " + until + ": its cause was just told");
            held.add(a.id());
            continue;
          }
        }
      }
      for (String ch : todo) {
        if (!resentTo.contains(ch)) {
          into.computeIfAbsent(ch, c -> new LinkedHashMap<>()).computeIfAbsent(group, s -> new ArrayList<>()).add(e);
        }
      }
      todo.addAll(resentTo); // owed even if the routing changed: it may have arrived
      owed.put(a.id(), todo);
    }
    kept.removeIf(e -> held.contains(e.alert().id()));
    meters.alertsHeldByCause(held.size());
    kept.forEach(e -> silenced.windowEndGrouped(e.alert().id())); // a retry goes grouped as usual
    for (OutboxEntry e : digestEntries) { // owed before any send starts: the senders read this map
      String channel = Digests.channelOf(e.alert());
      Set<String> todo = new HashSet<>();
      if (notifiers.containsKey(channel) && !e.deliveredChannels().contains(channel)) {
        todo.add(channel);
      }
      owed.put(e.alert().id(), todo);
    }
    kept.addAll(digestEntries); // done or retried below like the others
    Map<Long, String> errors = new ConcurrentHashMap<>();
    List<Future<?>> sends = new ArrayList<>();
    for (Resend r : resends) {
      Notifier notifier = notifiers.get(r.message.channel());
      // the same alerts and peers give the same cause: the message goes again as it read
      Notification.Cause cause = causes.of(r.carried, r.carried.get(0).alert().severity());
      sends.add(senders.submit(() -> send(notifier, r.carried, r.message, cause, owed, errors)));
    }
    for (var byChannel : buckets.entrySet()) {
      Notifier notifier = notifiers.get(byChannel.getKey());
      for (var bySeverity : byChannel.getValue().entrySet()) {
        for (Causes.Group group : causes.split(bySeverity.getValue(), bySeverity.getKey())) {
          if (group.cause() != null && bySeverity.getKey() != null) {
            holds.told(notifier.channel(), bySeverity.getKey(), group.cause(), claimedAt);
          }
          submit(sends, notifier, group.entries(), group.cause(), owed, errors);
        }
      }
    }
    for (var byChannel : followUps.entrySet()) {
      Notifier notifier = notifiers.get(byChannel.getKey());
      for (var bySeverity : byChannel.getValue().entrySet()) {
        Causes.FollowUp f = causes.followUp(bySeverity.getValue(), bySeverity.getKey());
        f.named().forEach(c -> holds.told(notifier.channel(), bySeverity.getKey(), c, claimedAt));
        submit(sends, notifier, bySeverity.getValue(), f.cause(), owed, errors);
      }
    }
    for (OutboxEntry e : digestEntries) {
      String channel = Digests.channelOf(e.alert());
      if (owed.get(e.alert().id()).isEmpty()) {
        continue; // the channel went away with a reload, or has it already
      }
      Notifier notifier = notifiers.get(channel);
      OutboxMessage m = new OutboxMessage(Digests.keyOf(channel, Digests.dateOf(e.alert())), channel,
          List.of(e.alert().id()));
      Notification n;
      try { // read here, outside the send's time bound: a large store takes a while to list
        n = digests.compose(e.alert(), m.key(), clock.instant(), settings.baseUrl());
      } catch (RuntimeException ex) {
        meters.storeError();
        LOG.warn("reading the daily digest of channel '{}' failed: {}", channel, ex.toString());
        errors.put(e.alert().id(), channel + ": " + ex);
        continue;
      }
      sends.add(senders.submit(() -> sendDigest(notifier, n, m, owed, errors)));
    }
    for (Future<?> f : sends) {
      try {
        f.get(settings.sendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      } catch (Exception ex) {
        f.cancel(true);
      }
    }
    Instant now = clock.instant();
    for (OutboxEntry e : kept) {
      long id = e.alert().id();
      Set<String> left = owed.get(id);
      synchronized (left) {
        if (left.isEmpty()) {
          store.done(id, now);
          holds.released(id);
        } else if (e.attempts() + 1 >= settings.maxAttempts()) {
          holds.released(id);
          LOG.error("giving up alert {} for {} after {} attempts; channels not reached: {}; last error: {}", id,
              e.alert().change().url(), e.attempts() + 1, left, errors.get(id));
          store.done(id, now);
        } else {
          long factor = 1L << Math.min(20, e.attempts());
          Duration backoff = settings.initialBackoff().multipliedBy(factor);
          if (backoff.compareTo(settings.maxBackoff()) > 0) {
            backoff = settings.maxBackoff();
          }
          store.retryLater(id, now.plus(backoff), String.valueOf(errors.getOrDefault(id, "timeout")));
        }
      }
    }
  }

  private void sendDigest(Notifier notifier, Notification n, OutboxMessage message, Map<Long, Set<String>> owed,
      Map<Long, String> errors) {
    long digest = n.alerts().get(0).id();
    try {
      store.messageBegun(message, clock.instant());
      notifier.send(n);
      meters.notificationSent();
      store.messageSent(message, clock.instant());
      Set<String> left = owed.get(digest);
      synchronized (left) {
        left.remove(notifier.channel());
      }
    } catch (Throwable ex) { // as in send: retried under the same key
      meters.notificationFailed();
      LOG.warn("channel '{}' failed to send its daily digest: {}", notifier.channel(), ex.toString());
      errors.put(digest, notifier.channel() + ": " + ex);
    }
  }

  private void submit(List<Future<?>> sends, Notifier notifier, List<OutboxEntry> entries,
      Notification.@Nullable Cause cause, Map<Long, Set<String>> owed, Map<Long, String> errors) {
    List<Long> ids = entries.stream().map(e -> e.alert().id()).toList();
    OutboxMessage m = new OutboxMessage(Notification.keyOf(notifier.channel(), ids), notifier.channel(), ids);
    sends.add(senders.submit(() -> send(notifier, entries, m, cause, owed, errors)));
  }

  /** A begun message sent again, with the entries of this claim it carries. */
  private record Resend(OutboxMessage message, List<OutboxEntry> carried) {}

  /** What the tasks of these alerts connected to; none when the store cannot say (grouping uses other keys). */
  private Map<Long, ProbePeer> peersOf(List<OutboxEntry> entries) {
    List<Long> tasks = new ArrayList<>();
    for (OutboxEntry e : entries) {
      if (e.alert().change().taskId() > 0) {
        tasks.add(e.alert().change().taskId());
      }
    }
    if (tasks.size() < Causes.MIN_SIZE) {
      return Map.of();
    }
    try {
      return store.peers(tasks);
    } catch (RuntimeException e) {
      meters.storeError();
      LOG.warn("reading what {} tasks connected to failed; alerts are grouped without it: {}", tasks.size(),
          e.toString());
      return Map.of();
    }
  }

  private void send(Notifier notifier, List<OutboxEntry> group, OutboxMessage message,
      Notification.@Nullable Cause cause, Map<Long, Set<String>> owed, Map<Long, String> errors) {
    List<Alert> alerts = new ArrayList<>(group.size());
    group.forEach(e -> alerts.add(e.alert()));
    alerts.sort(Comparator.comparing(Alert::severity).reversed() // worst first when a summary mixes them
        .thenComparing(a -> a.change().domain()).thenComparing(a -> a.change().url()));
    int listed = Math.min(alerts.size(), settings.listed());
    Notification n = new Notification(alerts.subList(0, listed), message.alertIds().size() - listed, settings.baseUrl(),
        message.key(), message.alertIds(), ackUrls(alerts.subList(0, listed)), cause);
    try {
      // recorded before the attempt: if this node dies while the receiver answers, the next one repeats this message
      store.messageBegun(message, clock.instant());
      notifier.send(n);
      meters.notificationSent();
      store.messageSent(message, clock.instant());
      for (Alert a : alerts) {
        Set<String> left = owed.get(a.id());
        synchronized (left) {
          left.remove(notifier.channel());
        }
      }
    } catch (Throwable ex) { // a notifier is a plugin: its Error is a failed send, retried like any other
      meters.notificationFailed();
      if (ex instanceof Exception) {
        LOG.warn("channel '{}' failed to send a notification of {} alert(s): {}", notifier.channel(), alerts.size(),
            ex.toString());
      } else {
        liveness.caught("the notifier of channel '" + notifier.channel() + "'", ex);
      }
      for (Alert a : alerts) {
        errors.put(a.id(), notifier.channel() + ": " + ex);
      }
    }
  }
}
