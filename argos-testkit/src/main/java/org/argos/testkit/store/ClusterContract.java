package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.site;
import static org.argos.testkit.store.StoreKitSupport.T0;
import static org.argos.testkit.store.StoreKitSupport.claimAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.argos.api.store.ClaimedGroup;
import org.junit.jupiter.api.Test;

/**
 * The store contract on what the nodes of a cluster share: heartbeats and the take-over of silent nodes, one node only
 * for a single-node store, the config version and the silences ({@link org.argos.api.store.Store#heartbeat}, {@link
 * org.argos.api.store.Store#takeOverSilentNodes}, {@link org.argos.api.store.Store#configVersion}, {@link
 * org.argos.api.store.Store#putSilence}). {@link org.argos.testkit.StoreCompatibilityKit} runs it with the others; a
 * test class may run this part alone by implementing it and {@link StoreKit}.
 */
public interface ClusterContract extends StoreKit {
  @Test
  default void aNodeSilentForLongerThanAllowedHasItsClaimsTakenOverBeforeTheLease() {
    Optional<Instant> first = store().heartbeat("n1", "host1", 1, T0);
    if (first.isEmpty()) { // a store without heartbeats (one node) takes nobody over
      assertThat(store().takeOverSilentNodes("n2", Duration.ZERO)).isEmpty();
      return;
    }
    assertThat(Duration.between(first.get(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(10));
    store().register(plan(site("https://a.example", "status-is"), T0), T0);
    store().register(plan(site("https://b.example", "status-is"), T0), T0);
    ClaimedGroup silent = store().claimDue("n1", T0, T0, 1, T0.plusSeconds(600)).get(0);
    ClaimedGroup unknown = store().claimDue("n9", T0, T0, 1, T0.plusSeconds(600)).get(0); // never beat: only its lease
    // the store's time moves on past n1's beat (no sleep: it is the store's clock that must pass it)
    Instant later;
    do {
      later = store().heartbeat("n2", "host2", 2, T0).orElseThrow();
    } while (!later.isAfter(first.get()));
    assertThat(store().takeOverSilentNodes("n2", Duration.ofMinutes(10))).isEmpty();
    assertThat(claimAll(store(), "n2", T0)).isEmpty();
    assertThat(store().takeOverSilentNodes("n2", Duration.ZERO)).containsExactly("n1");
    assertThat(claimAll(store(), "n2", T0)).extracting(ClaimedGroup::groupId).containsExactly(silent.groupId());
    assertThat(store().takeOverSilentNodes("n2", Duration.ZERO)).isEmpty(); // forgotten until it beats again
    assertThat(unknown.groupId()).isNotEqualTo(silent.groupId());
  }

  @Test
  default void aHeartbeatWithAnInstanceTokenReportsTheRowAnotherInstanceWrote() {
    Optional<org.argos.api.store.Heartbeat> first = store().heartbeat("n1", "instance-a", "host1", 11, T0);
    if (first.isEmpty()) { // a store without heartbeats (one process) has nothing to compare
      assertThat(store().lastHeartbeat("n1")).isEmpty();
      return;
    }
    assertThat(first.get().overwritten()).isNull(); // no row before
    org.argos.api.store.NodeBeat last = store().lastHeartbeat("n1").orElseThrow();
    assertThat(last.instance()).isEqualTo("instance-a");
    assertThat(last.host()).isEqualTo("host1");
    assertThat(last.pid()).isEqualTo(11);
    assertThat(last.lastHeartbeat()).isEqualTo(first.get().storeTime());
    assertThat(last.age()).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofMinutes(10));
    assertThat(store().heartbeat("n1", "instance-a", "host1", 11, T0).orElseThrow().overwritten()).isNull(); // its own
    // another process with the same node id beats: the row it replaced names the first one
    org.argos.api.store.Heartbeat twin = store().heartbeat("n1", "instance-b", "host2", 22, T0).orElseThrow();
    assertThat(twin.overwritten()).isNotNull();
    assertThat(twin.overwritten().instance()).isEqualTo("instance-a");
    assertThat(twin.overwritten().host()).isEqualTo("host1");
    assertThat(twin.overwritten().pid()).isEqualTo(11);
    assertThat(store().heartbeat("n1", "instance-a", "host1", 11, T0).orElseThrow().overwritten().instance())
        .isEqualTo("instance-b");
    assertThat(store().lastHeartbeat("n2")).isEmpty();
    store().nodeStopped("n1");
    assertThat(store().lastHeartbeat("n1")).isEmpty();
  }

  @Test
  default void aStoreForOneNodeRefusesASecondNode() {
    store().nodeStarting("n1");
    store().nodeStarting("n1"); // the same node again is fine
    if (store().supportsSeveralNodes()) {
      store().nodeStarting("n2");
      store().nodeStopped("n2");
    } else {
      assertThatThrownBy(() -> store().nodeStarting("n2")).isInstanceOf(org.argos.api.StoreException.class)
          .hasMessageContaining("PostgreSQL");
      store().nodeStopped("n1");
      store().nodeStarting("n2"); // free again once the first has stopped
      store().nodeStopped("n2");
    }
  }

  // ---- cluster state: the config version and the silences every node shares

  @Test
  default void theConfigVersionIsReplacedOnlyByWhoeverReadTheCurrentOne() {
    if (!store().keepsClusterState()) {
      assertThat(store().configVersion()).as("a store without cluster state keeps no version").isEmpty();
      return;
    }
    assertThat(store().configVersion()).isEmpty();
    org.argos.api.store.ConfigVersion v1 = new org.argos.api.store.ConfigVersion("a1", "v1", T0, "n1");
    org.argos.api.store.ConfigVersion v2 = new org.argos.api.store.ConfigVersion("b2", "v2", T0.plusSeconds(5), "n2");
    assertThat(store().replaceConfigVersion("zz", v1)).as("nothing stored yet: only an expected null matches").isFalse();
    assertThat(store().replaceConfigVersion(null, v1)).isTrue();
    assertThat(store().configVersion()).contains(v1);
    assertThat(store().replaceConfigVersion(null, v2)).as("a second first version loses").isFalse();
    assertThat(store().replaceConfigVersion("b2", v2)).as("a stale expected hash loses").isFalse();
    assertThat(store().configVersion()).contains(v1);
    assertThat(store().replaceConfigVersion("a1", v2)).isTrue();
    assertThat(store().configVersion()).contains(v2);
  }

  @Test
  default void silencesAreStoredReplacedAndDeleted() {
    if (!store().keepsClusterState()) {
      assertThat(store().silences()).as("a store without cluster state keeps no silences").isEmpty();
      return;
    }
    org.argos.api.Silence byDomain = new org.argos.api.Silence("upgrade-1", "https://a.example", null, T0,
        T0.plusSeconds(3600), "database upgrade");
    org.argos.api.Silence byTag = new org.argos.api.Silence("night", null, "Shop", T0, T0.plusSeconds(60), "");
    store().putSilence(byDomain);
    store().putSilence(byTag);
    assertThat(store().silences()).containsExactlyInAnyOrder(byDomain, byTag);
    org.argos.api.Silence longer = new org.argos.api.Silence("night", null, "shop", T0, T0.plusSeconds(7200), "longer");
    store().putSilence(longer);
    assertThat(store().silences()).containsExactlyInAnyOrder(byDomain, longer);
    assertThat(store().deleteSilence("night")).isTrue();
    assertThat(store().deleteSilence("night")).isFalse();
    assertThat(store().silences()).containsExactly(byDomain);
  }

  @Test
  default void recurringSilencesWithListsOfDomainsAndAddressesAreStoredWhole() {
    if (!store().keepsClusterState()) {
      return;
    }
    org.argos.api.Recurrence weekend = org.argos.api.Recurrence.weekly(
        java.util.Set.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY), java.time.LocalTime.of(2, 0),
        Duration.ofHours(2), java.time.ZoneId.of("Europe/Paris"));
    java.util.Set<String> many = new java.util.HashSet<>();
    for (int i = 0; i < org.argos.api.Silence.MAX_DOMAINS; i++) {
      many.add("https://s" + i + ".example");
    }
    org.argos.api.Silence bulk = new org.argos.api.Silence("bulk", null, null, T0, T0.plusSeconds(7200), "filtered",
        null, many, null);
    org.argos.api.Silence weekly = new org.argos.api.Silence("weekend", null, "db", T0, org.argos.api.Silence.NO_END,
        "backups", weekend, java.util.Set.of("https://a.example", "https://b.example"),
        org.argos.api.AddressRange.parse("2001:db8::/32"));
    org.argos.api.Silence cron = new org.argos.api.Silence("cron", null, null, T0, T0.plusSeconds(86_400 * 30), "",
        new org.argos.api.Recurrence("*/15 9-17 1,15 * mon-fri", Duration.ofMinutes(5), java.time.ZoneOffset.UTC),
        java.util.Set.of(), org.argos.api.AddressRange.parse("10.0.0.0/8"));
    store().putSilence(bulk);
    store().putSilence(weekly);
    store().putSilence(cron);
    assertThat(store().silences()).containsExactlyInAnyOrder(bulk, weekly, cron);
    assertThat(store().silences()).filteredOn(s -> s.id().equals("bulk")).singleElement()
        .satisfies(s -> assertThat(s.domains()).hasSize(org.argos.api.Silence.MAX_DOMAINS));

    // replaced: the new fields and the list are the new silence's only, nothing of the old one is left
    org.argos.api.Silence oneShot = new org.argos.api.Silence("weekend", null, null, T0, T0.plusSeconds(60), "now",
        null, java.util.Set.of("https://c.example"), null);
    store().putSilence(oneShot);
    assertThat(store().silences()).containsExactlyInAnyOrder(bulk, oneShot, cron);
    assertThat(store().deleteSilence("bulk")).isTrue();
    store().putSilence(new org.argos.api.Silence("bulk", null, "t", T0, T0.plusSeconds(60), ""));
    assertThat(store().silences()).filteredOn(s -> s.id().equals("bulk")).singleElement()
        .satisfies(s -> assertThat(s.domains()).as("the deleted silence's domains went with it").isEmpty());
  }
}
