package org.argos.engine.memory;

import java.time.Instant;
import org.argos.api.CheckSpec;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskState;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.SchedulePolicy;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store's entries: a site with its groups, a group with its tasks, a task with its state, results and
 * history. Arrays rather than maps, and the group's key derived from its request, because a million tasks must fit
 * (docs/benchmarks.md, "Registration and the in-memory store's heap": the maps they replaced took about 140 MB).
 */
final class Entries {
  /** By ordinal, without the copy {@code Severity.values()} makes on each call. */
  private static final Severity[] SEVERITIES = Severity.values();
  private static final Site PROBE_SITE = Site.builder("http://probe.invalid").path("/", p -> p.check("probe", null)).build();

  private Entries() {}

  static final class SiteEntry {
    Site site;
    GroupEntry[] groups = new GroupEntry[0];
    final int[] bySeverity = new int[5];
    int taskCount;
    @Nullable Instant lastRunAt;
    private @Nullable String probeDomain;

    SiteEntry(Site site) {
      this.site = site;
    }

    /** A stand-in with the given rank and domain, to bound a range of the ranked set. */
    static SiteEntry probe(int rank, String domain) {
      SiteEntry e = new SiteEntry(PROBE_SITE);
      e.probeDomain = domain;
      if (rank < 4) {
        e.bySeverity[3 - rank] = 1;
      }
      return e;
    }

    String domain() {
      return probeDomain != null ? probeDomain : site.domain();
    }

    void adjust(@Nullable Severity severity, @Nullable TaskState state, int delta) {
      bySeverity[severity == null ? 4 : severity.ordinal()] += delta;
      if (delta > 0 && state != null && (lastRunAt == null || state.lastRunAt().isAfter(lastRunAt))) {
        lastRunAt = state.lastRunAt();
      }
    }

    @Nullable Severity worst() {
      int rank = rank();
      return rank == 4 ? null : SEVERITIES[3 - rank];
    }

    /** 0 = unknown ... 3 = ok, 4 = nothing run yet. Read per recorded result: no allocation. */
    int rank() {
      for (int i = 3; i >= 0; i--) {
        if (bySeverity[i] > 0) {
          return 3 - i;
        }
      }
      return 4;
    }
  }

  static final class GroupEntry {
    final long id;
    /** The group's key when it is not its request's own key (which is computed when needed rather than kept). */
    private @Nullable String otherKey;
    final SiteEntry site;
    ProbeRequest request;
    SchedulePolicy policy;
    Instant nextRun;
    @Nullable String claimedBy;
    Instant leaseUntil = Instant.EPOCH;
    TaskEntry[] tasks = new TaskEntry[0];
    /** What the last run that said so connected to. */
    org.argos.api.@Nullable ProbePeer peer;

    GroupEntry(long id, String key, SiteEntry site, ProbeRequest request, SchedulePolicy policy, Instant nextRun) {
      this.id = id;
      this.site = site;
      setRequest(key, request);
      this.policy = policy;
      this.nextRun = nextRun;
    }

    void setRequest(String key, ProbeRequest request) {
      this.request = request;
      this.otherKey = key.equals(request.key()) ? null : key;
    }

    String key() {
      return otherKey != null ? otherKey : request.key();
    }
  }

  static final class TaskEntry {
    final long id;
    final String key;
    final GroupEntry group;
    final CheckSpec check;
    @Nullable TaskState state;
    /** {@link Compact.KeptResult}s, newest first (see {@link Compact#pushFirst}). */
    @Nullable Object results;
    /** {@link Compact.KeptChange}s, newest first (see {@link Compact#pushFirst}). */
    @Nullable Object history;
    /** The latest result of each location, for a task checked from several; null for the others. */
    org.argos.api.store.LocationResult @Nullable [] locations;
    /**
     * Uptime per UTC day (see {@link MemoryUptime}): rows of {@link MemoryUptime#ROW} ints in day order; null until the
     * task's first closed interval.
     */
    int @Nullable [] uptimeDays;

    TaskEntry(long id, String key, GroupEntry group, CheckSpec check) {
      this.id = id;
      this.key = key;
      this.group = group;
      this.check = check;
    }
  }
}
