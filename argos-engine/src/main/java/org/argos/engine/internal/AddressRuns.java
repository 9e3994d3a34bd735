package org.argos.engine.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.argos.api.CheckResult;
import org.argos.api.ProbePeer;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.jspecify.annotations.Nullable;

/**
 * Where a group run meets the addresses of its host: the per-address bound (at most so many probes reach one resolved
 * address at once, whatever the names that lead there) and {@code addresses: all} (one probe per address, each
 * pinned to its address with {@link Probe#ADDRESS_OPTION}, every check judging each response, the verdicts folded by
 * {@link PlaceVerdicts}).
 *
 * <p>The addresses come from {@link Probe#addresses}: where the probe runs (this process, an agent), as the probe
 * resolves them. A run holds at most one address permit at a time (each address of an {@code all} run takes its own,
 * on its own thread), so runs can never wait for each other's addresses. Waiting for a permit is not probing: the
 * executor's clock stops meanwhile ({@link Waits}), so a busy backend makes runs late, never timed out.
 */
public final class AddressRuns {
  /** The request option that asks for every address ({@code addresses=all}), set from {@link Site#addresses()}. */
  public static final String ADDRESSES_OPTION = "addresses";

  private final @Nullable KeyedPermits permits;

  /** @param perAddress probes reaching one address at once; 0 for no bound */
  public AddressRuns(int perAddress) {
    if (perAddress < 0) {
      throw new IllegalArgumentException("perAddress must be >= 0, got " + perAddress);
    }
    this.permits = perAddress == 0 ? null : new KeyedPermits(perAddress);
  }

  /** @return the bound per address, 0 for none */
  public int perAddress() {
    return permits == null ? 0 : permits.permits();
  }

  /** @return the addresses reached or waited for now (the memory the bound takes) */
  public int addressesHeld() {
    return permits == null ? 0 : permits.keys();
  }

  /** One probe run and its checks, for a request (the group's, or one pinned to an address). */
  @FunctionalInterface
  public interface Attempt {
    /**
     * @param request the request to probe
     * @return one outcome per task of the group
     * @throws InterruptedException when the run is given up
     */
    GroupOutcome run(ProbeRequest request) throws InterruptedException;
  }

  private interface Call {
    GroupOutcome call() throws InterruptedException;
  }

  /** Tells the executor that a run waits for an address permit, so that the wait does not count as probing. */
  public interface Waits {
    /** No executor clock to stop. */
    Waits NONE = new Waits() {
      @Override
      public void waiting() {}

      @Override
      public void resumed() {}

      @Override
      public void probing() {}
    };

    /** The run waits for a permit. */
    void waiting();

    /** The run has its permit and probes again: its timeout counts from now. */
    void resumed();

    /** The run's probing starts now (after the address lookup): its timeout counts from now. */
    void probing();
  }

  /**
   * @param group the group
   * @param probe the probe of its request's scheme
   * @param attempt runs the probe and the checks for a request
   * @param all true for {@code addresses: all}
   * @param pin the request pinned to an address
   * @param waits the executor's clock
   * @return the group's outcome: the attempt's, or the per-address verdicts folded
   * @throws InterruptedException when the run is given up
   */
  public GroupOutcome run(ClaimedGroup group, Probe probe, Attempt attempt, boolean all,
      Function<InetAddress, ProbeRequest> pin, Waits waits) throws InterruptedException {
    if (!all && permits == null) {
      return attempt.run(group.request());
    }
    // the lookup runs on the run's clock (a probe's lookup that hangs is abandoned as before); the probe then has its
    // whole timeout, as it had before the lookup came first
    List<InetAddress> addresses = addresses(probe, group.request());
    waits.probing();
    if (addresses.isEmpty()) { // a probe that does not connect to a host, or a name that does not resolve
      return attempt.run(group.request());
    }
    if (!all) { // the first address is the one the probe connects to, unless it refuses
      return bounded(addresses.getFirst(), () -> attempt.run(group.request()), waits);
    }
    Map<String, CompletableFuture<GroupOutcome>> runs = new LinkedHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (InetAddress a : addresses) {
      CompletableFuture<GroupOutcome> f = new CompletableFuture<>();
      runs.put(a.getHostAddress(), f);
      threads.add(Thread.ofVirtual().name("argos-address").start(() -> {
        try {
          f.complete(bounded(a, () -> attempt.run(pin.apply(a)), waits));
        } catch (Throwable e) {
          f.completeExceptionally(e);
        }
      }));
    }
    Map<String, GroupOutcome> reported = new LinkedHashMap<>();
    try {
      for (var r : runs.entrySet()) {
        reported.put(r.getKey(), r.getValue().get());
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      throw e;
    } catch (ExecutionException e) {
      threads.forEach(Thread::interrupt);
      if (e.getCause() instanceof InterruptedException i) {
        throw i;
      }
      throw new IllegalStateException("an address run failed: " + e.getCause(), e.getCause());
    }
    return fold(group, reported);
  }

  private static List<InetAddress> addresses(Probe probe, ProbeRequest request) throws InterruptedException {
    List<InetAddress> found;
    try {
      found = probe.addresses(request);
    } catch (RuntimeException e) {
      return List.of(); // the probe run says what is wrong
    }
    if (found == null) {
      return List.of();
    }
    LinkedHashSet<InetAddress> distinct = new LinkedHashSet<>();
    for (InetAddress a : found) {
      if (a != null && distinct.size() < Site.Addresses.MAX) {
        distinct.add(a);
      }
    }
    return List.copyOf(distinct);
  }

  private GroupOutcome bounded(InetAddress address, Call call, Waits waits) throws InterruptedException {
    if (permits == null) {
      return call.call();
    }
    String key = address.getHostAddress();
    KeyedPermits.Entry permit = permits.tryAcquire(key);
    if (permit == null) {
      waits.waiting();
      try {
        permit = permits.acquire(key);
      } finally {
        waits.resumed();
      }
    }
    try {
      return call.call();
    } finally {
      permits.release(key, permit);
    }
  }

  /**
   * The verdict of each task over the addresses, in the resolver's order.
   *
   * @param group the group
   * @param reported each address's outcome
   * @return the group's outcome: per task the verdict ({@link #FOLD}), the peer of the first address that failed
   *     (else of the first), so that alerts about one dead backend group by its address
   */
  static GroupOutcome fold(ClaimedGroup group, Map<String, GroupOutcome> reported) {
    List<TaskOutcome> verdicts = new ArrayList<>(group.tasks().size());
    for (TaskRef task : group.tasks()) {
      List<Map.Entry<String, TaskOutcome>> places = new ArrayList<>();
      reported.forEach((address, o) -> o.outcomes().stream().filter(t -> t.taskId() == task.taskId()).findFirst()
          .ifPresent(t -> places.add(Map.entry(address, t))));
      verdicts.add(places.isEmpty()
          ? new TaskOutcome(task.taskId(), CheckResult.error("no address reported"))
          : PlaceVerdicts.verdict(task.taskId(), places, "addresses", FOLD));
    }
    Instant started = reported.values().stream().map(GroupOutcome::startedAt).min(Comparator.naturalOrder())
        .orElseThrow();
    Instant finished = reported.values().stream().map(GroupOutcome::finishedAt).max(Comparator.naturalOrder())
        .orElseThrow();
    ProbePeer peer = reported.values().stream()
        .filter(o -> o.outcomes().stream().anyMatch(t -> t.result().severity() != Severity.OK))
        .map(GroupOutcome::peer).filter(Objects::nonNull).findFirst()
        .orElseGet(() -> reported.values().stream().map(GroupOutcome::peer).filter(Objects::nonNull).findFirst()
            .orElse(null));
    return new GroupOutcome(group.groupId(), started, finished, verdicts, List.of(), peer);
  }

  /**
   * {@code addresses: all}: ok when every address is; a warning naming the failing addresses when some but not all
   * fail; the worst severity when all fail.
   */
  static final PlaceVerdicts.Fold FOLD = new PlaceVerdicts.Fold() {
    @Override
    public Severity verdict(List<Severity> severities) {
      long failing = severities.stream().filter(s -> s != Severity.OK).count();
      if (failing == 0) {
        return Severity.OK;
      }
      if (failing < severities.size()) {
        return Severity.WARNING;
      }
      return severities.stream().max(Comparator.naturalOrder()).orElseThrow();
    }

    @Override
    public boolean partial(List<Severity> severities) {
      long failing = severities.stream().filter(s -> s != Severity.OK).count();
      return failing > 0 && failing < severities.size();
    }

    @Override
    public CheckResult explain(@Nullable TaskOutcome chosen, List<Map.Entry<String, TaskOutcome>> places,
        Severity verdict) {
      List<Map.Entry<String, TaskOutcome>> failing = places.stream()
          .filter(p -> p.getValue().result().severity() != Severity.OK).toList();
      if (failing.isEmpty() || places.size() == 1) {
        return Objects.requireNonNull(chosen, "a verdict every address has").result();
      }
      // the result of the first failing address (the worst one when all fail) explains the verdict
      CheckResult base = chosen != null && chosen.result().severity() != Severity.OK ? chosen.result()
          : failing.getFirst().getValue().result();
      StringBuilder m = new StringBuilder().append(failing.size()).append(" of ").append(places.size())
          .append(" addresses failing: ");
      for (int i = 0; i < failing.size(); i++) {
        String message = failing.get(i).getValue().result().message();
        m.append(i == 0 ? "" : "; ").append(failing.get(i).getKey())
            .append(message.isEmpty() ? "" : " " + (message.length() <= 300 ? message : message.substring(0, 300)
                + "…"));
      }
      return new CheckResult(base.status(), verdict, m.toString(), base.context(), base.timings());
    }
  };
}
