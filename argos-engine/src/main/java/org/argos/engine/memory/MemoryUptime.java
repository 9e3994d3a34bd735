package org.argos.engine.memory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.argos.api.Severity;
import org.argos.api.TaskState;
import org.argos.api.store.DomainUptime;
import org.argos.api.store.Uptime;
import org.argos.api.store.UptimeDay;
import org.argos.api.store.UptimeTotals;
import org.argos.api.store.UptimeWindow;
import org.argos.engine.memory.Entries.GroupEntry;
import org.argos.engine.memory.Entries.SiteEntry;
import org.argos.engine.memory.Entries.TaskEntry;

/**
 * Uptime from state changes (see {@link Uptime}): each task keeps a row per UTC day (milliseconds per severity and
 * incidents), added to when a state change closes an interval, at most {@link UptimeWindow#MAX_DAYS} + 1 days back
 * from the task's latest change. Called under the store's lock.
 */
public final class MemoryUptime {
  private static final long DAY_MS = 86_400_000L;
  /** Rows kept per task: the longest window and the day the latest change falls in. */
  private static final int KEPT_DAYS = UptimeWindow.MAX_DAYS + 1;
  private static final int INCIDENTS = 4;

  private final Memory m;

  MemoryUptime(Memory m) {
    this.m = m;
  }

  /**
   * Adds the interval a state change closes, {@code [since, at)} in {@code previous}, to the task's day rows, and an
   * incident on the change's day when it goes from up to down; then drops the rows before the longest window.
   */
  static void close(TaskEntry t, Severity previous, Instant since, Instant at, Severity current) {
    long lastDay = Math.floorDiv(at.toEpochMilli(), DAY_MS);
    long floor = (lastDay - KEPT_DAYS + 1) * DAY_MS; // bounded work: older days are past any window kept
    long from = Math.max(since.toEpochMilli(), floor);
    UptimeDay.split(from, at.toEpochMilli(), (day, ms) -> add(t, day, 1 + previous.ordinal(), (int) ms));
    if (UptimeDay.isUp(previous) && !UptimeDay.isUp(current)) {
      add(t, lastDay, 1 + INCIDENTS, 1);
    }
    int[] rows = t.uptimeDays;
    if (rows != null && rows[0] < lastDay - KEPT_DAYS + 1) {
      int keep = find(rows, lastDay - KEPT_DAYS + 1);
      keep = keep < 0 ? -keep - 1 : keep;
      t.uptimeDays = keep == rows.length ? null : java.util.Arrays.copyOfRange(rows, keep, rows.length);
    }
  }

  /**
   * A task's rows are one int array, {@value #ROW} ints a day (epoch day, then milliseconds in ok, warning, critical
   * and unknown, then incidents; a day's milliseconds fit an int), in day order: a tenth of a map's memory, for a store
   * meant to hold a million tasks.
   */
  static final int ROW = 6;

  /** @return the offset of the day's row, or {@code -(insertion offset) - 1} */
  private static int find(int[] rows, long day) {
    int lo = 0;
    int hi = rows.length / ROW - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int d = rows[mid * ROW];
      if (d < day) {
        lo = mid + 1;
      } else if (d > day) {
        hi = mid - 1;
      } else {
        return mid * ROW;
      }
    }
    return -(lo * ROW) - 1;
  }

  private static void add(TaskEntry t, long day, int column, int amount) {
    int[] rows = t.uptimeDays == null ? new int[0] : t.uptimeDays;
    int at = find(rows, day);
    if (at < 0) {
      at = -at - 1;
      int[] grown = new int[rows.length + ROW];
      System.arraycopy(rows, 0, grown, 0, at);
      System.arraycopy(rows, at, grown, at + ROW, rows.length - at);
      grown[at] = (int) day;
      rows = grown;
      t.uptimeDays = rows;
    }
    rows[at + column] += amount;
  }


  /** Adds one task's days of the window into {@code perDay} (indexed from the window's first day). */
  private static void addTask(TaskEntry t, UptimeWindow w, Instant now, long[][] perDay) {
    long first = w.from().toEpochDay();
    long last = w.to().toEpochDay(); // exclusive
    int[] rows = t.uptimeDays;
    if (rows != null) {
      for (int r = 0; r < rows.length; r += ROW) {
        if (rows[r] >= first && rows[r] < last) {
          long[] into = perDay[(int) (rows[r] - first)];
          for (int i = 0; i < 5; i++) {
            into[i] += rows[r + 1 + i];
          }
        }
      }
    }
    TaskState s = t.state;
    if (s != null) {
      long from = Math.max(s.severitySince().toEpochMilli(), first * DAY_MS);
      long to = Math.min(now.toEpochMilli(), last * DAY_MS);
      int sev = s.severity().ordinal();
      UptimeDay.split(from, to, (day, ms) -> perDay[(int) (day - first)][sev] += ms);
    }
  }

  private static UptimeTotals sum(long[][] perDay) {
    long[] t = new long[5];
    for (long[] d : perDay) {
      for (int i = 0; i < 5; i++) {
        t[i] += d[i];
      }
    }
    return totals(t);
  }

  private static UptimeTotals totals(long[] t) {
    return new UptimeTotals(t[0], t[1], t[2], t[3], t[INCIDENTS]);
  }

  private static long[][] days(UptimeWindow w) {
    return new long[w.days()][5];
  }

  private static UptimeTotals ofTasks(Iterable<TaskEntry> tasks, UptimeWindow w, Instant now) {
    long[][] perDay = days(w);
    for (TaskEntry t : tasks) {
      addTask(t, w, now, perDay);
    }
    return sum(perDay);
  }

  private static List<TaskEntry> tasksOf(SiteEntry s) {
    List<TaskEntry> out = new ArrayList<>();
    for (GroupEntry g : s.groups) {
      out.addAll(List.of(g.tasks));
    }
    return out;
  }

  public UptimeTotals ofTask(long taskId, UptimeWindow w, Instant now) {
    TaskEntry t = m.tasks.get(taskId);
    return t == null ? UptimeTotals.NONE : ofTasks(List.of(t), w, now);
  }

  public UptimeTotals ofDomain(String domain, UptimeWindow w, Instant now) {
    SiteEntry s = m.sites.get(domain);
    return s == null ? UptimeTotals.NONE : ofTasks(tasksOf(s), w, now);
  }

  public UptimeTotals ofTag(String tag, UptimeWindow w, Instant now) {
    List<TaskEntry> tasks = new ArrayList<>();
    for (SiteEntry s : m.sites.values()) {
      if (s.site.tags().contains(tag)) {
        tasks.addAll(tasksOf(s));
      }
    }
    return ofTasks(tasks, w, now);
  }

  public UptimeTotals ofDomains(Collection<String> domains, UptimeWindow w, Instant now) {
    checkDomains(domains);
    List<TaskEntry> tasks = new ArrayList<>();
    for (String d : new java.util.TreeSet<>(domains)) {
      SiteEntry s = m.sites.get(d);
      if (s != null) {
        tasks.addAll(tasksOf(s));
      }
    }
    return ofTasks(tasks, w, now);
  }

  static void checkDomains(Collection<String> domains) {
    if (domains.size() > Uptime.MAX_DOMAINS) {
      throw new IllegalArgumentException(
          "domains: at most " + Uptime.MAX_DOMAINS + " at once, got " + domains.size());
    }
  }

  public UptimeTotals ofTenant(String tenant, UptimeWindow w, Instant now) {
    List<TaskEntry> tasks = new ArrayList<>();
    for (SiteEntry s : sitesOfTenant(tenant)) {
      tasks.addAll(tasksOf(s));
    }
    return ofTasks(tasks, w, now);
  }

  public List<UptimeDay> daily(String domain, UptimeWindow w, Instant now) {
    long[][] perDay = days(w);
    SiteEntry s = m.sites.get(domain);
    if (s != null) {
      for (TaskEntry t : tasksOf(s)) {
        addTask(t, w, now, perDay);
      }
    }
    List<UptimeDay> out = new ArrayList<>(perDay.length);
    LocalDate day = w.from();
    for (long[] d : perDay) {
      out.add(new UptimeDay(day, totals(d)));
      day = day.plusDays(1);
    }
    return out;
  }

  public List<DomainUptime> byDomain(String tenant, UptimeWindow w, Instant now) {
    List<DomainUptime> out = new ArrayList<>();
    for (SiteEntry s : sitesOfTenant(tenant)) { // sites are a TreeMap by domain
      List<TaskEntry> tasks = tasksOf(s);
      out.add(new DomainUptime(s.site.domain(), tasks.size(), ofTasks(tasks, w, now)));
    }
    return out;
  }

  /** The one place that maps a tenant to its sites. */
  private List<SiteEntry> sitesOfTenant(String tenant) {
    List<SiteEntry> out = new ArrayList<>();
    for (SiteEntry s : m.sites.values()) {
      if (s.site.tenant().equals(tenant)) {
        out.add(s);
      }
    }
    return out;
  }
}
