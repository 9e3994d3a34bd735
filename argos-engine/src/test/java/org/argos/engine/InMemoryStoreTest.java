package org.argos.engine;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.Store;
import org.argos.api.store.StoredResult;
import org.argos.testkit.StoreCompatibilityKit;
import org.junit.jupiter.api.Test;

class InMemoryStoreTest extends StoreCompatibilityKit {
  @Override
  protected Store createStore() {
    return new InMemoryStore();
  }

  @Test
  void keepsOnlyTheNewestResultsAndChangesPerTask() {
    InMemoryStore small = new InMemoryStore(2, 2);
    small.register(plan(site("https://a.example", "status-is"), T0), T0);
    Severity[] runs = {Severity.OK, Severity.CRITICAL, Severity.OK, Severity.WARNING};
    long taskId = 0;
    for (int i = 0; i < runs.length; i++) {
      Instant at = T0.plus(Duration.ofMinutes(5L * i));
      ClaimedGroup g = small.claimDue("n1", at, at, 10, at.plusSeconds(60)).get(0);
      taskId = g.tasks().get(0).taskId();
      small.complete(List.of(new CompletedRun("n1", g, outcome(g, at, runs[i]))), simpleRule());
    }
    List<StoredResult> results = small.results(taskId, 10);
    assertThat(results).extracting(r -> r.result().severity()).containsExactly(Severity.WARNING, Severity.OK);
    assertThat(results.get(0).result().context()).containsEntry("kit", true);
    assertThat(small.result(results.get(1).id())).contains(results.get(1));
    // the two older results are gone, from the task and from the id index
    for (long id = 1; id < results.get(1).id(); id++) {
      assertThat(small.result(id)).isEmpty();
    }
    assertThat(small.history(taskId, 10)).extracting(StateChange::current).containsExactly(Severity.WARNING, Severity.OK);
    assertThat(small.history(taskId, 1)).hasSize(1);
    assertThat(small.results(taskId, 1)).containsExactly(results.get(0));
  }

  @Test
  void withOneResultAndOneChangePerTaskKeepsTheLatest() {
    InMemoryStore one = new InMemoryStore(1, 1);
    one.register(plan(site("https://a.example", "status-is"), T0), T0);
    long taskId = 0;
    for (int i = 0; i < 3; i++) {
      Instant at = T0.plus(Duration.ofMinutes(5L * i));
      ClaimedGroup g = one.claimDue("n1", at, at, 10, at.plusSeconds(60)).get(0);
      taskId = g.tasks().get(0).taskId();
      one.complete(List.of(new CompletedRun("n1", g, outcome(g, at, i == 1 ? Severity.CRITICAL : Severity.OK))), simpleRule());
    }
    List<StoredResult> results = one.results(taskId, 10);
    assertThat(results).singleElement().satisfies(r -> assertThat(r.at()).isEqualTo(T0.plus(Duration.ofMinutes(10))));
    assertThat(one.result(results.get(0).id())).contains(results.get(0));
    assertThat(one.result(results.get(0).id() - 1)).isEmpty();
    assertThat(one.history(taskId, 10)).singleElement().satisfies(c -> {
      assertThat(c.previous()).isEqualTo(Severity.CRITICAL);
      assertThat(c.current()).isEqualTo(Severity.OK);
      assertThat(c.resultId()).isEqualTo(results.get(0).id());
    });
    one.unregister("https://a.example");
    assertThat(one.result(results.get(0).id())).isEmpty();
  }
}
