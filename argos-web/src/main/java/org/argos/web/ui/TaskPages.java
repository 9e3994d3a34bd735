package org.argos.web.ui;

import static org.argos.web.ui.WebUi.HISTORY;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.argos.api.store.PushHeartbeats;
import org.argos.engine.PushTokens;
import org.argos.api.ProbeTimings;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.TaskStatus;
import org.argos.api.store.StoredResult;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One domain's tasks, one task's history and results, and one result. */
final class TaskPages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final WebUi ui;

  TaskPages(WebUi ui) {
    this.ui = ui;
  }

  /** Finds a site named in a path by {@code host[:port]} (as the sites API does): https first, then http. */
  private volatile @Nullable PushTokens pushTokens;

  /** @return the tokens of push sites' URLs (derived from the store's key), or null when the store keeps none */
  private @Nullable PushTokens pushTokens() {
    PushTokens t = pushTokens;
    if (t == null) {
      t = ui.store.capability(PushHeartbeats.class).map(p -> new PushTokens(p, ui.clock::instant)).orElse(null);
      pushTokens = t;
    }
    return t;
  }

  private static final List<String> KEY_SCHEMES = List.of("https", "http", "push", "tcp", "tls", "dns", "domain");

  /** @return the site, when the visitor sees it (another tenant's site is no site: 404) */
  Site site(String key, WebUi.Visitor v) {
    Site s = site(key);
    if (!v.sees(s.tenant())) {
      throw new WebUi.WebError(404, "No domain '" + key + "' is monitored.");
    }
    return s;
  }

  /** @return the task, when the visitor sees its site (another tenant's task is no task: 404) */
  TaskStatus task(long id, WebUi.Visitor v) {
    return ui.store.task(id).filter(t -> v.tenant() == null
            || ui.store.site(t.domain()).map(s -> v.sees(s.tenant())).orElse(false))
        .orElseThrow(() -> new WebUi.WebError(404, "No task " + id + "."));
  }

  Site site(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    if (k.isEmpty() || k.contains("/") || k.length() > 300) {
      throw new WebUi.WebError(404, "No domain '" + key + "'.");
    }
    // links carry the domain without its scheme (Fmt.key): http(s) first, then the other schemes probes serve
    Optional<Site> s = Optional.empty();
    for (String scheme : KEY_SCHEMES) {
      s = ui.store.site(scheme + "://" + k);
      if (s.isPresent()) {
        break;
      }
    }
    return s.orElseThrow(() -> new WebUi.WebError(404, "No domain '" + key + "' is monitored."));
  }

  static Views.TaskRow taskRow(TaskStatus t) {
    return new Views.TaskRow(t.taskId(), Fmt.pathOf(t.url(), t.domain()), t.method(), t.ipVersion().label(), t.check().type(),
        expected(t.check().expected()), Fmt.severity(t.state() == null ? null : t.state().severity()),
        t.state() == null ? "" : t.state().message(), t.state() == null ? null : t.state().lastRunAt(), t.nextRunAt());
  }

  static String expected(@Nullable Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      return String.valueOf(v);
    }
  }

  void domain(Context ctx, WebUi.Visitor v) {
    Site site = site(ctx.pathParam("domain"), v);
    List<Views.TaskRow> tasks = new ArrayList<>();
    Severity worst = null;
    boolean anyRun = false;
    for (TaskStatus t : ui.store.tasks(site.domain())) {
      tasks.add(taskRow(t));
      if (t.state() != null) {
        anyRun = true;
        worst = Severity.worst(worst, t.state().severity());
      }
    }
    ui.render(ctx, "domain.jte", new Views.Domain(ui.frame(v, site.domain(), "domains"), site.domain(), Fmt.key(site.domain()),
        anyRun ? Fmt.severity(worst) : "pending", List.copyOf(site.tags()), tasks, ui.clock.instant(),
        pushUrl(ctx, v, site.domain())));
  }

  /**
   * The URL a push site's job calls, for a logged-in user only: the token in it is a credential, so a visitor let in
   * by {@code unauthenticated_access} never sees it.
   */
  private @Nullable String pushUrl(Context ctx, WebUi.Visitor v, String domain) {
    if (v.session() == null || !PushTokens.isPush(domain)) {
      return null;
    }
    PushTokens tokens = pushTokens();
    return tokens == null ? null : ctx.scheme() + "://" + ctx.host() + ui.settings.get().rootPath() + "/api/push/"
        + tokens.token(domain);
  }

  static long idParam(Context ctx, String what) {
    String raw = ctx.pathParam("id");
    try {
      long id = Long.parseLong(raw);
      if (id <= 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new WebUi.WebError(404, "No " + what + " '" + raw + "'.");
    }
  }

  static Views.ResultRow resultRow(StoredResult r) {
    ProbeTimings t = r.result().timings();
    return new Views.ResultRow(r.id(), r.at(), r.result().severity().label(), r.result().status().name().toLowerCase(Locale.ROOT),
        r.result().message(), t == null ? "—" : Fmt.ms(t.total()), r.node());
  }

  void task(Context ctx, WebUi.Visitor v) {
    long id = idParam(ctx, "task");
    TaskStatus t = task(id, v);
    List<Views.ChangeRow> changes = new ArrayList<>();
    for (StateChange c : ui.store.history(id, HISTORY)) {
      changes.add(new Views.ChangeRow(c.at(), c.previous() == null ? "none" : c.previous().label(), c.current().label(),
          c.message(), c.resultId()));
    }
    List<StoredResult> results = ui.store.results(id, HISTORY);
    List<Chart.Point> points = new ArrayList<>();
    for (int i = results.size() - 1; i >= 0; i--) {
      StoredResult r = results.get(i);
      if (r.result().timings() != null) {
        points.add(new Chart.Point(r.at(), r.result().timings().total().toMillis(), r.result().severity().label()));
      }
    }
    List<Views.LocationRow> locations = new ArrayList<>();
    List<org.argos.api.Severity> severities = new ArrayList<>();
    for (var l : ui.store.locationResults(id)) {
      locations.add(new Views.LocationRow(l.location(), l.severity().label(), l.message(), l.at()));
      severities.add(l.severity());
    }
    boolean partial = !locations.isEmpty() && ui.store.site(t.domain()).map(s -> s.quorum().partial(severities))
        .orElse(false);
    ui.render(ctx, "task.jte", new Views.Task(ui.frame(v, "Task " + id, "domains"), taskRow(t), t.domain(), Fmt.key(t.domain()), t.url(),
        changes, results.stream().map(TaskPages::resultRow).toList(), Chart.svg(points), ui.clock.instant(), locations,
        partial, lifecycle(t)));
  }

  static Views.Lifecycle lifecycle(TaskStatus t) {
    if (t.state() == null) {
      return new Views.Lifecycle(false, null, null, 0, false);
    }
    var l = t.state().lifecycle();
    return new Views.Lifecycle(t.state().severity() != Severity.OK, l.ackedBy(), l.ackedAt(), l.okInARow(),
        l.flapping());
  }

  void result(Context ctx, WebUi.Visitor v) {
    long id = idParam(ctx, "result");
    StoredResult r = ui.store.result(id).orElseThrow(() -> new WebUi.WebError(404, "No result " + id + " (old results are pruned)."));
    if (v.tenant() != null) {
      task(r.taskId(), v); // another tenant's result is no result: 404
    }
    TaskStatus t = ui.store.task(r.taskId()).orElse(null);
    List<Views.Entry> timings = new ArrayList<>();
    ProbeTimings pt = r.result().timings();
    if (pt != null) {
      timings.add(new Views.Entry("DNS", Fmt.ms(pt.dns())));
      timings.add(new Views.Entry("Connect", Fmt.ms(pt.connect())));
      timings.add(new Views.Entry("TLS handshake", Fmt.ms(pt.tls())));
      timings.add(new Views.Entry("First byte", Fmt.ms(pt.firstByte())));
      timings.add(new Views.Entry("Total", Fmt.ms(pt.total())));
    }
    Map<String, @Nullable Object> c = r.result().context();
    List<Views.Entry> tls = new ArrayList<>();
    if (c.get("notAfter") != null) {
      tls.add(new Views.Entry("Certificate expires", String.valueOf(c.get("notAfter"))));
    }
    if (c.get("daysLeft") != null) {
      tls.add(new Views.Entry("Days left", String.valueOf(c.get("daysLeft"))));
    }
    if (c.get("expires_in") != null) {
      tls.add(new Views.Entry("Days left", String.valueOf(c.get("expires_in"))));
    }
    if (c.get("subject") != null) {
      tls.add(new Views.Entry("Subject", String.valueOf(c.get("subject"))));
    }
    String error = null;
    if (c.get("error") instanceof Map<?, ?> m) {
      // A transport error: {kind, class, message}
      error = m.get("kind") + (m.get("message") == null ? "" : ": " + m.get("message"));
    } else if (c.get("error") != null) {
      error = String.valueOf(c.get("error"));
    } else if (c.get("error_message") != null) {
      // an Argos agent's failed request: {error_type, error_message, error_details}
      error = (c.get("error_type") == null ? "" : c.get("error_type") + ": ") + c.get("error_message");
    }
    List<Views.Entry> context = new ArrayList<>();
    c.forEach((k, val) -> context.add(new Views.Entry(k, expected(val))));
    ui.render(ctx, "result.jte", new Views.Result(ui.frame(v, "Result " + id, "domains"), resultRow(r), t == null ? null : taskRow(t),
        t == null ? null : t.domain(), t == null ? null : Fmt.key(t.domain()), t == null ? null : t.url(), timings, tls, error,
        context, ui.clock.instant()));
  }
}
