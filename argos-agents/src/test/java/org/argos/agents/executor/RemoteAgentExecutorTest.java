package org.argos.agents.executor;

import org.argos.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.Severity;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.CheckContext;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.executor.ExecutorContext;
import org.argos.api.store.GroupOutcome;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.junit.jupiter.api.Test;
import org.argos.agents.protocol.AgentProtocol;

class RemoteAgentExecutorTest {
  private static final CheckRegistry CHECKS =
      CheckRegistry.of(List.of(), true, RemoteAgentExecutorTest.class.getClassLoader());
  private final AtomicLong ids = new AtomicLong(1000);

  private static ClaimedGroup group(long id, Duration timeout, long... tasks) {
    ProbeRequest r = new ProbeRequest("http://127.0.0.1:9/" + id, "GET", RequestData.NONE, IpVersion.IPV4, timeout, false, 0);
    List<TaskRef> refs = java.util.Arrays.stream(tasks).mapToObj(t -> new TaskRef(t, CheckSpec.of("status-is", 200))).toList();
    return new ClaimedGroup(id, "http://127.0.0.1:9", r, new SchedulePolicy(Duration.ofMinutes(1), null, 0), Instant.now(),
        Instant.now().plusSeconds(60), refs);
  }

  private static RemoteAgentExecutor started(RemoteAgentExecutor e, Clock clock) {
    e.start(new ExecutorContext(new LocalGroupRunner(HttpProbe.builder().build(), CHECKS, clock), clock));
    return e;
  }

  private static RemoteAgentExecutor started(Duration grace) {
    return started(new RemoteAgentExecutor(grace, 100), Clock.systemUTC());
  }

  private static AgentProtocol.Posted posted(long task, String status) {
    return new AgentProtocol.Posted(task, new AgentReport(status, "", Map.of()), null);
  }

  private RemoteAgentExecutor.Completion post(RemoteAgentExecutor e, String agent, String credential,
      AgentProtocol.Posted... results) {
    return e.complete(agent, credential, List.of(results),
        (check, report) -> CHECKS.judgeReport(check, report, new CheckContext(Instant.now())),
        n -> java.util.stream.LongStream.range(0, n).map(i -> ids.incrementAndGet()).boxed().toList());
  }

  private static List<Object> refusals(RemoteAgentExecutor.Completion c) {
    List<Object> out = new ArrayList<>();
    c.ignored().forEach(i -> out.add(i.taskId() + " " + i.reason().code));
    return out;
  }

  @Test
  void aGroupCompletesWhenEveryTaskHasAResult() throws Exception {
    RemoteAgentExecutor e = started(Duration.ofMinutes(5));
    CompletableFuture<GroupOutcome> f = e.execute(group(1, Duration.ofMinutes(1), 10, 11)).toCompletableFuture();
    CompletableFuture<GroupOutcome> g = e.execute(group(2, Duration.ofMinutes(1), 20)).toCompletableFuture();
    assertThat(e.waitingGroups()).isEqualTo(2);

    var handed = e.take("a", "token-a", 1);
    assertThat(handed).extracting(h -> h.task().taskId()).containsExactly(10L, 11L);
    assertThat(e.selectedTasks()).isEqualTo(2);
    assertThat(e.waitingGroups()).isEqualTo(1);

    RemoteAgentExecutor.Completion first = post(e, "a", "token-a", posted(10, "success"));
    assertThat(first.accepted()).containsExactly(new RemoteAgentExecutor.Accepted(10, 1001L));
    assertThat(f).isNotDone();
    assertThat(post(e, "a", "token-a", posted(11, "failure")).accepted()).hasSize(1);
    GroupOutcome o = f.get(5, TimeUnit.SECONDS);
    assertThat(o.outcomes()).extracting(t -> t.result().severity()).containsExactly(Severity.OK, Severity.CRITICAL);
    assertThat(o.outcomes()).extracting(TaskOutcome::resultId).containsExactly(1001L, 1002L);
    assertThat(o.outcomes()).extracting(TaskOutcome::producedBy).containsExactly("a", "a");
    RemoteAgentExecutor.Completion late = post(e, "a", "token-a", posted(11, "success"));
    assertThat(late.accepted()).as("a late result is dropped").isEmpty();
    assertThat(refusals(late)).containsExactly("11 not-waiting");
    assertThat(e.knows(20)).isTrue();
    assertThat(g).isNotDone();
    e.close();
    assertThat(g.get(5, TimeUnit.SECONDS).outcomes().get(0).result().message()).isEqualTo("server shutting down");
  }

  @Test
  void thePeerOurAgentReportsBecomesTheGroupsAndAnUpstreamAgentsResultsHaveNone() throws Exception {
    RemoteAgentExecutor e = started(Duration.ofMinutes(5));
    CompletableFuture<GroupOutcome> ours = e.execute(group(1, Duration.ofMinutes(1), 10, 11)).toCompletableFuture();
    CompletableFuture<GroupOutcome> upstream = e.execute(group(2, Duration.ofMinutes(1), 20)).toCompletableFuture();
    assertThat(e.take("a", "token-a", 3)).hasSize(3);
    org.argos.api.ProbePeer peer = new org.argos.api.ProbePeer("10.0.0.5", 443, null);
    post(e, "a", "token-a", new AgentProtocol.Posted(10, new AgentReport("failure", "", Map.of()), null, peer),
        new AgentProtocol.Posted(11, new AgentReport("failure", "", Map.of()), null, peer), posted(20, "failure"));
    assertThat(ours.get(5, TimeUnit.SECONDS).peer()).isEqualTo(peer);
    assertThat(upstream.get(5, TimeUnit.SECONDS).peer()).isNull();
    e.close();
  }

  @Test
  void onlyTheAgentHoldingATaskWithTheTokenItTookItWithMayAnswerIt() throws Exception {
    RemoteAgentExecutor e = started(Duration.ofMinutes(5));
    CompletableFuture<GroupOutcome> held = e.execute(group(1, Duration.ofMinutes(1), 10, 11)).toCompletableFuture();
    e.execute(group(2, Duration.ofMinutes(1), 20));
    assertThat(e.take("a", "token-a", 1)).hasSize(2);

    RemoteAgentExecutor.Completion c = post(e, "b", "token-b", posted(10, "failure"), posted(20, "failure"),
        posted(99, "failure"));
    assertThat(c.accepted()).isEmpty();
    assertThat(refusals(c)).containsExactly("10 held-by-another-agent", "20 not-handed-out", "99 not-waiting");
    // the same agent id with another token: somebody else claiming to be agent a
    assertThat(refusals(post(e, "a", "token-b", posted(10, "failure")))).containsExactly("10 taken-with-another-token");
    assertThat(ids.get()).as("no id reserved for results that are ignored").isEqualTo(1000);

    RemoteAgentExecutor.Completion mixed = post(e, "a", "token-a", posted(10, "success"), posted(20, "success"));
    assertThat(mixed.accepted()).extracting(RemoteAgentExecutor.Accepted::taskId).containsExactly(10L);
    assertThat(refusals(mixed)).containsExactly("20 not-handed-out");
    assertThat(refusals(post(e, "a", "token-a", posted(10, "failure")))).containsExactly("10 already-answered");
    assertThat(held).isNotDone();
    post(e, "a", "token-a", posted(11, "success"));
    assertThat(held.get(5, TimeUnit.SECONDS).outcomes()).extracting(o -> o.result().severity())
        .as("the first answer counts").containsExactly(Severity.OK, Severity.OK);
    e.close();
  }

  @Test
  void aTakenGroupNotAnsweredIsAbandonedAfterTimeoutAndGraceKeepingTheResultsPosted() throws Exception {
    RemoteAgentExecutor e = started(Duration.ofMillis(200));
    CompletableFuture<GroupOutcome> f = e.execute(group(1, Duration.ofMillis(300), 10, 11)).toCompletableFuture();
    assertThat(e.take("slow-agent", "t", 10)).hasSize(2);
    RemoteAgentExecutor.Completion c = post(e, "slow-agent", "t", posted(10, "failure"));
    GroupOutcome o = f.get(30, TimeUnit.SECONDS);
    TaskOutcome answered = o.outcomes().get(0);
    assertThat(answered.result().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(answered.resultId()).as("the id told to the agent names the row")
        .isEqualTo(c.accepted().get(0).resultId());
    assertThat(answered.producedBy()).isEqualTo("slow-agent");
    TaskOutcome silent = o.outcomes().get(1);
    assertThat(silent.result().severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(silent.result().message()).startsWith("agent slow-agent did not post a result");
    assertThat(silent.producedBy()).as("the timeout is the server's verdict").isNull();
    assertThat(e.take("other", "t", 10)).as("an abandoned group is not handed out again").isEmpty();
    e.close();
  }

  @Test
  void theAgentRegistryIsBoundedInSizeAndAge() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    RemoteAgentExecutor e =
        started(new RemoteAgentExecutor(Duration.ofSeconds(30), 100, 3, Duration.ofHours(1)), clock);
    for (String a : List.of("a", "b", "c")) {
      e.take(a, "t", 10);
      clock.advance(Duration.ofMinutes(1));
    }
    e.take("a", "t", 10); // seen again: now the most recent
    e.take("d", "t", 10); // over the cap: b, seen longest ago, is forgotten
    assertThat(e.agents()).containsOnlyKeys("a", "c", "d");
    for (int i = 0; i < 10_000; i++) {
      e.take("random-" + i, "t", 10);
    }
    assertThat(e.agents()).hasSize(3).containsKeys("random-9999");
    clock.advance(Duration.ofMinutes(61));
    assertThat(e.agents()).as("not seen for an hour: forgotten").isEmpty();
    e.take("back", "t", 10);
    assertThat(e.agents()).containsOnlyKeys("back");
    e.close();
  }

  @Test
  void anAgentThatPostsResultsStillProbesTheSchemesItListedWhenPolling() {
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    AgentRegistry seen = new AgentRegistry(10, Duration.ofHours(1));
    seen.seen("ours", "default", java.util.Set.of("http", "https", "tcp"), t0); // a poll with ?schemes=
    seen.seen("ours", "default", t0.plusSeconds(1)); // a post of results says no schemes
    assertThat(seen.serves("tcp", t0)).as("a post keeps the schemes of the last poll").isTrue();
    seen.seen("upstream", "default", t0.plusSeconds(2)); // an Argos agent never says: http(s) only
    seen.seen("ours", "default", java.util.Set.of("http", "https"), t0.plusSeconds(3)); // polls without tcp now
    assertThat(seen.serves("tcp", t0)).isFalse();
    assertThat(seen.serves("https", t0)).isTrue();
  }

  @Test
  void aLongPollAnswersWhenAGroupComesDueNotAtItsEnd() throws Exception {
    RemoteAgentExecutor e = started(Duration.ofMinutes(5));
    CompletableFuture<RemoteAgentExecutor.Poll> poll = CompletableFuture.supplyAsync(
        () -> e.take("a", "default", "token-a", 10, AgentSchemes.HTTP, Duration.ofSeconds(20)));
    Thread.sleep(300);
    assertThat(poll).as("nothing is due yet: the poll waits").isNotDone();
    long parked = System.nanoTime();
    e.execute(group(1, Duration.ofMinutes(1), 10, 11));
    RemoteAgentExecutor.Poll got = poll.get(5, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - parked)).as("handed over when it came, not at 20 s")
        .isLessThan(3_000);
    assertThat(got.waited()).isTrue();
    assertThat(got.handed()).extracting(h -> h.task().taskId()).containsExactly(10L, 11L);
    assertThat(e.selectedTasks()).isEqualTo(2);
    e.close();
  }

  @Test
  void aLongPollWithNothingDueAnswersEmptyAtItsEndAndOneOfAnotherLaneDoesNotWakeItEarly() throws Exception {
    RemoteAgentExecutor e = started(Duration.ofMinutes(5));
    long start = System.nanoTime();
    RemoteAgentExecutor.Poll none = e.take("a", "default", "token-a", 10, AgentSchemes.HTTP, Duration.ofSeconds(1));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 10_000L);
    assertThat(none.handed()).isEmpty();
    assertThat(none.waited()).as("the agent may poll again at once").isTrue();

    RemoteAgentExecutor.Poll upstream = e.take("a", "default", "token-a", 10, AgentSchemes.HTTP, Duration.ZERO);
    assertThat(upstream.waited()).as("no wait asked, none said").isFalse();
    e.close();
  }

  @Test
  void closingAnswersEveryWaitingPollAndPollsPastTheBoundAnswerAtOnce() throws Exception {
    RemoteAgentExecutor e = started(Duration.ofMinutes(5));
    List<CompletableFuture<RemoteAgentExecutor.Poll>> polls = new ArrayList<>();
    var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    for (int i = 0; i < RemoteAgentExecutor.MAX_POLLS_WAITING; i++) {
      String agent = "a" + i;
      polls.add(CompletableFuture.supplyAsync(
          () -> e.take(agent, "default", "t", 10, AgentSchemes.HTTP, Duration.ofSeconds(20)), threads));
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (e.pollsWaiting() < RemoteAgentExecutor.MAX_POLLS_WAITING) {
      assertThat(System.nanoTime()).as("the polls never all waited: " + e.pollsWaiting()).isLessThan(until);
      Thread.sleep(10);
    }
    assertThat(e.take("late", "default", "t", 10, AgentSchemes.HTTP, Duration.ofSeconds(20)).waited())
        .as("a poll past the bound answers at once, saying it did not wait").isFalse();
    assertThat(polls).noneMatch(CompletableFuture::isDone);
    long start = System.nanoTime();
    e.close();
    for (var p : polls) {
      assertThat(p.get(5, TimeUnit.SECONDS).handed()).isEmpty();
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("answered at the close, not at 20 s")
        .isLessThan(5_000);
    threads.shutdown();
  }

  @Test
  void aWaitPastTheBoundIsRefused() {
    RemoteAgentExecutor e = started(Duration.ofMinutes(5));
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> e.take("a", "default", "t", 10, AgentSchemes.HTTP, Duration.ofSeconds(21)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 20 s");
    e.close();
  }
}
