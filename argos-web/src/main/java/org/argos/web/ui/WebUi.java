package org.argos.web.ui;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.argos.api.store.Store;
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
 * This class holds what every page stands behind (sessions, access, CSRF, errors, the database outage, rendering); the
 * pages are by concept in {@link DashboardPages}, {@link TaskPages} and {@link LoginPages}.
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
  public record Users(Authenticator verify, Predicate<String> active, SessionRevocations revocations,
      java.util.function.Function<String, @Nullable Member> tenantOf) {
    /**
     * Users who are all operators (no tenant).
     *
     * @param verify checks a login's name and password
     * @param active true when the user still exists and is enabled
     * @param revocations the sessions ended before their expiry
     */
    public Users(Authenticator verify, Predicate<String> active, SessionRevocations revocations) {
      this(verify, active, revocations, u -> null);
    }

    /** Users whose ended sessions are remembered in memory only (until the process stops), all operators. */
    public Users(Authenticator verify, Predicate<String> active) {
      this(verify, active, SessionRevocations.inMemory());
    }
  }

  /**
   * What a logged-in user is in a tenant ({@code tenants[].users}); a user of no tenant is an operator and sees
   * every tenant.
   *
   * @param tenant the tenant's slug
   * @param role what the user may do there
   */
  public record Member(String tenant, org.argos.api.Tenant.Role role) {
    /**
     * @param config the running config
     * @param user a login name
     * @return what the config's {@code tenants[].users} make the user, or null for an operator
     */
    public static @Nullable Member of(org.argos.config.DaemonConfig config, String user) {
      for (var t : config.tenants().values()) {
        for (var u : t.users()) {
          if (u.name().equals(user)) {
            return new Member(t.slug(), u.role());
          }
        }
      }
      return null;
    }
  }

  /**
   * The pages that answer a tenant's user with its tenant's objects alone (lists filtered, another tenant's object a
   * 404); every other page that needs a login refuses a tenant's user (403). Keyed by the route's path template.
   */
  static final Set<String> TENANT_PAGES = Set.of("/", "/refresh", "/domains", "/domain/{domain}", "/task/{id}/results",
      "/result/{id}", "/task/{id}/ack", "/task/{id}/unack", "/domain/{domain}/ack", "/logout/everywhere");

  final Supplier<Settings> settings;
  final Store store;
  final Supplier<Map<String, Instant>> agents;
  final boolean agentsMode;
  final Users users;
  final Clock clock;
  final LoginThrottle throttle;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final String fallbackSecret = Sessions.randomNonce() + Sessions.randomNonce();
  private record Keyed(String secret, Sessions sessions) {}

  private volatile @Nullable Keyed sessions; // rebuilt when a reload changes cookie_secret
  final DatabaseOutage outage;
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

  private final DashboardPages dashboardPages = new DashboardPages(this);
  private final TaskPages taskPages = new TaskPages(this);
  private final LoginPages loginPages = new LoginPages(this);
  private final AckPages ackPages = new AckPages(this);
  private final ReportPages reportPages = new ReportPages(this);
  private final IncidentPages incidentPages = new IncidentPages(this);

  /** Adds the pages to a Javalin router. */
  public void routes(JavalinDefaultRoutingApi r) {
    r.get("/", page(Access.DASHBOARD, dashboardPages::dashboard));
    r.post("/refresh", page(Access.DASHBOARD, dashboardPages::refresh));
    r.get("/domains", page(Access.LOGIN, needsDatabase(dashboardPages::domains)));
    r.post("/domains/silence", page(Access.LOGIN, needsDatabase(dashboardPages::silence)));
    r.get("/domain/{domain}", page(Access.LOGIN, needsDatabase(taskPages::domain)));
    r.get("/task/{id}/results", page(Access.LOGIN, needsDatabase(taskPages::task)));
    r.get("/result/{id}", page(Access.LOGIN, needsDatabase(taskPages::result)));
    r.get("/agents", page(Access.LOGIN, dashboardPages::agents));
    r.get("/reports/monthly", page(Access.LOGIN, needsDatabase(reportPages::monthly)));
    r.post("/task/{id}/ack", page(Access.LOGIN, needsDatabase(ackPages::ackTask)));
    r.post("/task/{id}/unack", page(Access.LOGIN, needsDatabase(ackPages::unackTask)));
    r.post("/problems/ack", page(Access.LOGIN, needsDatabase(ackPages::ackProblems)));
    r.post("/problems/recheck", page(Access.LOGIN, needsDatabase(dashboardPages::recheck)));
    r.post("/domain/{domain}/ack", page(Access.LOGIN, needsDatabase(ackPages::ackDomain)));
    r.get("/ack/{token}", page(Access.PUBLIC, needsDatabase(ackPages::linkForm)));
    r.post("/ack/{token}", page(Access.PUBLIC, needsDatabase(ackPages::linkAck)));
    r.get("/incidents", page(Access.LOGIN, needsDatabase(incidentPages::list)));
    r.post("/incidents", page(Access.LOGIN, needsDatabase(incidentPages::open)));
    r.get("/incidents/{id}", page(Access.LOGIN, needsDatabase(incidentPages::detail)));
    r.post("/incidents/{id}", page(Access.LOGIN, needsDatabase(incidentPages::edit)));
    r.get("/login", page(Access.PUBLIC, loginPages::loginForm));
    r.post("/login", page(Access.PUBLIC, loginPages::login));
    r.get("/logout", page(Access.PUBLIC, loginPages::logoutForm));
    r.post("/logout", page(Access.PUBLIC, loginPages::logout));
    r.post("/logout/everywhere", page(Access.LOGIN, loginPages::logoutEverywhere));
    r.get("/static/argos.css", ctx -> ctx.contentType("text/css; charset=utf-8")
        .header("Cache-Control", "public, max-age=3600").result(css));
  }

  // ------------------------------------------------------------------------------------------------ access

  enum Access { PUBLIC, DASHBOARD, LOGIN }

  /** Who is asking: the session if any, and the nonce its CSRF token is derived from. */
  record Visitor(Sessions.@Nullable Session session, String nonce, @Nullable Member member) {
    Visitor(Sessions.@Nullable Session session, String nonce) {
      this(session, nonce, null);
    }

    @Nullable String user() {
      return session == null ? null : session.user();
    }

    /** @return the visitor's tenant, or null for an operator (or an anonymous visitor the settings let in) */
    @Nullable String tenant() {
      return member == null ? null : member.tenant();
    }

    /** @param owner a site's tenant @return whether the visitor sees it */
    boolean sees(String owner) {
      return member == null || member.tenant().equals(owner);
    }

    /** @return whether the visitor may change things (acknowledge, silence): an operator or a tenant's editor */
    boolean edits() {
      return member == null || member.role().includes(org.argos.api.Tenant.Role.EDITOR);
    }
  }

  static final class WebError extends RuntimeException {
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

  Sessions sessions() {
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
        if (v.tenant() != null && access != Access.PUBLIC && !TENANT_PAGES.contains(template(ctx))) {
          throw new WebError(403, "This page is the operator's; your account belongs to the tenant '" + v.tenant()
              + "'.");
        }
        if (v.tenant() != null && "POST".equals(ctx.method().name()) && !v.edits()
            && !template(ctx).startsWith("/logout") && !template(ctx).equals("/refresh")) {
          throw new WebError(403, "Your role in the tenant '" + v.tenant() + "' is viewer: it cannot change anything.");
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

  /** @return the route's path template ({@code /domain/{domain}}), without the root path it is mounted under */
  private String template(Context ctx) {
    String t = ctx.endpoint().path;
    return !root().isEmpty() && t.startsWith(root()) ? t.substring(root().length()) : t;
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
  void unreachable(Context ctx, Visitor v) {
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
      return new Visitor(s, s.nonce(), users.tenantOf().apply(s.user())); // read per request: a reload applies
    }
    String anon = ctx.cookie(ANON_COOKIE);
    if (anon == null || !anon.matches("[A-Za-z0-9_-]{16,64}")) {
      anon = Sessions.randomNonce();
      setCookie(ctx, ANON_COOKIE, anon, -1);
    }
    return new Visitor(null, anon);
  }

  String root() {
    return settings.get().rootPath();
  }

  void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
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

  Views.Page frame(Visitor v, String title, String active) {
    return new Views.Page(title, root(), v.user(), sessions().csrfToken(v.nonce()), active, 0,
        !"all".equals(settings.get().unauthenticatedAccess()), v.tenant() == null);
  }

  void render(Context ctx, String template, Object model) {
    StringOutput out = new StringOutput();
    templates.render(template, model, out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  // ------------------------------------------------------------------------------------------------ domain, task, result

  /**
   * The client's address, for the login throttle, logs and anything else that names the client: the TCP peer, unless
   * the peer is one of {@code argos_java.trusted_proxies}; then the right-most address of the {@code X-Forwarded-For}
   * chain that is not a trusted proxy. The server's API resolves {@code ctx.ip()} with this too.
   */
  public String clientAddress(Context ctx) {
    return org.argos.web.http.ClientAddress.of(ctx, settings.get().trustedProxies());
  }

  // ------------------------------------------------------------------------------------------------ paging

  static int pageParam(Context ctx) {
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

  Views.Pager pager(Context ctx, String base, int page, long total) {
    return pager(ctx, base, page, total, true, false);
  }

  /**
   * @param exact false when the store counted {@code total} matches at most (a broad text search): the pages are
   *     then not known, and there is a next page while this one is full
   */
  Views.Pager pager(Context ctx, String base, int page, long total, boolean exact, boolean full) {
    int pages = exact ? (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE) : full ? page + 1 : page;
    String sep = base.endsWith("?") || base.endsWith("&") ? "" : "?";
    String prefix = root() + base + sep + "page=";
    return new Views.Pager(page, pages, total, exact, page > 1 ? prefix + (page - 1) : null,
        page < pages ? prefix + (page + 1) : null);
  }
}
