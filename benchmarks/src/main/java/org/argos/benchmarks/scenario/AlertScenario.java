package org.argos.benchmarks.scenario;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.api.AlertKind;
import org.argos.api.AlertLifecycle;
import org.argos.api.AlertRouting;
import org.argos.api.Quorum;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.spi.Notification;
import org.argos.benchmarks.scenario.CountingNotifier.Received;
import org.argos.checks.BuiltinChecks;
import org.argos.checks.http.HostResolver;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;
import org.argos.engine.InProcessExecutor;
import org.argos.testkit.MutableClock;

/**
 * Issue 19's scenario, measured (never a timed test): the real engine with its in-memory store and in-process HTTP
 * probing of real HTTP servers on loopback, and two counting channels ({@code ops}, {@code pager}, both routed every
 * severity), in three parts:
 *
 * <ol>
 *   <li><b>kill</b>: {@code --sites} sites on {@code --backends} servers (127.0.1.1 … 127.0.1.N, one port); once all
 *       are ok, {@code --kill} servers are stopped (connection refused; with {@code --hang} they accept
 *       connections and never answer, and the probe times out after the sites' 5 s timeout). Printed: notifications
 *       per channel, whether their causes name the killed addresses, the time from the kill to the first
 *       notification and its parts.
 *   <li><b>locations</b>: the same fleet checked from par1, fra1 and ams1 with quorum 2, three canary sites on a
 *       server of their own; once all are ok, ams1 is cut (its canaries and its probes fail). Printed: site alerts
 *       and location alerts after the cut.
 *   <li><b>flapping</b>: one site whose server alternates 200 and 500 at each request, checked every minute without
 *       a recheck, with {@code flapping: {changes: C, within: 1h}}, on a hand-moved clock over {@code --flap-hours}
 *       hours: notifications per hour.
 * </ol>
 *
 * <p>Sites have a recheck delay and {@code retry_before_notification: 1}: a failure is checked again after the
 * delay and alerted only when the recheck fails too (without the retry, the recheck would not hold the alert back).
 * Sites are named {@code s<i>.b<j>.alerts}, resolved by the probe's resolver to 127.0.1.j, so 500 sites share one
 * backend's address and port, as virtual hosts do.
 */
public final class AlertScenario {
  private static final List<String> LOCATIONS = List.of("par1", "fra1", "ams1");
  private static final String CUT = "ams1";
  private static final String CANARY_ADDRESS = "127.0.2.1";
  private static final String FLAP_ADDRESS = "127.0.3.1";

  private int sites = 10_000;
  private int backends = 20;
  private int kill = 3;
  private int port = 18_280;
  private Duration frequency = Duration.ofSeconds(60);
  private Duration recheck = Duration.ofSeconds(10);
  private Duration window = Duration.ofSeconds(10); // Argos.Builder's default gathering window
  private Duration causeHold = Duration.ofMinutes(5); // Argos.Builder's default cause hold
  private int flapHours = 4;
  private List<Integer> flapChanges = List.of(0, 3, 6); // 0: flapping detection off
  private int locationQuorum = 2;
  private boolean hang;
  private String only = "";

  private AlertScenario() {}

  /**
   * Runs the scenario and prints its figures.
   *
   * @param args {@code --sites N --backends N --kill N --port P --frequency 60s --recheck 10s --window 10s
   *     --cause-hold 5m --flap-hours N --flap-changes off,3,6 --location-quorum 2 --hang --only kill|locations|flapping}
   */
  public static void main(String[] args) throws Exception {
    AlertScenario s = new AlertScenario();
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--sites" -> s.sites = bounded("--sites", v, 3, 100_000);
        case "--backends" -> s.backends = bounded("--backends", v, 2, 250);
        case "--kill" -> s.kill = bounded("--kill", v, 1, 249);
        case "--port" -> s.port = bounded("--port", v, 1024, 65_535);
        case "--frequency" -> s.frequency = duration("--frequency", v);
        case "--recheck" -> s.recheck = duration("--recheck", v);
        case "--window" -> s.window = duration("--window", v);
        case "--cause-hold" -> s.causeHold = duration("--cause-hold", v);
        case "--flap-hours" -> s.flapHours = bounded("--flap-hours", v, 1, 48);
        case "--flap-changes" -> s.flapChanges = java.util.Arrays.stream(v.split(","))
            .map(c -> c.equals("off") ? 0 : bounded("--flap-changes", c, 2, 1000)).toList();
        case "--hang" -> {
          s.hang = true;
          i--; // takes no value
        }
        case "--location-quorum" -> s.locationQuorum = bounded("--location-quorum", v, 1, 3);
        case "--only" -> s.only = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    if (s.kill >= s.backends) {
      throw new IllegalArgumentException("--kill must be below --backends");
    }
    if (!Set.of("", "kill", "locations", "flapping").contains(s.only)) {
      throw new IllegalArgumentException("--only takes kill, locations or flapping, got " + s.only);
    }
    if (s.only.isEmpty() || s.only.equals("kill")) {
      s.killBackends();
    }
    if (s.only.isEmpty() || s.only.equals("locations")) {
      s.cutLocation();
    }
    if (s.only.isEmpty() || s.only.equals("flapping")) {
      for (int c : s.flapChanges) {
        s.flapping(c);
      }
    }
  }

  private static int bounded(String name, String v, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a number, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", got " + n);
    }
    return n;
  }

  private static Duration duration(String name, String v) {
    if (!v.matches("[1-9][0-9]{0,4}(s|m)")) {
      throw new IllegalArgumentException(name + " takes seconds or minutes like 30s or 1m, got '" + v + "'");
    }
    long n = Long.parseLong(v.substring(0, v.length() - 1));
    return v.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
  }

  // ---------------------------------------------------------------- the fleet

  private String backend(int j) {
    return "127.0.1." + (j + 1);
  }

  private static String siteName(int i, int j) {
    return "s" + i + ".b" + (j + 1) + ".alerts";
  }

  /** s<i>.b<j>.alerts to 127.0.1.j, canaries to 127.0.2.1, the flapping site to 127.0.3.1. */
  private static HostResolver resolver() {
    return HostResolver.inMemory(host -> {
      byte[] a;
      if (host.endsWith(".canary")) {
        a = new byte[] {127, 0, 2, 1};
      } else if (host.equals("flap.alerts")) {
        a = new byte[] {127, 0, 3, 1};
      } else {
        int b = host.indexOf(".b");
        if (!host.endsWith(".alerts") || b < 0) {
          throw new UnknownHostException(host + " is not a scenario site");
        }
        a = new byte[] {127, 0, 1, (byte) Integer.parseInt(host.substring(b + 2, host.length() - ".alerts".length()))};
      }
      return List.of(InetAddress.getByAddress(host, a));
    });
  }

  private Site site(String name, Quorum quorum) {
    return Site.builder("http://" + name + ":" + port).ipVersions(true, false).frequency(frequency)
        .recheckDelay(recheck).retryBeforeNotification(1).timeout(Duration.ofSeconds(5)).quorum(quorum)
        .path("/", p -> p.check("status-in", List.of(200))).build();
  }

  private Backends startFleet() throws Exception {
    Backends b = new Backends();
    for (int j = 0; j < backends; j++) {
      b.start(backend(j), port, () -> 200);
    }
    return b;
  }

  private List<Site> fleet(Quorum quorum) {
    List<Site> list = new ArrayList<>(sites);
    for (int i = 0; i < sites; i++) {
      list.add(site(siteName(i, i % backends), quorum));
    }
    return list;
  }

  private Argos.Builder engine(ProbeExecutor executor, CountingNotifier... channels) {
    return Argos.builder().probe(HttpProbe.builder().resolver(resolver()).build()).install(BuiltinChecks.all())
        .executor(executor).firstRunSpread(frequency).grouping(window, 20).causeHold(causeHold).notifiers(channels)
        .routing(AlertRouting.all("ops", "pager")).shutdownTimeout(Duration.ofSeconds(20));
  }

  /** Waits until every task has an ok result; returns false after two periods and a half. */
  private static boolean awaitAllOk(Argos argos, long tasks, Duration frequency) throws InterruptedException {
    long until = System.nanoTime() + frequency.multipliedBy(5).dividedBy(2).toNanos();
    while (System.nanoTime() < until) {
      if (argos.store().severityCounts().ok() >= tasks) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return "load average " + f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "load average unknown";
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static String secs(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  // ---------------------------------------------------------------- 1. kill backends

  private void killBackends() throws Exception {
    say("");
    say("## Kill " + kill + " of " + backends + " backends (" + String.format(Locale.ROOT, "%,d", sites)
        + " sites, every " + secs(frequency) + ", recheck " + secs(recheck) + ", gathering window " + secs(window)
        + ", cause hold " + secs(causeHold) + ")");
    Clock real = Clock.systemUTC();
    CountingNotifier ops = new CountingNotifier("ops", real);
    CountingNotifier pager = new CountingNotifier("pager", real);
    try (Backends servers = startFleet();
        Argos argos = engine(InProcessExecutor.builder().maxConcurrency(512).perHost(8).build(), ops, pager)
            .build()) {
      argos.registerAll(fleet(Quorum.DEFAULT));
      argos.start();
      say("registered; warming up (" + load() + ")");
      if (!awaitAllOk(argos, sites, frequency)) {
        say("NOT all ok after the warm-up: " + argos.store().severityCounts() + "; the figures below are doubtful");
      }
      say("all " + sites + " sites ok; notifications before the kill: ops " + ops.received.size() + ", pager "
          + pager.received.size() + " (" + load() + ")");
      Set<String> killed = new TreeSet<>();
      Set<String> killedDomains = new TreeSet<>();
      for (int j = 0; j < kill; j++) {
        killed.add(backend(j) + ":" + port);
      }
      for (int i = 0; i < sites; i++) {
        if (i % backends < kill) {
          killedDomains.add("http://" + siteName(i, i % backends) + ":" + port);
        }
      }
      Instant t0 = real.instant();
      for (int j = 0; j < kill; j++) {
        if (hang) {
          servers.hang(j);
        } else {
          servers.kill(j);
        }
      }
      say((hang ? "made hang " : "killed ") + killed + " at " + t0 + " (" + killedDomains.size() + " sites)");
      // every affected site fails at its slot within a period, is rechecked, alerted, and gathered: wait for that
      // (and what a told cause held back comes in one follow-up when the hold ends)
      Instant deadline = t0.plus(frequency).plus(recheck).plus(window).plus(causeHold).plus(Duration.ofSeconds(30));
      while (real.instant().isBefore(deadline) && told(ops.since(t0)).size() < killedDomains.size()) {
        Thread.sleep(500);
      }
      Thread.sleep(window.toMillis() + 2000); // anything still gathering
      Instant t1 = real.instant();
      say("waited " + secs(Duration.between(t0, t1)) + " after the kill (" + load() + ")");
      for (CountingNotifier ch : List.of(ops, pager)) {
        List<Received> got = ch.since(t0);
        Set<String> named = new TreeSet<>();
        for (Received r : got) {
          Notification.Cause c = r.notification().cause();
          String what = c == null ? "no cause, " + r.notification().alerts().size() + " alerts listed + "
              + r.notification().omitted() + " more" : c.kind() + " " + c.value() + ": " + c.summary();
          say(String.format(Locale.ROOT, "  %s +%s: %s", ch.channel(), secs(Duration.between(t0, r.at())), what));
          if (c != null && c.kind().equals("address")) {
            named.add(c.value());
          } else if (c != null && c.kind().equals("causes")) { // a follow-up naming several
            named.addAll(List.of(c.value().split(", ")));
          }
        }
        Set<String> toldDomains = told(got);
        boolean allNamed = named.containsAll(killed);
        say(String.format(Locale.ROOT, "%s: %d notifications (target <= 5: %s); causes name %s (the killed: %s, %s);"
            + " sites told %d of %d%s", ch.channel(), got.size(), got.size() <= 5 ? "met" : "NOT met", named,
            killed, allNamed ? "all named" : "NOT all named", toldDomains.stream().filter(killedDomains::contains)
                .count(), killedDomains.size(), toldDomains.stream().anyMatch(d -> !killedDomains.contains(d))
                ? ", and some sites not killed" : ""));
      }
      List<Received> got = ops.since(t0);
      if (got.isEmpty()) {
        say("no notification after the kill");
        return;
      }
      Received first = got.getFirst();
      Instant firstResult = first.notification().alerts().stream().map(a -> a.change().at()).min(Instant::compareTo)
          .orElse(first.at());
      Duration total = Duration.between(t0, first.at());
      Duration target = recheck.plus(window).plusSeconds(5);
      Duration toFail = Duration.between(t0, firstResult).minus(recheck);
      Duration gathering = Duration.between(firstResult, first.at());
      say(String.format(Locale.ROOT, "first notification %s after the kill (target <= recheck %s + window %s + 5 s"
          + " = %s: %s) = %s to the first failing run (the next slot of a killed site) + %s recheck delay + %s from"
          + " the alerting result to the notification (the gathering window and delivery)", secs(total),
          secs(recheck), secs(window), secs(target), total.compareTo(target) <= 0 ? "met" : "NOT met", secs(toFail),
          secs(recheck), secs(gathering)));
      Instant last = got.getLast().at();
      say("last notification " + secs(Duration.between(t0, last)) + " after the kill");
    }
  }

  /** The domains the notifications name: the cause's full list, or the alerts listed. */
  private static Set<String> told(List<Received> got) {
    Set<String> d = new TreeSet<>();
    for (Received r : got) {
      Notification.Cause c = r.notification().cause();
      if (c != null) {
        d.addAll(c.domains());
      }
      r.notification().alerts().forEach(a -> d.add(a.change().domain()));
    }
    return d;
  }

  // ---------------------------------------------------------------- 2. a location cut

  private void cutLocation() throws Exception {
    Quorum located = new Quorum(LOCATIONS, locationQuorum, false);
    Duration canaryEvery = Duration.ofSeconds(10);
    say("");
    say("## Cut location " + CUT + " of " + LOCATIONS + " (" + String.format(Locale.ROOT, "%,d", sites)
        + " sites, quorum " + locationQuorum + " of 3, every " + secs(frequency) + "; 3 canaries every "
        + secs(canaryEvery) + ")");
    Clock real = Clock.systemUTC();
    CountingNotifier ops = new CountingNotifier("ops", real);
    CountingNotifier pager = new CountingNotifier("pager", real);
    List<String> canaries = List.of("http://c1.canary:" + port, "http://c2.canary:" + port,
        "http://c3.canary:" + port);
    CutLocationExecutor executor = new CutLocationExecutor(LOCATIONS, 512, 8);
    try (Backends servers = startFleet();
        Argos argos = engine(executor, ops, pager).canaries(canaries).build()) {
      servers.start(CANARY_ADDRESS, port, () -> 200);
      for (String c : canaries) {
        argos.register(Site.builder(c).ipVersions(true, false).frequency(canaryEvery).timeout(Duration.ofSeconds(5))
            .quorum(new Quorum(LOCATIONS, 1, false)).routing(AlertRouting.NONE)
            .path("/", p -> p.check("status-in", List.of(200))).build());
      }
      argos.registerAll(fleet(located));
      argos.start();
      say("registered; warming up (" + load() + ")");
      if (!awaitAllOk(argos, sites + canaries.size(), frequency)) {
        say("NOT all ok after the warm-up: " + argos.store().severityCounts() + "; the figures below are doubtful");
      }
      say("all ok; notifications before the cut: ops " + ops.received.size() + " (" + load() + ")");
      Instant t0 = real.instant();
      executor.cut(CUT);
      say("cut " + CUT + " at " + t0);
      // two periods: every site has run at least once, most twice, in the cut location
      Thread.sleep(frequency.multipliedBy(2).plus(recheck).plus(window).plusSeconds(5).toMillis());
      say("waited " + secs(Duration.between(t0, real.instant())) + " after the cut (" + load() + ")");
      for (CountingNotifier ch : List.of(ops, pager)) {
        long siteAlerts = 0;
        long locationAlerts = 0;
        List<String> lines = new ArrayList<>();
        for (Received r : ch.since(t0)) {
          for (var a : r.notification().alerts()) {
            if (a.kind() == AlertKind.NO_AGENT) {
              locationAlerts++;
            } else {
              siteAlerts++;
            }
          }
          siteAlerts += r.notification().omitted(); // omitted ones are of the same group: sites
          lines.add("  " + ch.channel() + " +" + secs(Duration.between(t0, r.at())) + ": "
              + r.notification().alerts().getFirst().kind() + " " + r.notification().alerts().getFirst().change()
              .message());
        }
        lines.forEach(AlertScenario::say);
        say(String.format(Locale.ROOT, "%s: %d notifications; site alerts %d (target 0: %s), location alerts %d"
            + " (target 1: %s)", ch.channel(), ch.since(t0).size(), siteAlerts, siteAlerts == 0 ? "met" : "NOT met",
            locationAlerts, locationAlerts == 1 ? "met" : "NOT met"));
      }
      Map<Severity, Long> bySeverity = new TreeMap<>();
      for (Severity s : Severity.values()) {
        bySeverity.put(s, argos.store().severityCounts().of(s));
      }
      say("tasks by severity after the cut (the 3 canaries, checked with quorum 1, are the critical ones): "
          + bySeverity);
    }
  }

  // ---------------------------------------------------------------- 3. flapping

  private void flapping(int changes) throws Exception {
    Duration every = Duration.ofMinutes(1);
    int settleHours = 2;
    say("");
    say("## A flapping site: 200 and 500 in turn, checked every minute, no recheck, " + (changes == 0
        ? "no flapping detection" : "flapping {changes: " + changes + ", within: 1h}") + ", " + flapHours
        + " h on a hand-moved clock, then " + settleHours + " h answering 200");
    java.util.concurrent.atomic.AtomicBoolean steady = new java.util.concurrent.atomic.AtomicBoolean();
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    Instant start = clock.instant();
    CountingNotifier ops = new CountingNotifier("ops", clock);
    AtomicLong served = new AtomicLong();
    String domain = "http://flap.alerts:" + port;
    try (Backends servers = new Backends();
        Argos argos = Argos.builder().clock(clock).probe(HttpProbe.builder().resolver(resolver()).build())
            .install(BuiltinChecks.all()).executor(InProcessExecutor.create()).firstRunSpread(Duration.ZERO)
            .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500).grouping(Duration.ZERO, 20)
            .notifiers(ops).routing(AlertRouting.all("ops")).build()) {
      servers.start(FLAP_ADDRESS, port, () -> served.getAndIncrement() % 2 == 0 || steady.get() ? 200 : 500);
      argos.register(Site.builder(domain).ipVersions(true, false).frequency(every).timeout(Duration.ofSeconds(5))
          .lifecycle(changes == 0 ? AlertLifecycle.DEFAULT
              : new AlertLifecycle(1, new AlertLifecycle.Flapping(changes, Duration.ofHours(1))))
          .path("/", p -> p.check("status-in", List.of(200))).build());
      argos.start();
      int runs = 0;
      awaitRun(argos, domain, Instant.MIN);
      runs++;
      for (int step = 1; step < (flapHours + settleHours) * 60; step++) {
        steady.set(step >= flapHours * 60);
        Instant before = clock.instant();
        clock.advance(every);
        awaitRun(argos, domain, before);
        runs++;
      }
      // let the last alerts out: each task's next alert waits for the one before it to be delivered
      long stable = System.nanoTime();
      int seen = -1;
      while (System.nanoTime() - stable < 3_000_000_000L) {
        if (ops.received.size() != seen) {
          seen = ops.received.size();
          stable = System.nanoTime();
        }
        clock.advance(Duration.ofSeconds(1)); // delivery's look at the outbox moves with the engine's clock
        Thread.sleep(200);
      }
      Map<Integer, List<String>> perHour = new LinkedHashMap<>();
      for (int h = 0; h < flapHours + settleHours; h++) {
        perHour.put(h, new ArrayList<>());
      }
      for (Received r : ops.received) {
        var a = r.notification().alerts().getFirst();
        int h = (int) Duration.between(start, a.change().at()).toHours();
        perHour.computeIfAbsent(h, x -> new ArrayList<>()).add(a.kind() + " " + a.change().previous() + "->"
            + a.change().current());
      }
      int worst = perHour.values().stream().mapToInt(List::size).max().orElse(0);
      say(runs + " runs (" + served.get() + " requests served: ok and 500 in turn, then ok)");
      perHour.forEach((h, l) -> say("  hour " + (h + 1) + (h >= flapHours ? " (answering 200)" : "") + ": "
          + l.size() + " notifications " + (l.size() > 8 ? l.subList(0, 8) + "..." : l)));
      say(String.format(Locale.ROOT, "%s: at most %d notifications in an hour (target <= 3: %s)", changes == 0
          ? "no flapping detection" : "flapping {changes: " + changes + "}", worst, worst <= 3 ? "met" : "NOT met"));
    }
  }

  private static void awaitRun(Argos argos, String domain, Instant after) throws InterruptedException {
    long until = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < until) {
      List<TaskStatus> t = argos.store().tasks(domain);
      if (!t.isEmpty() && t.getFirst().state() != null && t.getFirst().state().lastRunAt().isAfter(after)) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("the flapping site did not run within 20 s after " + after);
  }
}
