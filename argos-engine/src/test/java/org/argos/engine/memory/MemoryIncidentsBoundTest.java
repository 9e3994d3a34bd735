package org.argos.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.store.IncidentEdit;
import org.junit.jupiter.api.Test;

/** The memory store keeps at most {@link MemoryIncidents#MAX_KEPT} incidents: the oldest resolved ones go first. */
class MemoryIncidentsBoundTest {
  @Test
  void pastTheBoundTheOldestResolvedIncidentsGoAndActiveOnesStay() {
    MemoryIncidents incidents = new MemoryIncidents();
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    Incident firstActive = incidents.open("default", "Still down", IncidentStatus.INVESTIGATING, "down", "ops",
        List.of("https://a.example"), t);
    long firstResolved = -1;
    for (int i = 0; i < MemoryIncidents.MAX_KEPT + 5; i++) {
      Incident in = incidents.open("default", "Outage " + i, IncidentStatus.INVESTIGATING, "down", "ops",
          List.of("https://a.example"), t.plusSeconds(i));
      incidents.edit(in.id(), new IncidentEdit(null, IncidentStatus.RESOLVED, "back", "ops"), t.plusSeconds(i + 1));
      if (firstResolved < 0) {
        firstResolved = in.id();
      }
    }
    assertThat(incidents.incident(firstActive.id())).as("the active incident, the oldest of all, stays").isPresent();
    // 10,006 opened, one still active: the six oldest resolved ones went, and only they
    assertThat(incidents.incident(firstResolved)).as("the oldest resolved one went").isEmpty();
    assertThat(incidents.incident(firstResolved + 5)).isEmpty();
    assertThat(incidents.incident(firstResolved + 6)).as("a bound, not a purge").isPresent();
    assertThat(incidents.incidents(new org.argos.api.store.IncidentQuery("default",
        org.argos.api.store.IncidentQuery.Which.ALL, null, null, 10)).getFirst().title())
        .isEqualTo("Outage " + (MemoryIncidents.MAX_KEPT + 4));
  }
}
