package org.argos.agents.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.executor.GroupRunner;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskRef;

/** Groups of one task and a runner that answers each at once, for the tests of an agent against the executor. */
final class AgentTestRuns {
  private AgentTestRuns() {}

  /** A group due now, of one status-is task whose id is {@code id * 10}. */
  static ClaimedGroup group(long id, String domain) {
    ProbeRequest r = new ProbeRequest(domain + "/", "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(30),
        false, 0);
    return new ClaimedGroup(id, domain, r, new SchedulePolicy(Duration.ofMinutes(1), null, 0), Instant.now(),
        Instant.now().plusSeconds(60), List.of(new TaskRef(id * 10, CheckSpec.of("status-is", 200))));
  }

  /** Answers every task of a group with a success naming the group's domain. */
  static class Succeeding implements GroupRunner {
    @Override
    public GroupOutcome run(ClaimedGroup g) throws InterruptedException {
      return new GroupOutcome(g.groupId(), Instant.now(), Instant.now(), g.tasks().stream()
          .map(t -> new TaskOutcome(t.taskId(), CheckResult.success("ran " + g.domain()))).toList());
    }

    @Override
    public GroupOutcome abandoned(ClaimedGroup g, Instant startedAt, CheckResult result) {
      return new GroupOutcome(g.groupId(), startedAt, Instant.now(), g.tasks().stream()
          .map(t -> new TaskOutcome(t.taskId(), result)).toList());
    }
  }
}
