package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.argos.testkit.store.ClaimsContract;
import org.argos.testkit.store.ClusterContract;
import org.argos.testkit.store.LifecycleContract;
import org.argos.testkit.store.OutboxContract;
import org.argos.testkit.store.RunsContract;
import org.argos.testkit.store.SitesContract;
import org.argos.testkit.store.StatusReadsContract;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The store kit's tests live in interfaces: a subclass of {@code StoreCompatibilityKit} must run every test of every
 * contract (44 when the kit was split), or a store could pass a kit that silently lost a part.
 */
class StoreKitRunsEveryContractTest {
  @Test
  void aStoreSubclassRunsEveryTestOfEveryContract() {
    List<String> declared = new ArrayList<>();
    for (Class<?> contract : List.of(SitesContract.class, ClaimsContract.class, RunsContract.class,
        StatusReadsContract.class, OutboxContract.class, ClusterContract.class, LifecycleContract.class,
        org.argos.testkit.store.LocationsContract.class, org.argos.testkit.store.PushContract.class,
        org.argos.testkit.store.IncidentsContract.class)) {
      for (Method m : contract.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Test.class)) {
          declared.add(m.getName() + "()");
        }
      }
    }
    assertThat(declared).hasSizeGreaterThanOrEqualTo(44).doesNotHaveDuplicates();

    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(InMemoryStoreTest.class)).execute()
        .testEvents();
    List<String> passed = tests.succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    assertThat(tests.failed().count()).isZero();
    assertThat(passed).containsAll(declared);
  }
}
