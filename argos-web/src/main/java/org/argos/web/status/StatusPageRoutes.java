package org.argos.web.status;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.argos.api.DomainQuery;
import org.argos.api.DomainStatus;
import org.argos.api.Incident;
import org.argos.api.IncidentUpdate;
import org.argos.api.Severity;
import org.argos.api.StatusPage;
import org.argos.api.TaskStatus;
import org.argos.api.store.IncidentQuery;
import org.argos.api.store.Incidents;
import org.argos.api.store.Store;
import org.argos.api.store.Uptime;
import org.argos.api.store.UptimeDay;
import org.argos.api.store.UptimeTotals;
import org.argos.api.store.UptimeWindow;
import org.argos.config.DaemonConfig;
import org.jspecify.annotations.Nullable;

/**
 * The public status pages of the tenants ({@code tenants[].status_pages}): {@code GET /status/{slug}} (the page,
 * {@code ?page=N} for more sites), {@code /status/{slug}/badge.svg} (the page's state),
 * {@code /status/{slug}/uptime.svg?days=30} (its sites' uptime) and {@code /status/{slug}/incidents.atom}. No login,
 * no cookie, no script. A page shows a site's URL and its error text only when the page allows it; an incident the
 * engine opened (its title and messages name addresses and errors) shows as a "service disruption" with its status
 * alone unless the page allows errors, while what people wrote is shown as written.
 *
 * <p>Each rendering is kept {@link #TTL} per page and page number ({@link RenderCache}): a crowd reading a page during
 * an outage costs the store one read per TTL. Answers carry a strong ETag (304 when unchanged) and
 * {@code Cache-Control: public, max-age=30}.
 */
public final class StatusPageRoutes {
  /** How long a rendering is served. */
  public static final Duration TTL = Duration.ofSeconds(15);
  /** Sites per page of sites. */
  public static final int PAGE_SIZE = 50;
  /** The most pages of sites a page has (10,000 sites a group). */
  static final int MAX_PAGES = 200;
  private static final int ACTIVE = 20;
  private static final int PAST = 10;
  private static final int TIMELINE = 20;
  private static final int ERROR_TEXT = 300;
  private static final int[] WINDOW_DAYS = {1, 7, 30, 90};

  /**
   * A page and the tenant it shows.
   *
   * @param tenant the tenant's slug
   * @param config the page as configured
   */
  public record Page(String tenant, DaemonConfig.StatusPageConfig config) {}

  private final Store store;
  private final Supplier<Map<String, Page>> pages;
  private final Clock clock;
  private final String root;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final RenderCache cache;
  private final byte[] css;

  /**
   * @param store where status, uptime and incidents are read
   * @param pages the pages by slug, read at each request (so a reload applies)
   * @param clock the time
   * @param root the path prefix of every link ({@code general.root_path}, or empty)
   */
  public StatusPageRoutes(Store store, Supplier<Map<String, Page>> pages, Clock clock, String root) {
    this.store = store;
    this.pages = pages;
    this.clock = clock;
    this.root = root;
    this.cache = new RenderCache(TTL, 10_000, clock);
    try (InputStream in = org.argos.web.ui.WebUi.class.getResourceAsStream("status.css")) {
      if (in == null) {
        throw new IllegalStateException("status.css is missing from the jar");
      }
      this.css = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param config a daemon config
   * @return its tenants' status pages by slug
   */
  public static Map<String, Page> pagesOf(DaemonConfig config) {
    Map<String, Page> out = new LinkedHashMap<>();
    for (DaemonConfig.TenantConfig t : config.tenants().values()) {
      for (DaemonConfig.StatusPageConfig p : t.statusPages()) {
        out.put(p.slug(), new Page(t.tenant().slug(), p));
      }
    }
    return out;
  }

  /** @param r the router to add the routes to */
  public void mount(JavalinDefaultRoutingApi r) {
    r.get("/status/{slug}", this::page);
    r.get("/status/{slug}/badge.svg", this::stateBadge);
    r.get("/status/{slug}/uptime.svg", this::uptimeBadge);
    r.get("/status/{slug}/incidents.atom", this::feed);
    r.get("/static/status.css", ctx -> {
      ctx.header("Cache-Control", "public, max-age=3600");
      ctx.contentType("text/css; charset=utf-8").result(css);
    });
  }

  private Page find(Context ctx) {
    String slug = ctx.pathParam("slug");
    Page p = slug.length() <= 63 ? pages.get().get(slug) : null;
    if (p == null) {
      throw new io.javalin.http.NotFoundResponse("no status page '" + (slug.length() > 63 ? slug.substring(0, 63) : slug)
          + "'");
    }
    return p;
  }

  private static int pageNumber(Context ctx) {
    String v = ctx.queryParam("page");
    if (v == null || v.isEmpty()) {
      return 1;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_PAGES) {
        return n;
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw new io.javalin.http.BadRequestResponse("page must be a whole number from 1 to " + MAX_PAGES);
  }

  private void page(Context ctx) {
    Page p = find(ctx);
    int n = pageNumber(ctx);
    RenderCache.Rendered r = cache.get(p.config().slug() + "?" + n, () -> render(p, n));
    if (r.body().length == 0) {
      throw new io.javalin.http.NotFoundResponse("page " + n + " has no sites");
    }
    answer(ctx, r, "text/html; charset=utf-8");
  }

  private void answer(Context ctx, RenderCache.Rendered r, String type) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    ctx.header("Cache-Control", "public, max-age=30");
    ctx.header("ETag", r.etag());
    if (Conditional.notModified(ctx.header("If-None-Match"), r.etag())) {
      ctx.status(304);
      return;
    }
    ctx.contentType(type).result(r.body());
  }

  /** The page's data, read now. Empty body: a page number past the last. */
  private RenderCache.Rendered render(Page p, int n) {
    Instant now = clock.instant();
    DaemonConfig.StatusPageConfig c = p.config();
    List<String> groupTags = c.tags().isEmpty() ? List.of() : new ArrayList<>(new TreeSet<>(c.tags()));
    List<PublicStatus.Group> groups = new ArrayList<>();
    int pages = 1;
    Summary summary = summary(p);
    Set<String> shown = new TreeSet<>();
    int gi = 0;
    for (String tag : groupTags.isEmpty() ? java.util.Collections.<@Nullable String>singletonList(null) : groupTags) {
      StatusPage sp = store.domainsWithoutCounts(new DomainQuery(null, tag, null, (n - 1) * PAGE_SIZE, PAGE_SIZE).withTenant(p.tenant()));
      pages = Math.max(pages, (int) Math.min(MAX_PAGES, (sp.totalDomains() + PAGE_SIZE - 1) / PAGE_SIZE));
      List<PublicStatus.Site> sites = new ArrayList<>();
      Map<String, List<UptimeDay>> days = store.capability(Uptime.class)
          .map(u -> u.daily(sp.domains().stream().map(DomainStatus::domain).toList(),
              UptimeWindow.lastDays(PublicStatus.BAR_DAYS, now), now))
          .orElse(null);
      for (DomainStatus d : sp.domains()) {
        shown.add(d.domain());
        sites.add(site(d, c, days == null ? null : days.getOrDefault(d.domain(), List.of()), now));
      }
      gi++;
      groups.add(new PublicStatus.Group("g" + gi, tag == null ? "Services" : tag, sites));
    }
    if (n > pages) {
      return new RenderCache.Rendered(new byte[0], "\"none\"", now);
    }
    Severity worst = summary.worst();
    PublicStatus.Overall overall = !summary.any() || worst == null ? PublicStatus.Overall.NO_DATA
        : worst == Severity.OK ? PublicStatus.Overall.OPERATIONAL
        : worst == Severity.WARNING ? PublicStatus.Overall.DEGRADED : PublicStatus.Overall.OUTAGE;
    List<PublicStatus.Incident> active = new ArrayList<>();
    List<PublicStatus.Incident> past = new ArrayList<>();
    Optional<Incidents> incidents = store.capability(Incidents.class);
    if (incidents.isPresent()) {
      Set<String> filter = c.tags().isEmpty() ? null : shown.isEmpty() ? Set.of("-") : limit(shown);
      for (Incident i : incidents.get().incidents(new IncidentQuery(p.tenant(), IncidentQuery.Which.ACTIVE, filter, null,
          ACTIVE))) {
        active.add(incident(incidents.get(), i, c.showErrors()));
      }
      for (Incident i : incidents.get().incidents(new IncidentQuery(p.tenant(), IncidentQuery.Which.PAST, filter, null,
          PAST))) {
        past.add(incident(incidents.get(), i, c.showErrors()));
      }
    }
    PublicStatus.Page view = new PublicStatus.Page(c.title(), root, c.slug(), overall, groups, active, past, n, pages, now);
    StringOutput out = new StringOutput();
    templates.render("status/page.jte", view, out);
    return RenderCache.Rendered.of(out.toString().getBytes(StandardCharsets.UTF_8), now);
  }

  /**
   * A page's state: the worst of its sites and whether it has any.
   *
   * @param worst the worst site's severity, null when none has one
   * @param any whether the page has sites
   * @param at when it was read
   */
  private record Summary(@Nullable Severity worst, boolean any, Instant at) {}

  /** The most page states kept (one per status page); past it they are all read again. */
  private static final int SUMMARIES = 10_000;
  private final Map<String, Summary> summaries = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The page's state, read at most once per {@link #TTL} whatever the page number asked: every page number shows it,
   * and reading it costs a store read per tag (the first site of each, worst first), which a page past the first had
   * to make again for itself.
   */
  private Summary summary(Page p) {
    Instant now = clock.instant();
    Summary kept = summaries.get(p.config().slug());
    if (kept != null && now.isBefore(kept.at().plus(TTL)) && !now.isBefore(kept.at())) {
      return kept;
    }
    Severity worst = null;
    boolean any = false;
    for (String tag : p.config().tags().isEmpty() ? java.util.Collections.<@Nullable String>singletonList(null)
        : new ArrayList<>(new TreeSet<>(p.config().tags()))) {
      StatusPage sp = store.domainsWithoutCounts(new DomainQuery(null, tag, null, 0, 1).withTenant(p.tenant()));
      any |= sp.totalDomains() > 0;
      if (!sp.domains().isEmpty() && sp.domains().get(0).worst() != null) {
        Severity w = sp.domains().get(0).worst();
        worst = worst == null || w.compareTo(worst) > 0 ? w : worst; // domains come worst first
      }
    }
    Summary fresh = new Summary(worst, any, now);
    if (summaries.size() >= SUMMARIES) {
      summaries.clear();
    }
    summaries.put(p.config().slug(), fresh);
    return fresh;
  }

  private static Set<String> limit(Set<String> domains) {
    Set<String> out = new TreeSet<>();
    for (String d : domains) {
      if (out.size() >= IncidentQuery.MAX_DOMAINS) {
        break;
      }
      out.add(d);
    }
    return out;
  }

  /** @param daily the site's days over the bar, or null when the store keeps no uptime */
  private PublicStatus.Site site(DomainStatus d, DaemonConfig.StatusPageConfig c, @Nullable List<UptimeDay> daily,
      Instant now) {
    String state = d.worst() == null ? "none" : switch (d.worst()) {
      case OK -> "up";
      case WARNING -> "degraded";
      default -> "down";
    };
    String error = null;
    if (c.showErrors() && !state.equals("up") && !state.equals("none")) {
      for (TaskStatus t : store.tasks(d.domain())) {
        if (t.state() != null && t.state().severity() != Severity.OK) {
          String m = t.state().message();
          error = m.length() > ERROR_TEXT ? m.substring(0, ERROR_TEXT) + "…" : m;
          break;
        }
      }
    }
    List<@Nullable Double> uptime = new ArrayList<>();
    List<PublicStatus.Day> days = new ArrayList<>();
    UptimeWindow bar = UptimeWindow.lastDays(PublicStatus.BAR_DAYS, now);
    Map<java.time.LocalDate, UptimeTotals> byDay = new java.util.HashMap<>();
    if (daily != null) {
      for (UptimeDay day : daily) {
        byDay.put(day.day(), day.totals());
      }
    }
    for (java.time.LocalDate day = bar.from(); day.isBefore(bar.to()); day = day.plusDays(1)) {
      UptimeTotals t = byDay.get(day);
      days.add(new PublicStatus.Day(day, t == null ? null : share(t)));
    }
    for (int w : WINDOW_DAYS) {
      UptimeTotals sum = UptimeTotals.NONE;
      for (int i = days.size() - w; i < days.size(); i++) {
        UptimeTotals t = byDay.get(days.get(i).day());
        if (t != null) {
          sum = sum.plus(t);
        }
      }
      uptime.add(daily != null ? share(sum) : null);
    }
    return new PublicStatus.Site(name(d.domain()), c.showUrls() ? d.domain() : null, state, error, uptime, days);
  }

  private static @Nullable Double share(UptimeTotals t) {
    var a = t.availability();
    return a.isPresent() ? a.getAsDouble() : null;
  }

  /** A site's public name: its host (and its port when it has one), without scheme or path. */
  static String name(String domain) {
    try {
      URI u = URI.create(domain);
      String host = u.getHost();
      return host == null || host.isEmpty() ? domain : u.getPort() < 0 ? host : host + ":" + u.getPort();
    } catch (IllegalArgumentException e) {
      return domain;
    }
  }

  private PublicStatus.Incident incident(Incidents store, Incident i, boolean showErrors) {
    boolean hide = i.automatic() && !showErrors;
    List<PublicStatus.Update> updates = new ArrayList<>();
    List<IncidentUpdate> timeline = store.timeline(i.id(), TIMELINE);
    for (int k = timeline.size() - 1; k >= 0; k--) { // newest first
      IncidentUpdate u = timeline.get(k);
      boolean engine = IncidentUpdate.ENGINE.equals(u.author());
      String message = hide && engine ? "Status: " + u.status().label() + "." : u.message();
      updates.add(new PublicStatus.Update(u.at(), u.status().label(), message));
    }
    String title = hide ? "Service disruption" : i.title();
    return new PublicStatus.Incident(title, i.status().label(), i.openedAt(), i.resolvedAt(), updates);
  }

  private void stateBadge(Context ctx) {
    Page p = find(ctx);
    RenderCache.Rendered r = cache.get(p.config().slug() + "#state", () -> {
      Summary summary = summary(p);
      Severity worst = summary.worst();
      String state = !summary.any() || worst == null ? "none" : worst == Severity.OK ? "up"
          : worst == Severity.WARNING ? "degraded" : "down";
      return RenderCache.Rendered.of(Badges.state(p.config().title(), state).getBytes(StandardCharsets.UTF_8),
          clock.instant());
    });
    answer(ctx, r, "image/svg+xml");
  }

  private void uptimeBadge(Context ctx) {
    Page p = find(ctx);
    String v = ctx.queryParam("days");
    int days;
    try {
      days = v == null || v.isEmpty() ? 30 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      days = -1;
    }
    if (days < 1 || days > 90) {
      throw new io.javalin.http.BadRequestResponse("days must be a whole number from 1 to 90");
    }
    int d = days;
    RenderCache.Rendered r = cache.get(p.config().slug() + "#uptime" + d, () -> {
      Instant now = clock.instant();
      Double share = null;
      Optional<Uptime> up = store.capability(Uptime.class);
      if (up.isPresent()) {
        UptimeWindow w = UptimeWindow.lastDays(d, now);
        UptimeTotals t = p.config().tags().isEmpty() ? up.get().ofTenant(p.tenant(), w, now)
            : up.get().ofDomains(domainsOf(p), w, now);
        share = share(t);
      }
      return RenderCache.Rendered.of(Badges.uptime("uptime " + d + " d", share).getBytes(StandardCharsets.UTF_8), now);
    });
    answer(ctx, r, "image/svg+xml");
  }

  /** The domains a tag page lists, at most {@link Uptime#MAX_DOMAINS}. */
  private List<String> domainsOf(Page p) {
    Set<String> out = new TreeSet<>();
    for (String tag : p.config().tags()) {
      for (int off = 0; out.size() < Uptime.MAX_DOMAINS; off += 1000) {
        StatusPage sp = store.domainsWithoutCounts(new DomainQuery(null, tag, null, off, 1000).withTenant(p.tenant()));
        sp.domains().forEach(x -> out.add(x.domain()));
        if (sp.domains().size() < 1000) {
          break;
        }
      }
    }
    return new ArrayList<>(out).subList(0, Math.min(out.size(), Uptime.MAX_DOMAINS));
  }

  private void feed(Context ctx) {
    Page p = find(ctx);
    RenderCache.Rendered r = cache.get(p.config().slug() + "#atom", () -> {
      Instant now = clock.instant();
      List<PublicStatus.Incident> all = new ArrayList<>();
      List<Incident> raw = new ArrayList<>();
      store.capability(Incidents.class).ifPresent(s -> {
        for (Incident i : s.incidents(new IncidentQuery(p.tenant(), IncidentQuery.Which.ALL, null, null, 50))) {
          raw.add(i);
          all.add(incident(s, i, p.config().showErrors()));
        }
      });
      String self = root + "/status/" + p.config().slug() + "/incidents.atom";
      return RenderCache.Rendered.of(PublicFeed.write(self, p.config().title(), raw, all)
          .getBytes(StandardCharsets.UTF_8), now);
    });
    answer(ctx, r, "application/atom+xml; charset=utf-8");
  }
}
