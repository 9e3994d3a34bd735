package org.argos.api;

/**
 * Number of tasks per severity, plus those never run. What the dashboard and {@code /api/severities} show.
 *
 * @param ok tasks whose last result is ok
 * @param warning tasks in warning
 * @param critical tasks in critical
 * @param unknown tasks in unknown
 * @param pending tasks that have no result yet
 */
public record SeverityCounts(long ok, long warning, long critical, long unknown, long pending) {
  /** @return the count for a severity */
  public long of(Severity s) {
    return switch (s) {
      case OK -> ok;
      case WARNING -> warning;
      case CRITICAL -> critical;
      case UNKNOWN -> unknown;
    };
  }

  /** @return every task, pending included */
  public long total() {
    return ok + warning + critical + unknown + pending;
  }

  /** @return the worst severity with at least one task, or OK if none */
  public Severity worst() {
    return unknown > 0 ? Severity.UNKNOWN : critical > 0 ? Severity.CRITICAL : warning > 0 ? Severity.WARNING : Severity.OK;
  }
}
