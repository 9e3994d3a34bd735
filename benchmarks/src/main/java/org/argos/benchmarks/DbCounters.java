package org.argos.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * PostgreSQL's own counters, read before and after a window to give the database's cost per completed run: from
 * {@code pg_stat_database} for the benchmark database (transactions, rows), the WAL position
 * ({@code pg_current_wal_lsn()}: the whole cluster's), statements from {@code pg_stat_statements} when the server
 * preloads it (it needs a restart to load, so the harness never loads it), and the CPU time of the server's processes
 * from {@code /proc} (those connected to the benchmark database apart from all the others: the cluster's background
 * writers, and any other database's backends). A backend that ends within the window takes its CPU with it; the
 * engine's pools keep theirs open.
 */
record DbCounters(long xacts, long returned, long fetched, long inserted, long updated, long deleted, long walBytes,
    long statements, Map<Long, Long> ownCpu, Map<Long, Long> otherCpu) {

  /** @return the counters now; {@code statements} is -1 when {@code pg_stat_statements} is not loaded */
  static DbCounters read(String jdbcUrl) {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      long statements = -1;
      boolean preloaded;
      try (ResultSet r = s.executeQuery("SELECT current_setting('shared_preload_libraries') LIKE "
          + "'%pg_stat_statements%'")) {
        r.next();
        preloaded = r.getBoolean(1);
      }
      if (preloaded) {
        s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        try (ResultSet r = s.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE dbid = "
            + "(SELECT oid FROM pg_database WHERE datname = current_database())")) {
          r.next();
          statements = r.getLong(1);
        }
      }
      long[] db = new long[6];
      try (ResultSet r = s.executeQuery("SELECT xact_commit + xact_rollback, tup_returned, tup_fetched, tup_inserted, "
          + "tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()")) {
        r.next();
        for (int i = 0; i < 6; i++) {
          db[i] = r.getLong(i + 1);
        }
      }
      long wal;
      try (ResultSet r = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
        r.next();
        wal = r.getLong(1);
      }
      Map<Long, Long> own = new HashMap<>();
      Map<Long, Long> other = new HashMap<>();
      try (ResultSet r = s.executeQuery("SELECT pid, datname = current_database() AND pid <> pg_backend_pid() "
          + "FROM pg_stat_activity")) {
        while (r.next()) {
          long cpu = ProcessMeter.cpuNanosOf(r.getLong(1));
          if (cpu >= 0) {
            (r.getBoolean(2) ? own : other).put(r.getLong(1), cpu);
          }
        }
      }
      return new DbCounters(db[0], db[1], db[2], db[3], db[4], db[5], wal, statements, own, other);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read PostgreSQL's counters: " + e.getMessage(), e);
    }
  }

  /**
   * @param runs the runs completed between the two readings
   * @return the database's cost per completed run between {@code before} and {@code after}, as a report cell
   */
  static String perRun(DbCounters before, DbCounters after, long runs) {
    if (runs == 0) {
      return "no run";
    }
    double r = runs;
    String statements = after.statements() < 0 ? String.format(java.util.Locale.ROOT, "%.2f transactions",
        (after.xacts() - before.xacts()) / r) : String.format(java.util.Locale.ROOT,
        "%.2f statements, %.2f transactions", (after.statements() - before.statements()) / r,
        (after.xacts() - before.xacts()) / r);
    return String.format(java.util.Locale.ROOT, "%s; rows %.1f inserted, %.1f updated, %.1f deleted, %.1f fetched; "
        + "WAL %,.0f bytes; CPU %.3f ms (other PostgreSQL processes %.3f ms)", statements,
        (after.inserted() - before.inserted()) / r, (after.updated() - before.updated()) / r,
        (after.deleted() - before.deleted()) / r, (after.fetched() - before.fetched()) / r,
        (after.walBytes() - before.walBytes()) / r, cpuSince(before.ownCpu(), after.ownCpu()) / 1e6 / r,
        cpuSince(before.otherCpu(), after.otherCpu()) / 1e6 / r);
  }

  /** @return the CPU nanoseconds the processes of {@code after} used since {@code before} (new ones from 0) */
  static long cpuSince(Map<Long, Long> before, Map<Long, Long> after) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
    }
    return sum;
  }
}
