package org.argos.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.PathSpec;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.TaskState;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.GroupPlan;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.SchedulePolicy;
import org.argos.api.store.SitePlan;
import org.argos.api.store.TaskOutcome;
import org.argos.api.store.TaskPlan;
import org.argos.api.store.TaskRef;
import org.argos.api.store.Transition;
import org.argos.api.store.TransitionRule;
import org.argos.api.AlertKind;

/**
 * Builds store inputs without the engine: a plain expansion of sites into groups (one per path and IP version) and a
 * simple transition rule. For store tests only; the engine's own expansion and alert rules are richer.
 */
public final class StorePlans {
  private StorePlans() {}

  /**
   * @param site a site
   * @param firstRun the first run of new groups
   * @return one group per (path, IP version), one task per check
   */
  public static SitePlan plan(Site site, Instant firstRun) {
    List<GroupPlan> groups = new ArrayList<>();
    SchedulePolicy policy = new SchedulePolicy(site.frequency(), site.recheckDelay(), site.retryBeforeNotification(),
        site.quorum(), site.lifecycle());
    for (PathSpec p : site.paths()) {
      for (IpVersion v : site.ipVersions()) {
        ProbeRequest req = new ProbeRequest(site.domain() + p.path(), p.method(), p.requestData(), v,
            p.timeout() == null ? site.timeout() : p.timeout(), p.followRedirects(), p.maxRedirects());
        List<TaskPlan> tasks = new ArrayList<>();
        for (CheckSpec c : p.checks()) {
          tasks.add(new TaskPlan(c.type() + "=" + c.expected(), c));
        }
        groups.add(new GroupPlan(req.key(), req, policy, firstRun, tasks));
      }
    }
    return new SitePlan(site, groups);
  }

  /**
   * @param domain a domain
   * @param checks check types (each with parameter 200)
   * @return an IPv4-only site with one path {@code /} and the given checks
   */
  public static Site site(String domain, String... checks) {
    Site.Builder b = Site.builder(domain).ipVersions(true, false).frequency(Duration.ofMinutes(5));
    b.path("/", p -> {
      for (String c : checks) {
        p.check(c, 200);
      }
    });
    return b.build();
  }

  /**
   * A rule that stores the result's severity, records a change when it differs, raises a state-change alert on every
   * change after the first result, and asks for the next run after the frequency.
   *
   * @return the rule
   */
  public static TransitionRule simpleRule() {
    return (group, task, prev, result, at) -> {
      boolean changed = prev == null || prev.severity() != result.severity();
      TaskState next = new TaskState(result.severity(), result.status(), result.message(), at,
          changed ? at : prev.severitySince(),
          result.severity() == Severity.OK ? 0 : (prev == null ? 0 : prev.contiguousFailures()) + 1,
          false, null, null);
      return new Transition(next, changed, changed && prev != null ? AlertKind.STATE_CHANGE : null,
          at.plus(group.policy().frequency()));
    };
  }

  /**
   * @param group a claimed group
   * @param at when it ran
   * @param severities per task (by position), the severity of its result
   * @return an outcome with a result of that severity per task
   */
  public static GroupOutcome outcome(ClaimedGroup group, Instant at, Severity... severities) {
    List<TaskOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < group.tasks().size(); i++) {
      Severity s = severities.length == 0 ? Severity.OK : severities[Math.min(i, severities.length - 1)];
      TaskRef t = group.tasks().get(i);
      ResultStatus st = s == Severity.OK ? ResultStatus.SUCCESS : s == Severity.UNKNOWN ? ResultStatus.ERROR : ResultStatus.FAILURE;
      Map<String, Object> ctx = new LinkedHashMap<>();
      ctx.put("kit", true);
      outcomes.add(new TaskOutcome(t.taskId(), new CheckResult(st, s, "kit " + s.label(), ctx, null)));
    }
    return new GroupOutcome(group.groupId(), at, at, outcomes);
  }
}
