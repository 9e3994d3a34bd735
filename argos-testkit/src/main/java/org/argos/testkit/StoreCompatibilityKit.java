package org.argos.testkit;

import java.time.Instant;
import org.argos.api.store.Store;
import org.argos.testkit.store.ClaimsContract;
import org.argos.testkit.store.ClusterContract;
import org.argos.testkit.store.LifecycleContract;
import org.argos.testkit.store.LocationsContract;
import org.argos.testkit.store.OutboxContract;
import org.argos.testkit.store.IncidentsContract;
import org.argos.testkit.store.PushContract;
import org.argos.testkit.store.RunsContract;
import org.argos.testkit.store.SitesContract;
import org.argos.testkit.store.StatusReadsContract;
import org.argos.testkit.store.TenantsContract;
import org.argos.testkit.store.UptimeContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract every {@link Store} honours. A store implementation runs it with a subclass that creates a fresh, empty
 * store per test:
 *
 * <pre>{@code
 * class MyStoreTest extends StoreCompatibilityKit {
 *   protected Store createStore() { return new MyStore(...); }
 * }
 * }</pre>
 *
 * <p>The tests live in one interface per part of the contract, in {@link org.argos.testkit.store}:
 * {@link SitesContract} (registration), {@link ClaimsContract} (claiming due groups), {@link RunsContract}
 * (completing runs: results, state, history), {@link StatusReadsContract} (the status pages), {@link OutboxContract}
 * (alerts and their delivery), {@link ClusterContract} (heartbeats, config version, silences),
 * {@link LifecycleContract} (the alert lifecycle's state and acknowledgements), {@link LocationsContract}
 * (per-location results), {@link PushContract} (push heartbeats), {@link TenantsContract} (tenant-scoped reads),
 * {@link UptimeContract} (availability from state changes) and {@link IncidentsContract} (incidents). This class runs
 * them all, opening the store before each test and closing it after.
 */
public abstract class StoreCompatibilityKit
    implements SitesContract, ClaimsContract, RunsContract, StatusReadsContract, OutboxContract, ClusterContract,
    LifecycleContract, LocationsContract, PushContract, TenantsContract, UptimeContract, IncidentsContract {
  /** A fixed start time; stores must take time only from their arguments. */
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** The store under test, fresh for each test. */
  protected Store store;

  /**
   * @return a new, empty store
   * @throws Exception if it cannot be created
   */
  protected abstract Store createStore() throws Exception;

  /**
   * @return whether the store reserves result ids ({@link Store#reserveResultIds}); a store that keeps the SPI's
   *     default (it numbers results itself) overrides this to return false, and the kit then checks that it ignores
   *     the ids outcomes carry
   */
  protected boolean reservesResultIds() {
    return true;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = createStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Override
  public final Store store() {
    Store s = store;
    if (s == null) {
      throw new IllegalStateException("no store open: the kit opens one before each test");
    }
    return s;
  }

  @Override
  public final Store anotherStore() throws Exception {
    return createStore();
  }

  @Override
  public final boolean storeReservesResultIds() {
    return reservesResultIds();
  }
}
