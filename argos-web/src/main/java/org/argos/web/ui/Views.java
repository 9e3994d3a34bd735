package org.argos.web.ui;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What each template is given: plain values, computed before rendering so templates only lay them out. */
public final class Views {
  private Views() {}

  /**
   * What every page's frame needs.
   *
   * @param title the page title
   * @param root {@code general.root_path}, prefixed to every link
   * @param user the logged-in user, or null
   * @param csrf the token forms carry
   * @param active which navigation entry is current
   * @param refreshSeconds refresh the page this often, 0 for never
   * @param canLogin true when a login link makes sense (some pages need it)
   */
  public record Page(String title, String root, @Nullable String user, String csrf, String active, int refreshSeconds,
      boolean canLogin, boolean operator) {
    /** A page for an operator (or a visitor the settings let in): every link shown. */
    public Page(String title, String root, @Nullable String user, String csrf, String active, int refreshSeconds,
        boolean canLogin) {
      this(title, root, user, csrf, active, refreshSeconds, canLogin, true);
    }
  }

  /** One link of a pager, or a disabled placeholder when {@code href} is null. */
  public record Pager(int page, int pages, long total, boolean exact, @Nullable String prev, @Nullable String next) {}

  /** A line of a domain list. */
  public record DomainRow(String domain, String key, String severity, @Nullable Instant lastRunAt, int tasks) {}

  /** A segment of the severity bar: its share of the width in SVG units (0 to 1000). */
  public record BarPart(String severity, long count, int x, int width) {}

  /** An agent and when it last reported. */
  public record AgentRow(String id, Instant lastSeen) {}

  /** The dashboard. */
  public record Dashboard(Page page, Map<String, Long> counts, long total, List<BarPart> bar, List<DomainRow> problems,
      Pager pager, List<AgentRow> agents, boolean agentsMode, Instant now, boolean refreshOn, int refreshSeconds,
      @Nullable Instant unreachableSince, @Nullable Instant readAt, Morning morning) {}

  /**
   * The dashboard's failing tasks grouped by cause (issue 19 §7).
   *
   * @param groups the groups of this page's failing tasks
   * @param address the address filter as typed, or empty
   * @param canAct whether the visitor gets the action buttons (logged in, or no login at all)
   * @param silenced the id of a silence just made, or null
   * @param more failing tasks left off this page (a domain shows at most a few; its page has them all)
   * @param rechecked the number of groups a recheck just made due, or -1
   */
  public record Morning(List<CauseGroup> groups, String address, boolean canAct, @Nullable String silenced, int more,
      int rechecked) {
    /** @return the ids of every task of this page */
    public List<Long> taskIds() {
      return groups.stream().flatMap(g -> g.tasks().stream()).map(ProblemRow::id).toList();
    }
  }

  /**
   * Failing tasks that share a cause.
   *
   * @param kind {@code address}, {@code message}, or {@code none} for a task alone
   * @param label the shared address:port or message, empty for {@code none}
   * @param address the shared IP address (for the filter link), or null
   * @param tasks the tasks
   */
  public record CauseGroup(String kind, String label, @Nullable String address, List<ProblemRow> tasks) {}

  /** A failing task on the dashboard: what fails, since when, where it connected, from where, who acknowledged it. */
  public record ProblemRow(long id, String domain, String key, String url, String check, String severity,
      String message, Instant since, @Nullable String endpoint, @Nullable String address, List<LocationRow> locations,
      @Nullable String ackedBy, @Nullable Instant ackedAt) {}

  /** The domains list. */
  public record Domains(Page page, List<DomainRow> rows, Pager pager, String severity, String tag, String text, Instant now,
      boolean canSilence, @Nullable String silenced) {}

  /** A task as the domain page lists it. */
  public record TaskRow(long id, String path, String method, String ipVersion, String check, String expected,
      String severity, String message, @Nullable Instant lastRunAt, Instant nextRunAt) {}

  /** One domain and its tasks. */
  public record Domain(Page page, String domain, String key, String severity, List<String> tags, List<TaskRow> tasks,
      Instant now, @Nullable String pushUrl) {}

  /** A state change of a task. */
  public record ChangeRow(Instant at, String previous, String current, String message, long resultId) {}

  /** A raw result, as listed. */
  public record ResultRow(long id, Instant at, String severity, String status, String message, String total, String node) {}

  /** A task's history and recent results. */
  public record Task(Page page, TaskRow task, String domain, String key, String url, List<ChangeRow> changes,
      List<ResultRow> results, String chart, Instant now, List<LocationRow> locations, boolean partial,
      Lifecycle lifecycle) {}

  /** One location's latest result for a task checked from several locations (issue 19). */
  public record LocationRow(String location, String severity, String message, Instant at) {}

  /**
   * A task's alert lifecycle as its page shows it.
   *
   * @param failing whether it can be acknowledged
   * @param ackedBy who acknowledged it, or null
   * @param ackedAt when, or null
   * @param okInARow ok results counted towards the success threshold
   * @param flapping whether its alerts are held because it is flapping
   */
  public record Lifecycle(boolean failing, @Nullable String ackedBy, @Nullable Instant ackedAt, int okInARow,
      boolean flapping) {}

  /**
   * The page of a signed acknowledgement link.
   *
   * @param domain the task's domain (empty when gone)
   * @param url its URL
   * @param check its check
   * @param severity its severity label
   * @param ackedBy who acknowledged it, or null
   * @param token the link's token, for the form
   * @param outcome what the form did, or null before it is sent
   */
  public record Ack(Page page, String domain, String url, String check, String severity, @Nullable String ackedBy,
      String token, @Nullable String outcome) {}

  /** A key and a value to show as text. */
  public record Entry(String key, String value) {}

  /** One result with its context. */
  public record Result(Page page, ResultRow result, @Nullable TaskRow task, @Nullable String domain, @Nullable String key,
      @Nullable String url, List<Entry> timings, List<Entry> tls, @Nullable String error, List<Entry> context, Instant now) {}

  /** The agents list. */
  public record Agents(Page page, List<AgentRow> agents, boolean agentsMode, Instant now) {}

  /** A line of the monthly uptime report: availability in percent (empty when nothing was observed), times as text. */
  public record ReportLine(String domain, int tasks, String percent, String up, String down, long incidents) {}

  /**
   * The printable monthly uptime report.
   *
   * @param month the month, YYYY-MM
   * @param tenant the tenant's slug
   * @param lines one line per site, by domain
   * @param total the tenant's line
   * @param generatedAt when it was read
   * @param previous the month before, YYYY-MM
   * @param next the month after, or null when it has not begun
   */
  public record Report(Page page, String month, String tenant, List<ReportLine> lines, ReportLine total,
      Instant generatedAt, String previous, @Nullable String next) {}

  /** The login form, with an error after a failed attempt. */
  public record Login(Page page, @Nullable String error, String user, String next, boolean rememberMe) {}

  /** A page saying what went wrong. */
  public record Error(Page page, int status, String message) {}

  /** A line of the incident list. */
  public record IncidentRow(long id, String title, String status, Instant openedAt, @Nullable Instant resolvedAt,
      int domainCount, boolean automatic, @Nullable String cause) {}

  /** An entry of an incident's timeline. */
  public record IncidentEntry(Instant at, String status, String message, String author) {}

  /**
   * The incidents page: the active ones, a page of past ones, and a form to open one.
   *
   * @param nextPast the link to the next page of past incidents, or null
   */
  public record IncidentList(Page page, List<IncidentRow> active, List<IncidentRow> past, @Nullable String nextPast,
      List<String> statuses) {}

  /** One incident: its facts, its timeline (oldest first) and the edit form. */
  public record IncidentDetail(Page page, IncidentRow incident, List<String> domains, List<IncidentEntry> timeline,
      List<String> statuses) {}
}
