package org.argos.postgres;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import org.argos.api.CheckResult;
import org.argos.api.Severity;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;
import org.junit.jupiter.api.Test;

/** A result stored before contexts were bounded stays readable: its too deep context is dropped, with a note. */
class StoredContextTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aTooDeepStoredContextIsDroppedOnRead() throws Exception {
    try (JdbcStore store = JdbcStore.inMemory("deep-context").build()) {
      store.register(plan(site("https://a.example", "status-is"), T0), T0);
      ClaimedGroup g = store.claimDue("n1", T0, T0, 10, T0.plusSeconds(60)).getFirst();
      store.complete(List.of(new CompletedRun("n1", g, outcome(g, T0, Severity.OK))), simpleRule());
      long task = g.tasks().getFirst().taskId();
      String deep = "{\"a\":".repeat(500) + "1" + "}".repeat(500);
      try (Connection c = DriverManager.getConnection("jdbc:h2:mem:deep-context;DATABASE_TO_LOWER=TRUE");
          PreparedStatement s = c.prepareStatement("UPDATE results SET context = ?")) {
        s.setString(1, deep);
        assertThat(s.executeUpdate()).isEqualTo(1);
      }
      var read = store.results(task, 1).getFirst().result();
      assertThat(read.severity()).isEqualTo(Severity.OK);
      assertThat(read.context()).containsOnlyKeys("context_dropped");
      assertThat(String.valueOf(read.context().get("context_dropped"))).contains("nested deeper than 100 levels");
    }
  }

  @Test
  void anOversizedResultIsStoredCutInsteadOfFailingTheBatch() {
    try (JdbcStore store = JdbcStore.inMemory("big-result").build()) {
      store.register(plan(site("https://a.example", "status-is"), T0), T0);
      ClaimedGroup g = store.claimDue("n1", T0, T0, 10, T0.plusSeconds(60)).getFirst();
      long task = g.tasks().getFirst().taskId();
      String big = "x".repeat(400_000);
      CheckResult huge = CheckResult.failure("y".repeat(50_000)).with("a", big).with("b", big).with("c", big);
      store.complete(List.of(new CompletedRun("n1", g, new GroupOutcome(g.groupId(), T0, T0,
          List.of(new TaskOutcome(task, huge))))), simpleRule());
      var read = store.results(task, 1).getFirst().result();
      assertThat(read.message()).hasSize(CheckResult.MAX_MESSAGE).endsWith("[cut: the message had 50000 characters]");
      assertThat(read.context()).containsOnlyKeys("context_dropped");
      assertThat(store.task(task).orElseThrow().state().severity()).isEqualTo(Severity.CRITICAL);
    }
  }
}
