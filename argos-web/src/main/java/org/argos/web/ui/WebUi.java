package org.argos.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.ProbeTimings;
import org.argos.api.Severity;
import org.argos.api.SeverityCounts;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.argos.api.store.Store;
import org.argos.api.store.StoredResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.config.TrustedProxies;
import org.argos.web.auth.LoginThrottle;
import org.argos.web.auth.SessionRevocations;
import org.argos.web.auth.Sessions;
import org.argos.web.http.BodyLimits;
import org.argos.web.http.DatabaseOutage;
import org.argos.web.http.RequestErrors;

/**
 * The web UI's routes. Every page reads aggregates or one page of an index (severity counts, a page of domains, one
 * domain's tasks, a bounded slice of one task's results), so a page costs the same at a hundred tasks and a million.
 */
public final class WebUi {
  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
  static final String SESSION_COOKIE = "argos_session";
  static final String ANON_COOKIE = "argos_csrf";
  static final String REFRESH_COOKIE = "argos_refresh";
  static final int PAGE_SIZE = 50;
  static final int HISTORY = 50;
  static final int MIN_REFRESH = 5;
  static final int DEFAULT_REFRESH = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The web settings of {@code general}, read at each request so a reload applies them.
   *
   * @param cookieSecret {@code general.cookie_secret}, or null (then a random one: sessions end with the process)
   * @param sessionDuration {@code general.session_duration}
   * @param rememberMe {@code general.remember_me_duration}, or null to offer no "remember me"
   * @param unauthenticatedAccess {@code dashboard}, {@code all}, or null (login needed everywhere)
   * @param rootPath {@code general.root_path}
   * @param trustedProxies {@code argos_java.trusted_proxies}: the peers whose {@code X-Forwarded-For} is believed
   */
  public record Settings(@Nullable String cookieSecret, Duration sessionDuration, @Nullable Duration rememberMe,
      @Nullable String unauthenticatedAccess, String rootPath, TrustedProxies trustedProxies) {
    /** Settings that trust no proxy. */
    public Settings(@Nullable String cookieSecret, Duration sessionDuration, @Nullable Duration rememberMe,
        @Nullable String unauthenticatedAccess, String rootPath) {
      this(cookieSecret, sessionDuration, rememberMe, unauthenticatedAccess, rootPath, TrustedProxies.NONE);
    }
  }

  /** What checking a user name and password came to. */
  public enum Verdict {
    /** The name and password match an enabled user. */
    ACCEPTED,
    /** Unknown user, wrong password, or a user not allowed in (disabled, or left out by {@code user_filter}). */
    REJECTED,
    /** The check could not be made (the LDAP server is unreachable or refused the service account): not the user's fault. */
    UNAVAILABLE
  }

  /** Checks a user name and password. */
  @FunctionalInterface
  public interface Authenticator {
    /** @return whether the name and password let the user in; never throws for a wrong or unknown user */
    Verdict check(String user, String password);

    /** @return an authenticator answering only ACCEPTED or REJECTED, from a yes/no check */
    static Authenticator of(BiPredicate<String, String> verify) {
      return (u, p) -> verify.test(u, p) ? Verdict.ACCEPTED : Verdict.REJECTED;
    }
  }

  /**
   * Where users come from.
   *
   * @param verify checks a login's name and password
   * @param active true when the user still exists and is enabled (checked on each request, so disabling works at once)
   * @param revocations the sessions ended before their expiry (logouts, password changes, "log out everywhere")
   */
  public record Users(Authenticator verify, Predicate<String> active, SessionRevocations revocations) {
    /** Users whose ended sessions are remembered in memory only (until the process stops). */
    public Users(Authenticator verify, Predicate<String> active) {
      this(verify, active, SessionRevocations.inMemory());
    }
  }

  private final Supplier<Settings> settings;
  private final Store store;
  private final Supplier<Map<String, Instant>> agents;
  private final boolean agentsMode;
  private final Users users;
  private final Clock clock;
  private final LoginThrottle throttle;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final String fallbackSecret = Sessions.randomNonce() + Sessions.randomNonce();
  private record Keyed(String secret, Sessions sessions) {}

  private volatile @Nullable Keyed sessions; // rebuilt when a reload changes cookie_secret
  private final DatabaseOutage outage;
  private final byte[] css;

  /**
   * @param settings the current web settings
   * @param store where status is read
   * @param agents remote agents and when each last reported
   * @param agentsMode true when probing is left to remote agents
   * @param users the users who can log in
   * @param clock the time
   */
  public WebUi(Supplier<Settings> settings, Store store, Supplier<Map<String, Instant>> agents, boolean agentsMode, Users users,
      Clock clock) {
    this(settings, store, agents, agentsMode, users, clock,
        new DatabaseOutage(store::severityCounts, clock, Duration.ofSeconds(1)));
  }

  /**
   * As {@link #WebUi(Supplier, Store, Supplier, boolean, Users, Clock)}, with the circuit the API shares.
   *
   * @param outage whether the database answers, and the last summary read
   */
  public WebUi(Supplier<Settings> settings, Store store, Supplier<Map<String, Instant>> agents, boolean agentsMode, Users users,
      Clock clock, DatabaseOutage outage) {
    this.outage = outage;
    this.settings = settings;
    this.store = store;
    this.agents = agents;
    this.agentsMode = agentsMode;
    this.users = users;
    this.clock = clock;
    this.throttle = new LoginThrottle(clock, LoginThrottle.Policy.DEFAULT);
    try (InputStream in = WebUi.class.getResourceAsStream("argos.css")) {
      if (in == null) {
        throw new IllegalStateException("argos.css is missing from the jar");
      }
      this.css = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (settings.get().cookieSecret() == null) {
      LOG.warn("general.cookie_secret is not set: web UI sessions are signed with a random key and end when the server stops");
    }
  }

  /** Adds the pages to a Javalin router. */
  public void routes(JavalinDefaultRoutingApi r) {
    r.get("/", page(Access.DASHBOARD, this::dashboard));
    r.post("/refresh", page(Access.DASHBOARD, this::refresh));
    r.get("/domains", page(Access.LOGIN, needsDatabase(this::domains)));
    r.get("/domain/{domain}", page(Access.LOGIN, needsDatabase(this::domain)));
    r.get("/task/{id}/results", page(Access.LOGIN, needsDatabase(this::task)));
    r.get("/result/{id}", page(Access.LOGIN, needsDatabase(this::result)));
    r.get("/agents", page(Access.LOGIN, this::agents));
    r.get("/login", page(Access.PUBLIC, this::loginForm));
    r.post("/login", page(Access.PUBLIC, this::login));
    r.get("/logout", page(Access.PUBLIC, this::logoutForm));
    r.post("/logout", page(Access.PUBLIC, this::logout));
    r.post("/logout/everywhere", page(Access.LOGIN, this::logoutEverywhere));
    r.get("/static/argos.css", ctx -> ctx.contentType("text/css; charset=utf-8")
        .header("Cache-Control", "public, max-age=3600").result(css));
  }

  // ------------------------------------------------------------------------------------------------ access

  enum Access { PUBLIC, DASHBOARD, LOGIN }

  /** Who is asking: the session if any, and the nonce its CSRF token is derived from. */
  record Visitor(Sessions.@Nullable Session session, String nonce) {
    @Nullable String user() {
      return session == null ? null : session.user();
    }
  }

  private static final class WebError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    WebError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  @FunctionalInterface
  interface PageHandler {
    void handle(Context ctx, Visitor v);
  }

  private Sessions sessions() {
    String secret = Optional.ofNullable(settings.get().cookieSecret()).orElse(fallbackSecret);
    Keyed k = sessions;
    if (k == null || !secret.equals(k.secret())) {
      k = new Keyed(secret, new Sessions(secret));
      sessions = k;
    }
    return k.sessions();
  }

  private Handler page(Access access, PageHandler h) {
    return ctx -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("X-Frame-Options", "DENY");
      ctx.header("Referrer-Policy", "same-origin");
      ctx.header("Content-Security-Policy",
          "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      ctx.header("Cache-Control", "no-store");
      Visitor v = visitor(ctx);
      try {
        if (!allowed(access, v)) {
          if ("GET".equals(ctx.method().name())) {
            String next = ctx.path().substring(Math.min(ctx.path().length(), root().length()));
            String q = ctx.queryString();
            ctx.redirect(root() + "/login?next=" + Fmt.enc(next + (q == null ? "" : "?" + q)), io.javalin.http.HttpStatus.SEE_OTHER);
          } else {
            throw new WebError(401, "Log in first.");
          }
          return;
        }
        if ("POST".equals(ctx.method().name()) && !sessions().csrfValid(v.nonce(), ctx.formParam("_csrf"))) {
          throw new WebError(403, "This form has expired or did not come from this site (missing or wrong CSRF token). "
              + "Go back, reload the page and try again.");
        }
        h.handle(ctx, v);
      } catch (WebError e) {
        ctx.status(e.status);
        render(ctx, "error.jte", new Views.Error(frame(v, "Error " + e.status, ""), e.status, e.getMessage()));
      } catch (BodyLimits.TooLarge e) {
        RequestErrors.refused("body-too-large", ctx, e.getMessage());
        ctx.status(413).header("Connection", "close");
        render(ctx, "error.jte", new Views.Error(frame(v, "Error 413", ""), 413,
            "What was sent is too large (more than " + e.limit + " bytes)."));
      } catch (RuntimeException e) {
        if (outage.failed(e)) {
          unreachable(ctx, v);
          return;
        }
        // No exception text for the visitor (class names, SQL, hosts): an id to quote, and one line in the log.
        String id = RequestErrors.unexpected(ctx, e);
        ctx.status(500);
        render(ctx, "error.jte", new Views.Error(frame(v, "Error 500", ""), 500,
            "The page could not be built; the server log has the details (request " + id + ")."));
      }
    };
  }

  /** A page that cannot be built without the database: while it is out of reach, a 503 at once. */
  private PageHandler needsDatabase(PageHandler h) {
    return (ctx, v) -> {
      if (outage.unreachableSince() != null) {
        unreachable(ctx, v);
      } else {
        h.handle(ctx, v);
      }
    };
  }

  /** The 503 of a page while the database is out of reach: when, and when to try again; nothing about where it is. */
  private void unreachable(Context ctx, Visitor v) {
    Instant since = outage.unreachableSince();
    ctx.status(503).header("Retry-After", Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
    render(ctx, "error.jte", new Views.Error(frame(v, "Error 503", ""), 503, "The database is unreachable"
        + (since == null ? "" : " since " + Fmt.time(since)) + ", so this page cannot be built. Try again in a few "
        + "seconds: Argos reconnects by itself, and its checks go on meanwhile."));
  }

  private boolean allowed(Access access, Visitor v) {
    if (access == Access.PUBLIC || v.session() != null) {
      return true;
    }
    String mode = settings.get().unauthenticatedAccess();
    return "all".equals(mode) || (access == Access.DASHBOARD && "dashboard".equals(mode));
  }

  private Visitor visitor(Context ctx) {
    Sessions.Session s = sessions().read(ctx.cookie(SESSION_COOKIE), clock.instant());
    // Revocations first: a local file, where "active" may ask the LDAP directory.
    if (s != null && (users.revocations().ended(s.user(), s.issued(), s.nonce()) || !users.active().test(s.user()))) {
      s = null;
    }
    if (s != null) {
      return new Visitor(s, s.nonce());
    }
    String anon = ctx.cookie(ANON_COOKIE);
    if (anon == null || !anon.matches("[A-Za-z0-9_-]{16,64}")) {
      anon = Sessions.randomNonce();
      setCookie(ctx, ANON_COOKIE, anon, -1);
    }
    return new Visitor(null, anon);
  }

  private String root() {
    return settings.get().rootPath();
  }

  private void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
    StringBuilder c = new StringBuilder(name).append('=').append(value).append("; Path=")
        .append(root().isEmpty() ? "/" : root()).append("; SameSite=Lax");
    if (maxAgeSeconds >= 0) {
      c.append("; Max-Age=").append(maxAgeSeconds);
    }
    c.append("; HttpOnly"); // no page script reads cookies
    if ("https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"))) {
      c.append("; Secure");
    }
    ctx.res().addHeader("Set-Cookie", c.toString());
  }

  private Views.Page frame(Visitor v, String title, String active) {
    return new Views.Page(title, root(), v.user(), sessions().csrfToken(v.nonce()), active, 0,
        !"all".equals(settings.get().unauthenticatedAccess()));
  }

  private void render(Context ctx, String template, Object model) {
    StringOutput out = new StringOutput();
    templates.render(template, model, out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  // ------------------------------------------------------------------------------------------------ dashboard

  /** The auto-refresh choice: on or off, and the interval in seconds (at least 5). */
  record Refresh(boolean on, int seconds) {
    static Refresh parse(@Nullable String cookie) {
      if (cookie == null) {
        return new Refresh(false, DEFAULT_REFRESH);
      }
      String[] p = cookie.split(":", 2);
      int s = DEFAULT_REFRESH;
      if (p.length == 2) {
        try {
          s = Math.clamp(Integer.parseInt(p[1]), MIN_REFRESH, 3600);
        } catch (NumberFormatException e) {
          s = DEFAULT_REFRESH;
        }
      }
      return new Refresh("on".equals(p[0]), s);
    }
  }

  private void dashboard(Context ctx, Visitor v) {
    Instant now = clock.instant();
    Refresh refresh = Refresh.parse(ctx.cookie(REFRESH_COOKIE));
    int page = pageParam(ctx);
    // the problems (unknown, critical, warning), worst first, and the counts: one index range and one aggregate read
    StatusPage p;
    Instant readAt = now;
    Instant since = outage.unreachableSince();
    if (since == null) {
      try {
        p = store.problems((int) Math.min((long) (page - 1) * PAGE_SIZE, Integer.MAX_VALUE), PAGE_SIZE);
        if (page == 1) {
          outage.remember(p.counts(), p);
        }
      } catch (RuntimeException e) {
        if (!outage.failed(e)) {
          throw e;
        }
        since = outage.unreachableSince();
        p = null;
      }
    } else {
      p = null;
    }
    if (p == null) {
      // The database is out of reach: the last summary read, with a banner, else the 503 page.
      DatabaseOutage.Summary last = outage.lastSummary();
      if (last == null || last.problems() == null || page != 1) {
        unreachable(ctx, v);
        return;
      }
      p = last.problems();
      readAt = last.at();
      ctx.status(503).header("Retry-After", Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
    }
    SeverityCounts counts = p.counts();
    List<Views.DomainRow> problems = p.domains().stream().map(WebUi::row).toList();
    long total = p.totalDomains();
    Map<String, Long> byName = new LinkedHashMap<>();
    for (Severity s : List.of(Severity.OK, Severity.WARNING, Severity.CRITICAL, Severity.UNKNOWN)) {
      byName.put(s.label(), counts.of(s));
    }
    byName.put("pending", counts.pending());
    List<Views.BarPart> bar = new ArrayList<>();
    long all = counts.total();
    int x = 0;
    int i = 0;
    for (Map.Entry<String, Long> e : byName.entrySet()) {
      i++;
      int w = all == 0 ? 0 : (int) Math.round(e.getValue() * 1000.0 / all);
      if (i == byName.size() && all > 0) {
        w = 1000 - x; // rounding leftovers go to the last segment so the bar is always full
      }
      if (e.getValue() > 0 && w > 0) {
        bar.add(new Views.BarPart(e.getKey(), e.getValue(), x, w));
      }
      x += w;
    }
    Views.Page frame = frame(v, "Dashboard", "dashboard");
    frame = new Views.Page(frame.title(), frame.root(), frame.user(), frame.csrf(), frame.active(),
        refresh.on() ? refresh.seconds() : 0, frame.canLogin());
    render(ctx, "dashboard.jte", new Views.Dashboard(frame, byName, all, bar, problems, pager(ctx, "/", page, total),
        agentRows(), agentsMode, now, refresh.on(), refresh.seconds(), since, readAt));
  }

  private void refresh(Context ctx, Visitor v) {
    boolean on = ctx.formParam("auto_refresh") != null;
    String raw = Optional.ofNullable(ctx.formParam("interval")).orElse("").trim();
    int seconds;
    try {
      seconds = raw.isEmpty() ? DEFAULT_REFRESH : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new WebError(400, "interval must be a whole number of seconds, got '" + raw + "'");
    }
    if (seconds < MIN_REFRESH || seconds > 3600) {
      throw new WebError(400, "interval must be between " + MIN_REFRESH + " and 3600 seconds, got " + seconds);
    }
    setCookie(ctx, REFRESH_COOKIE, (on ? "on" : "off") + ":" + seconds, 365L * 86_400);
    ctx.redirect(root() + "/", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private List<Views.AgentRow> agentRows() {
    List<Views.AgentRow> out = new ArrayList<>();
    agents.get().entrySet().stream().sorted(Map.Entry.<String, Instant>comparingByValue().reversed())
        .forEach(e -> out.add(new Views.AgentRow(e.getKey(), e.getValue())));
    return out;
  }

  private static Views.DomainRow row(DomainStatus d) {
    return new Views.DomainRow(d.domain(), Fmt.key(d.domain()), Fmt.severity(d.worst()), d.lastRunAt(), d.tasks());
  }

  // ------------------------------------------------------------------------------------------------ domains

  private void domains(Context ctx, Visitor v) {
    int page = pageParam(ctx);
    String sev = Optional.ofNullable(ctx.queryParam("severity")).orElse("").trim().toLowerCase(Locale.ROOT);
    Severity severity = null;
    if (!sev.isEmpty()) {
      try {
        severity = Severity.fromLabel(sev);
      } catch (org.argos.api.InvalidValueException e) {
        throw new WebError(400, "severity: " + e.getMessage());
      }
    }
    String tag = Optional.ofNullable(ctx.queryParam("tag")).orElse("").trim();
    String text = Optional.ofNullable(ctx.queryParam("q")).orElse("").trim();
    if (tag.length() > 200 || text.length() > 200) {
      throw new WebError(400, "tag and q must be at most 200 characters");
    }
    long offset = (long) (page - 1) * PAGE_SIZE;
    if (offset > Integer.MAX_VALUE) {
      throw new WebError(400, "page " + page + " is too far");
    }
    StatusPage p = store.domains(new DomainQuery(severity, tag, text, (int) offset, PAGE_SIZE));
    List<Views.DomainRow> rows = p.domains().stream().map(WebUi::row).toList();
    StringBuilder base = new StringBuilder("/domains?");
    if (!sev.isEmpty()) {
      base.append("severity=").append(Fmt.enc(sev)).append('&');
    }
    if (!tag.isEmpty()) {
      base.append("tag=").append(Fmt.enc(tag)).append('&');
    }
    if (!text.isEmpty()) {
      base.append("q=").append(Fmt.enc(text)).append('&');
    }
    render(ctx, "domains.jte", new Views.Domains(frame(v, "Domains", "domains"), rows,
        pager(ctx, base.toString(), page, p.totalDomains(), p.totalExact(), rows.size() == PAGE_SIZE), sev, tag, text,
        clock.instant()));
  }

  // ------------------------------------------------------------------------------------------------ domain, task, result

  /** Finds a site named in a path by {@code host[:port]} (as the sites API does): https first, then http. */
  private Site site(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    if (k.isEmpty() || k.contains("/") || k.length() > 300) {
      throw new WebError(404, "No domain '" + key + "'.");
    }
    Optional<Site> s = store.site("https://" + k);
    if (s.isEmpty()) {
      s = store.site("http://" + k);
    }
    return s.orElseThrow(() -> new WebError(404, "No domain '" + key + "' is monitored."));
  }

  private static Views.TaskRow taskRow(TaskStatus t) {
    return new Views.TaskRow(t.taskId(), Fmt.pathOf(t.url(), t.domain()), t.method(), t.ipVersion().label(), t.check().type(),
        expected(t.check().expected()), Fmt.severity(t.state() == null ? null : t.state().severity()),
        t.state() == null ? "" : t.state().message(), t.state() == null ? null : t.state().lastRunAt(), t.nextRunAt());
  }

  private static String expected(@Nullable Object v) {
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

  private void domain(Context ctx, Visitor v) {
    Site site = site(ctx.pathParam("domain"));
    List<Views.TaskRow> tasks = new ArrayList<>();
    Severity worst = null;
    boolean anyRun = false;
    for (TaskStatus t : store.tasks(site.domain())) {
      tasks.add(taskRow(t));
      if (t.state() != null) {
        anyRun = true;
        worst = Severity.worst(worst, t.state().severity());
      }
    }
    render(ctx, "domain.jte", new Views.Domain(frame(v, site.domain(), "domains"), site.domain(), Fmt.key(site.domain()),
        anyRun ? Fmt.severity(worst) : "pending", List.copyOf(site.tags()), tasks, clock.instant()));
  }

  private static long idParam(Context ctx, String what) {
    String raw = ctx.pathParam("id");
    try {
      long id = Long.parseLong(raw);
      if (id <= 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new WebError(404, "No " + what + " '" + raw + "'.");
    }
  }

  private static Views.ResultRow resultRow(StoredResult r) {
    ProbeTimings t = r.result().timings();
    return new Views.ResultRow(r.id(), r.at(), r.result().severity().label(), r.result().status().name().toLowerCase(Locale.ROOT),
        r.result().message(), t == null ? "—" : Fmt.ms(t.total()), r.node());
  }

  private void task(Context ctx, Visitor v) {
    long id = idParam(ctx, "task");
    TaskStatus t = store.task(id).orElseThrow(() -> new WebError(404, "No task " + id + "."));
    List<Views.ChangeRow> changes = new ArrayList<>();
    for (StateChange c : store.history(id, HISTORY)) {
      changes.add(new Views.ChangeRow(c.at(), c.previous() == null ? "none" : c.previous().label(), c.current().label(),
          c.message(), c.resultId()));
    }
    List<StoredResult> results = store.results(id, HISTORY);
    List<Chart.Point> points = new ArrayList<>();
    for (int i = results.size() - 1; i >= 0; i--) {
      StoredResult r = results.get(i);
      if (r.result().timings() != null) {
        points.add(new Chart.Point(r.at(), r.result().timings().total().toMillis(), r.result().severity().label()));
      }
    }
    render(ctx, "task.jte", new Views.Task(frame(v, "Task " + id, "domains"), taskRow(t), t.domain(), Fmt.key(t.domain()), t.url(),
        changes, results.stream().map(WebUi::resultRow).toList(), Chart.svg(points), clock.instant()));
  }

  private void result(Context ctx, Visitor v) {
    long id = idParam(ctx, "result");
    StoredResult r = store.result(id).orElseThrow(() -> new WebError(404, "No result " + id + " (old results are pruned)."));
    TaskStatus t = store.task(r.taskId()).orElse(null);
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
    render(ctx, "result.jte", new Views.Result(frame(v, "Result " + id, "domains"), resultRow(r), t == null ? null : taskRow(t),
        t == null ? null : t.domain(), t == null ? null : Fmt.key(t.domain()), t == null ? null : t.url(), timings, tls, error,
        context, clock.instant()));
  }

  private void agents(Context ctx, Visitor v) {
    render(ctx, "agents.jte", new Views.Agents(frame(v, "Agents", "agents"), agentRows(), agentsMode, clock.instant()));
  }

  // ------------------------------------------------------------------------------------------------ login

  private Views.Login loginModel(Visitor v, @Nullable String error, String user, String next) {
    return new Views.Login(frame(v, "Log in", "login"), error, user, next, settings.get().rememberMe() != null);
  }

  private static String safeNext(@Nullable String next) {
    // Only a path on this site: no scheme, no host, no protocol-relative //host.
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.length() > 2000
        || next.chars().anyMatch(ch -> ch < ' ')) {
      return "/";
    }
    return next;
  }

  private void loginForm(Context ctx, Visitor v) {
    render(ctx, "login.jte", loginModel(v, null, "", safeNext(ctx.queryParam("next"))));
  }

  private void login(Context ctx, Visitor v) {
    String user = Optional.ofNullable(ctx.formParam("username")).orElse("").trim();
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    String next = safeNext(ctx.formParam("next"));
    String shownUser = user.length() > 64 ? "" : user;
    String address = clientAddress(ctx);
    String throttledAddress = TrustedProxies.throttleKey(address);
    String throttledUser = user.length() > 64 ? "" : user;
    Duration wait = throttle.lockLeft(throttledAddress, throttledUser);
    if (!wait.isZero()) {
      // Refused before the password is looked at: guesses made during a lock learn nothing.
      long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
      ctx.status(429).header("Retry-After", Long.toString(seconds));
      render(ctx, "login.jte", loginModel(v, "Too many failed logins for this user name or from this address. Try again in "
          + Fmt.waitFor(seconds) + ".", shownUser, next));
      return;
    }
    Verdict verdict = user.isEmpty() || password.isEmpty() || user.length() > 64 ? Verdict.REJECTED
        : users.verify().check(user, password);
    if (verdict == Verdict.UNAVAILABLE) {
      // The authenticator logged why; the visitor gets a page, not a stack trace, and no failure is counted.
      ctx.status(503);
      render(ctx, "login.jte", loginModel(v, "Logging in is not possible right now: the user directory (LDAP) cannot be "
          + "reached. Try again later; the server log says more.", shownUser, next));
      return;
    }
    if (verdict != Verdict.ACCEPTED) {
      LoginThrottle.Failure f = throttle.failed(throttledAddress, throttledUser);
      if (f.lockedKey() != null) {
        LOG.warn("web UI: too many failed logins: {} locked for {} s (last try: user '{}' from {})",
            Fmt.printable(f.lockedKey()), f.lock().toSeconds(), Fmt.printable(shownUser), address);
      }
      ctx.status(401);
      render(ctx, "login.jte", loginModel(v, "Wrong user name or password.", shownUser, next));
      return;
    }
    throttle.succeeded(user);
    Settings s = settings.get();
    boolean remember = ctx.formParam("remember") != null && s.rememberMe() != null;
    Duration length = remember ? s.rememberMe() : s.sessionDuration();
    String cookie = sessions().issue(user, clock.instant(), length, remember);
    setCookie(ctx, SESSION_COOKIE, cookie, remember ? length.toSeconds() : -1);
    LOG.info("web UI: {} logged in", user);
    ctx.redirect(root() + next, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /**
   * The client's address, for the login throttle, logs and anything else that names the client: the TCP peer, unless
   * the peer is one of {@code argos_java.trusted_proxies}; then the right-most address of the {@code X-Forwarded-For}
   * chain that is not a trusted proxy. The server's API resolves {@code ctx.ip()} with this too.
   */
  public String clientAddress(Context ctx) {
    return org.argos.web.http.ClientAddress.of(ctx, settings.get().trustedProxies());
  }


  private void logoutForm(Context ctx, Visitor v) {
    render(ctx, "logout.jte", frame(v, "Log out", "logout"));
  }

  private void logout(Context ctx, Visitor v) {
    Sessions.Session s = v.session();
    setCookie(ctx, SESSION_COOKIE, "", 0);
    if (s != null) {
      // The browser forgets the cookie; the record makes a copy of it (another tab, a stolen one) useless too.
      endOrFail(() -> users.revocations().end(s.user(), s.nonce(), s.expires(), clock.instant()));
      LOG.info("web UI: {} logged out", Fmt.printable(s.user()));
    }
    ctx.redirect(root() + "/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void logoutEverywhere(Context ctx, Visitor v) {
    Sessions.Session s = v.session();
    if (s == null) {
      throw new WebError(401, "Log in first.");
    }
    setCookie(ctx, SESSION_COOKIE, "", 0);
    endOrFail(() -> users.revocations().endAll(s.user(), clock.instant()));
    LOG.info("web UI: {} logged out everywhere: every session of this user issued until now has ended",
        Fmt.printable(s.user()));
    ctx.redirect(root() + "/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** Runs a revocation; one that cannot be saved is the server's fault, and the user must know the session lives on. */
  private static void endOrFail(Runnable revocation) {
    try {
      revocation.run();
    } catch (UncheckedIOException e) {
      LOG.error("web UI: {}", e.getMessage());
      throw new WebError(500, "Your browser forgot the session, but the server could not record that it has ended, "
          + "so a copy of its cookie would still work. The server log says why.");
    }
  }

  // ------------------------------------------------------------------------------------------------ paging

  private static int pageParam(Context ctx) {
    String raw = ctx.queryParam("page");
    if (raw == null || raw.isBlank()) {
      return 1;
    }
    try {
      int p = Integer.parseInt(raw.trim());
      if (p < 1 || p > 10_000_000) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new WebError(400, "page must be a whole number from 1, got '" + raw + "'");
    }
  }

  private Views.Pager pager(Context ctx, String base, int page, long total) {
    return pager(ctx, base, page, total, true, false);
  }

  /**
   * @param exact false when the store counted {@code total} matches at most (a broad text search): the pages are
   *     then not known, and there is a next page while this one is full
   */
  private Views.Pager pager(Context ctx, String base, int page, long total, boolean exact, boolean full) {
    int pages = exact ? (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE) : full ? page + 1 : page;
    String sep = base.endsWith("?") || base.endsWith("&") ? "" : "?";
    String prefix = root() + base + sep + "page=";
    return new Views.Pager(page, pages, total, exact, page > 1 ? prefix + (page - 1) : null,
        page < pages ? prefix + (page + 1) : null);
  }
}
