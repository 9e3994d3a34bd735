package org.argos.postgres.internal.uptime;

import static org.argos.postgres.internal.schema.Tables.SITES;
import static org.argos.postgres.internal.schema.Tables.SITE_TAGS;
import static org.argos.postgres.internal.schema.Tables.TASKS;
import static org.argos.postgres.internal.schema.Tables.TASK_STATES;
import static org.argos.postgres.internal.schema.Tables.UPTIME_DAYS;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.argos.api.store.DomainUptime;
import org.argos.api.store.Uptime;
import org.argos.api.store.UptimeDay;
import org.argos.api.store.UptimeTotals;
import org.argos.api.store.UptimeWindow;
import org.argos.postgres.internal.sql.Batches;
import org.argos.postgres.internal.sql.Calls;
import org.argos.postgres.internal.sql.Codec;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record7;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * Availability reads (see {@link Uptime}): the closed intervals are summed from uptime_days (one range of an index per
 * site, or the primary key for a task), the open one of each task is read from task_states and split by day here.
 * Both in one repeatable-read transaction: a state change committed between the two reads would otherwise count its
 * interval twice (in a new day row and in the old open interval).
 */
public final class SqlUptime implements Uptime {
  private static final int INCIDENTS = 4;

  private final DSLContext db;
  private final Calls calls;

  public SqlUptime(DSLContext db, Calls calls) {
    this.db = db;
    this.calls = calls;
  }

  /** Where the sums go: per site (or task) and day index from the window's first day. */
  private interface Sink {
    void add(long key, int dayIndex, int slot, long amount);
  }

  /** Adds the closed days and the open intervals of the tasks matching the conditions. */
  private static void accumulate(DSLContext tx, Condition days, Condition states, boolean byTask, UptimeWindow w,
      Instant now, Sink sink) {
    long first = w.from().toEpochDay();
    var key = byTask ? UPTIME_DAYS.TASK_ID : UPTIME_DAYS.SITE_ID;
    for (Record7<Long, LocalDate, java.math.BigDecimal, java.math.BigDecimal, java.math.BigDecimal,
        java.math.BigDecimal, java.math.BigDecimal> r : tx.select(key, UPTIME_DAYS.ON_DAY,
            DSL.sum(UPTIME_DAYS.OK_MS), DSL.sum(UPTIME_DAYS.WARNING_MS), DSL.sum(UPTIME_DAYS.CRITICAL_MS),
            DSL.sum(UPTIME_DAYS.UNKNOWN_MS), DSL.sum(UPTIME_DAYS.INCIDENTS))
        .from(UPTIME_DAYS)
        .where(days)
        .and(UPTIME_DAYS.ON_DAY.ge(w.from())).and(UPTIME_DAYS.ON_DAY.lt(w.to()))
        .groupBy(key, UPTIME_DAYS.ON_DAY)
        .fetch()) {
      int index = (int) (r.value2().toEpochDay() - first);
      for (int slot = 0; slot < 5; slot++) {
        long amount = r.get(2 + slot, java.math.BigDecimal.class).longValue();
        if (amount != 0) {
          sink.add(r.value1(), index, slot, amount);
        }
      }
    }
    long start = w.start().toEpochMilli();
    long end = Math.min(now.toEpochMilli(), w.end().toEpochMilli());
    if (end <= start) {
      return;
    }
    var stateKey = byTask ? TASK_STATES.TASK_ID : TASK_STATES.SITE_ID;
    tx.select(stateKey, TASK_STATES.SEVERITY_RANK, TASK_STATES.SEVERITY_SINCE)
        .from(TASK_STATES)
        .where(states)
        .and(TASK_STATES.SEVERITY_SINCE.lt(Instant.ofEpochMilli(end)))
        .forEach(r -> {
          long k = r.value1();
          int slot = Codec.severity(r.value2()).ordinal();
          UptimeDay.split(Math.max(start, r.value3().toEpochMilli()), end,
              (day, ms) -> sink.add(k, (int) (day - first), slot, ms));
        });
  }

  private static UptimeTotals totals(long[] t) {
    return new UptimeTotals(t[0], t[1], t[2], t[3], t[INCIDENTS]);
  }

  /** The sum over the given sites, read in chunks of ids. */
  private UptimeTotals ofSites(String what, SiteIds ids, UptimeWindow w, Instant now) {
    return read(what, tx -> {
      long[] t = new long[5];
      for (List<Long> chunk : Batches.chunks(ids.read(tx))) {
        accumulate(tx, UPTIME_DAYS.SITE_ID.in(chunk), TASK_STATES.SITE_ID.in(chunk), false, w, now,
            (key, day, slot, amount) -> t[slot] += amount);
      }
      return totals(t);
    });
  }

  private interface SiteIds {
    List<Long> read(DSLContext tx);
  }

  @Override
  public UptimeTotals ofTask(long taskId, UptimeWindow w, Instant now) {
    return read("read a task's uptime", tx -> {
      long[] t = new long[5];
      accumulate(tx, UPTIME_DAYS.TASK_ID.eq(taskId), TASK_STATES.TASK_ID.eq(taskId), true, w, now,
          (key, day, slot, amount) -> t[slot] += amount);
      return totals(t);
    });
  }

  @Override
  public UptimeTotals ofDomain(String domain, UptimeWindow w, Instant now) {
    return ofSites("read a site's uptime", tx -> siteIds(tx, SITES.DOMAIN.eq(domain)), w, now);
  }

  @Override
  public UptimeTotals ofTag(String tag, UptimeWindow w, Instant now) {
    return ofSites("read a tag's uptime",
        tx -> tx.select(SITE_TAGS.SITE_ID).from(SITE_TAGS).where(SITE_TAGS.TAG.eq(tag)).orderBy(SITE_TAGS.SITE_ID)
            .fetch(SITE_TAGS.SITE_ID), w, now);
  }

  @Override
  public UptimeTotals ofDomains(Collection<String> domains, UptimeWindow w, Instant now) {
    if (domains.size() > MAX_DOMAINS) {
      throw new IllegalArgumentException("domains: at most " + MAX_DOMAINS + " at once, got " + domains.size());
    }
    return ofSites("read the uptime of a set of sites", tx -> {
      List<Long> ids = new ArrayList<>();
      for (List<String> chunk : Batches.chunks(List.copyOf(new TreeSet<>(domains)))) {
        ids.addAll(siteIds(tx, SITES.DOMAIN.in(chunk)));
      }
      return ids;
    }, w, now);
  }

  @Override
  public UptimeTotals ofTenant(String tenant, UptimeWindow w, Instant now) {
    return ofSites("read a tenant's uptime", tx -> siteIds(tx, tenantSites(tenant)), w, now);
  }

  @Override
  public List<UptimeDay> daily(String domain, UptimeWindow w, Instant now) {
    return read("read a site's daily uptime", tx -> {
      long[][] perDay = new long[w.days()][5];
      for (List<Long> chunk : Batches.chunks(siteIds(tx, SITES.DOMAIN.eq(domain)))) {
        accumulate(tx, UPTIME_DAYS.SITE_ID.in(chunk), TASK_STATES.SITE_ID.in(chunk), false, w, now,
            (key, day, slot, amount) -> perDay[day][slot] += amount);
      }
      List<UptimeDay> out = new ArrayList<>(perDay.length);
      for (int i = 0; i < perDay.length; i++) {
        out.add(new UptimeDay(w.from().plusDays(i), totals(perDay[i])));
      }
      return out;
    });
  }

  @Override
  public Map<String, List<UptimeDay>> daily(java.util.Collection<String> domains, UptimeWindow w, Instant now) {
    if (domains.size() > MAX_DOMAINS) {
      throw new org.argos.api.InvalidValueException("domains: at most " + MAX_DOMAINS + ", got " + domains.size());
    }
    return read("read the daily uptime of " + domains.size() + " sites", tx -> {
      Map<Long, String> byId = new HashMap<>();
      tx.select(SITES.ID, SITES.DOMAIN).from(SITES).where(SITES.DOMAIN.in(domains))
          .forEach(r -> byId.put(r.value1(), r.value2()));
      Map<Long, long[][]> perSite = new HashMap<>();
      List<Long> ids = byId.keySet().stream().sorted().toList();
      for (List<Long> chunk : Batches.chunks(ids)) {
        accumulate(tx, UPTIME_DAYS.SITE_ID.in(chunk), TASK_STATES.SITE_ID.in(chunk), false, w, now,
            (key, day, slot, amount) -> perSite.computeIfAbsent(key, k -> new long[w.days()][5])[day][slot] += amount);
      }
      Map<String, long[][]> byDomain = new HashMap<>();
      perSite.forEach((id, days) -> byDomain.put(byId.get(id), days));
      Map<String, List<UptimeDay>> out = new java.util.LinkedHashMap<>();
      for (String d : domains) {
        long[][] days = byDomain.getOrDefault(d, new long[w.days()][5]);
        List<UptimeDay> list = new ArrayList<>(days.length);
        for (int i = 0; i < days.length; i++) {
          list.add(new UptimeDay(w.from().plusDays(i), totals(days[i])));
        }
        out.put(d, list);
      }
      return out;
    });
  }

  @Override
  public List<DomainUptime> byDomain(String tenant, UptimeWindow w, Instant now) {
    return read("read a tenant's uptime per site", tx -> {
      record SiteRow(long id, String domain, int tasks) {}
      List<SiteRow> sites = tx.select(SITES.ID, SITES.DOMAIN, DSL.count(TASKS.ID))
          .from(SITES).leftJoin(TASKS).on(TASKS.SITE_ID.eq(SITES.ID))
          .where(tenantSites(tenant))
          .groupBy(SITES.ID, SITES.DOMAIN)
          .fetch(r -> new SiteRow(r.value1(), r.value2(), r.value3()));
      Map<Long, long[]> sums = new HashMap<>();
      List<Long> ids = sites.stream().map(SiteRow::id).sorted().toList();
      for (List<Long> chunk : Batches.chunks(ids)) {
        accumulate(tx, UPTIME_DAYS.SITE_ID.in(chunk), TASK_STATES.SITE_ID.in(chunk), false, w, now,
            (key, day, slot, amount) -> sums.computeIfAbsent(key, k -> new long[5])[slot] += amount);
      }
      // by domain in Java: code-point order, as the in-memory store's sorted map, whatever the database's collation
      return sites.stream()
          .map(s -> new DomainUptime(s.domain(), s.tasks(), totals(sums.getOrDefault(s.id(), new long[5]))))
          .sorted(java.util.Comparator.comparing(DomainUptime::domain))
          .toList();
    });
  }

  /** Runs the reads in one repeatable-read transaction, then gives the connection back as it was. */
  private <T> T read(String what, java.util.function.Function<DSLContext, T> op) {
    return calls.call(what, () -> db.connectionResult(c -> {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
      c.setAutoCommit(false);
      try {
        // the store's configuration (its listeners, settings) on this one connection
        T result = op.apply(DSL.using(db.configuration().derive(new DefaultConnectionProvider(c))));
        c.commit();
        return result;
      } catch (RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
        c.setTransactionIsolation(isolation);
      }
    }));
  }

  private static List<Long> siteIds(DSLContext tx, Condition where) {
    return tx.select(SITES.ID).from(SITES).where(where).orderBy(SITES.ID).fetch(SITES.ID);
  }

  /** The one place that maps a tenant to its sites. */
  private static Condition tenantSites(String tenant) {
    return SITES.TENANT.eq(tenant);
  }
}
