package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.argos.checks.HttpProbe;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.Severity;
import org.argos.api.spi.ClaimedGroup;
import org.argos.api.spi.ExecutorContext;
import org.argos.api.spi.GroupOutcome;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.SchedulePolicy;
import org.argos.api.spi.TaskRef;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.junit.jupiter.api.Test;

class RemoteAgentExecutorTest {
  private static ClaimedGroup group(long id, Duration timeout, long... tasks) {
    ProbeRequest r = new ProbeRequest("http://127.0.0.1:9/" + id, "GET", RequestData.NONE, IpVersion.IPV4, timeout, false, 0);
    List<TaskRef> refs = java.util.Arrays.stream(tasks).mapToObj(t -> new TaskRef(t, CheckSpec.of("status-is", 200))).toList();
    return new ClaimedGroup(id, "http://127.0.0.1:9", r, new SchedulePolicy(Duration.ofMinutes(1), null, 0), Instant.now(),
        Instant.now().plusSeconds(60), refs);
  }

  private static RemoteAgentExecutor started(Duration grace) {
    RemoteAgentExecutor e = new RemoteAgentExecutor(grace, 100);
    e.start(new ExecutorContext(new LocalGroupRunner(HttpProbe.builder().build(),
        CheckRegistry.of(List.of(), true, RemoteAgentExecutorTest.class.getClassLoader()), Clock.systemUTC()),
        Clock.systemUTC()));
    return e;
  }

  @Test
  void aGroupCompletesWhenEveryTaskHasAResult() throws Exception {
    RemoteAgentExecutor e = started(Duration.ofMinutes(5));
    CompletableFuture<GroupOutcome> f = e.execute(group(1, Duration.ofMinutes(1), 10, 11)).toCompletableFuture();
    CompletableFuture<GroupOutcome> g = e.execute(group(2, Duration.ofMinutes(1), 20)).toCompletableFuture();
    assertThat(e.waitingGroups()).isEqualTo(2);

    var handed = e.take("a", 1);
    assertThat(handed).extracting(h -> h.task().taskId()).containsExactly(10L, 11L);
    assertThat(e.selectedTasks()).isEqualTo(2);
    assertThat(e.waitingGroups()).isEqualTo(1);

    assertThat(e.complete("a", Map.of(10L, CheckResult.success()))).isEqualTo(1);
    assertThat(f).isNotDone();
    assertThat(e.complete("a", Map.of(11L, CheckResult.failure("boom")))).isEqualTo(1);
    GroupOutcome o = f.get(5, TimeUnit.SECONDS);
    assertThat(o.outcomes()).extracting(t -> t.result().severity()).containsExactly(Severity.OK, Severity.CRITICAL);
    assertThat(e.complete("a", Map.of(11L, CheckResult.success()))).as("a late result is dropped").isZero();
    assertThat(e.knows(20)).isTrue();
    assertThat(g).isNotDone();
    e.close();
    assertThat(g.get(5, TimeUnit.SECONDS).outcomes().get(0).result().message()).isEqualTo("server shutting down");
  }

  @Test
  void aTakenGroupNotAnsweredIsAbandonedAfterTimeoutAndGrace() throws Exception {
    RemoteAgentExecutor e = started(Duration.ofMillis(200));
    CompletableFuture<GroupOutcome> f = e.execute(group(1, Duration.ofMillis(300), 10)).toCompletableFuture();
    assertThat(e.take("slow-agent", 10)).hasSize(1);
    GroupOutcome o = f.get(30, TimeUnit.SECONDS);
    assertThat(o.outcomes().get(0).result().severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(o.outcomes().get(0).result().message()).startsWith("agent slow-agent did not post a result");
    assertThat(e.take("other", 10)).as("an abandoned group is not handed out again").isEmpty();
    e.close();
  }
}
