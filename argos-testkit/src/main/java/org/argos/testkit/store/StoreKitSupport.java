package org.argos.testkit.store;

import static org.argos.testkit.StorePlans.outcome;
import static org.argos.testkit.StorePlans.plan;
import static org.argos.testkit.StorePlans.simpleRule;
import static org.argos.testkit.StorePlans.site;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.argos.api.DomainQuery;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.store.CompletedRun;
import org.argos.api.store.CompletionReport;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.Store;
import org.argos.api.store.TaskOutcome;
import org.jspecify.annotations.Nullable;

/** The times and helpers the store contracts share. */
final class StoreKitSupport {
  /** A fixed start time; stores must take time only from their arguments. */
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A year after {@link #T0}: a lease or a time no test reaches. */
  static final Instant FAR = T0.plus(Duration.ofDays(365));

  private StoreKitSupport() {}

  /** Claims every group due at {@code now} for {@code node}, with a lease of a minute. */
  static List<ClaimedGroup> claimAll(Store store, String node, Instant now) {
    return store.claimDue(node, now, now, 1000, now.plusSeconds(60));
  }

  /** Completes a run of {@code g} by node n1 with the given severities, under the simple rule. */
  static CompletionReport run(Store store, ClaimedGroup g, Instant at, Severity... severities) {
    return store.complete(List.of(new CompletedRun("n1", g, outcome(g, at, severities))), simpleRule());
  }

  /** The group's outcome with each task's result given a reserved id and an author, by position (null: none). */
  static GroupOutcome reported(ClaimedGroup g, Instant at, List<@Nullable Long> ids, @Nullable String by) {
    List<TaskOutcome> out = new ArrayList<>();
    List<TaskOutcome> plain = outcome(g, at, Severity.OK).outcomes();
    for (int i = 0; i < plain.size(); i++) {
      out.add(new TaskOutcome(plain.get(i).taskId(), plain.get(i).result(), i < ids.size() ? ids.get(i) : null, by));
    }
    return new GroupOutcome(g.groupId(), at, at, out);
  }

  /**
   * A status store that answers {@code problems} with the SPI's default and every other read with the given store's
   * own: a proxy over the interface, so a read added to {@code StatusStore} later needs no change here.
   */
  static org.argos.api.store.StatusStore domainsOnly(Store s) {
    return (org.argos.api.store.StatusStore) java.lang.reflect.Proxy.newProxyInstance(
        org.argos.api.store.StatusStore.class.getClassLoader(), new Class<?>[] {org.argos.api.store.StatusStore.class},
        (proxy, m, args) -> {
          if (m.getName().equals("problems")) {
            return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
          }
          try {
            return m.invoke(s, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  static StateChange taskChange(long taskId, Severity previous, Severity current, Instant at) {
    return new StateChange(taskId, "https://t" + taskId + ".example", "https://t" + taskId + ".example/", "GET",
        org.argos.api.IpVersion.IPV4, new org.argos.api.CheckSpec("status-is", 200), previous, current, at, "m", 0);
  }

  /** Everything a registration changes, without ids (two stores may number differently). */
  static List<Object> snapshot(Store s, List<String> domains) {
    List<Object> out = new ArrayList<>();
    out.add(s.siteCount());
    out.add(s.sites(0, 1000));
    out.add(s.severityCounts());
    StatusPage page = s.domains(DomainQuery.firstPage(1000));
    out.add(page.totalDomains());
    out.add(page.domains());
    for (String d : domains) {
      for (TaskStatus t : s.tasks(d)) {
        out.add(List.of(t.domain(), t.url(), t.method(), t.ipVersion(), t.check(), String.valueOf(t.state()), t.nextRunAt(),
            s.history(t.taskId(), 10).stream().map(c -> c.previous() + ">" + c.current() + "@" + c.at()).toList(),
            s.results(t.taskId(), 10).stream().map(r -> r.at() + " " + r.result()).toList()));
      }
    }
    return out;
  }

  /** Registers the kit's starting fleet and gives it state: a runs ok, b critical, c is not due yet. */
  static void seed(Store s) {
    s.register(plan(site("https://a.example", "status-is", "body-contains"), T0), T0);
    s.register(plan(site("https://b.example", "status-is"), T0), T0);
    // c's first run is an hour away, so a shorter frequency must pull it in
    s.register(plan(site("https://c.example", "status-is").toBuilder().tags("old").build(), T0.plusSeconds(3600)), T0);
    for (ClaimedGroup g : s.claimDue("seed", T0, T0, 100, T0.plusSeconds(60))) {
      Severity sev = g.domain().equals("https://a.example") ? Severity.OK : Severity.CRITICAL;
      s.complete(List.of(new CompletedRun("seed", g, outcome(g, T0.plusSeconds(1), sev))), simpleRule());
    }
  }
}
