package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.argos.testkit.store.StoreKitSupport.claimAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.argos.api.Quorum;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.LocationResult;
import org.junit.jupiter.api.Test;

/**
 * The store contract on locations (issue 19): a group keeps its {@link Quorum} from registration to claim, and each
 * reporting location's result per task is kept, the latest per location, in the group's location order
 * ({@link org.argos.api.store.RunStore#locationResults}), written with the run or not at all.
 */
public interface LocationsContract extends StoreKit {
  /** A site checked from par1, fra1 and ams1, two of which must agree. */
  private static Site located(List<String> locations) {
    return site("https://l.example", "status-is").toBuilder()
        .quorum(new Quorum(locations, Math.min(2, locations.size()), true)).build();
  }

  private static GroupOutcome withLocations(ClaimedGroup g, Instant at, Object... locationAndSeverity) {
    GroupOutcome plain = outcome(g, at, Severity.OK);
    List<LocationResult> located = new java.util.ArrayList<>();
    for (int i = 0; i < locationAndSeverity.length; i += 2) {
      for (var t : g.tasks()) {
        located.add(new LocationResult(t.taskId(), (String) locationAndSeverity[i], (Severity) locationAndSeverity[i + 1],
            "from " + locationAndSeverity[i], at));
      }
    }
    return new GroupOutcome(g.groupId(), at, at, plain.outcomes(), located);
  }

  @Test
  default void aGroupKeepsItsLocationsAndQuorumFromRegistrationToClaim() {
    store().register(plan(located(List.of("par1", "fra1", "ams1")), T0), T0);
    store().register(plan(site("https://plain.example", "status-is"), T0), T0);
    List<ClaimedGroup> claimed = claimAll(store(), "n1", T0);
    assertThat(claimed).extracting(g -> g.policy().quorum()).containsExactlyInAnyOrder(
        new Quorum(List.of("par1", "fra1", "ams1"), 2, true), Quorum.DEFAULT);
  }

  @Test
  default void eachLocationsLatestResultIsKeptInTheGroupsLocationOrder() {
    store().register(plan(located(List.of("par1", "fra1", "ams1")), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    long task = g.tasks().get(0).taskId();
    assertThat(store().locationResults(task)).isEmpty();
    Instant at = T0.plusSeconds(1);
    store().complete(List.of(new CompletedRun("n1", g,
        withLocations(g, at, "ams1", Severity.OK, "par1", Severity.CRITICAL))), simpleRule());
    assertThat(store().locationResults(task)).extracting(LocationResult::location, LocationResult::severity,
        LocationResult::message).containsExactly(tuple("par1", Severity.CRITICAL, "from par1"),
        tuple("ams1", Severity.OK, "from ams1"));

    // the next run: fra1 reports for the first time, par1 recovers, ams1 is silent and keeps its last result
    Instant next = store().tasks("https://l.example").get(0).nextRunAt();
    ClaimedGroup g2 = claimAll(store(), "n1", next).get(0);
    store().complete(List.of(new CompletedRun("n1", g2,
        withLocations(g2, next, "par1", Severity.OK, "fra1", Severity.WARNING))), simpleRule());
    assertThat(store().locationResults(task)).extracting(LocationResult::location, LocationResult::severity,
        LocationResult::at).containsExactly(tuple("par1", Severity.OK, next), tuple("fra1", Severity.WARNING, next),
        tuple("ams1", Severity.OK, at));
  }

  @Test
  default void aRunNotRecordedKeepsNoLocationResultsAndALocationNoLongerListedIsForgotten() {
    store().register(plan(located(List.of("par1", "fra1")), T0), T0);
    ClaimedGroup g = claimAll(store(), "n1", T0).get(0);
    long task = g.tasks().get(0).taskId();
    // n2 does not hold the claim: its run is dropped, with its locations
    store().complete(List.of(new CompletedRun("n2", g, withLocations(g, T0, "par1", Severity.CRITICAL))), simpleRule());
    assertThat(store().locationResults(task)).isEmpty();
    store().complete(List.of(new CompletedRun("n1", g,
        withLocations(g, T0, "par1", Severity.CRITICAL, "fra1", Severity.OK))), simpleRule());
    assertThat(store().locationResults(task)).hasSize(2);

    store().register(plan(located(List.of("fra1")), T0), T0); // par1 no longer listed
    assertThat(store().locationResults(task)).extracting(LocationResult::location).containsExactly("fra1");
  }
}
