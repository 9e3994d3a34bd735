package org.argos.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.argos.agents.executor.RemoteAgentExecutor;
import org.argos.config.TrustedProxies;
import org.argos.engine.Argos;
import org.argos.web.agents.AgentRoutes;
import org.argos.web.api.ApiEdge;
import org.argos.web.api.JsonApi;
import org.argos.web.api.Reloader;
import org.argos.web.api.SiteRegistry;
import org.argos.web.auth.ApiAccess;
import org.argos.web.http.DatabaseOutage;
import org.argos.web.ui.WebUi;
import org.jspecify.annotations.Nullable;

/**
 * Argos on the web, for a host to mount on its own Javalin server or to start on its own: the JSON API
 * ({@link #mountApi}), the agent protocol ({@link #mountAgents}) and the web UI ({@link #mountUi}). Whatever is
 * mounted stands behind the same edge: each route's access check (agent tokens serve the agent protocol only, API
 * tokens the rest within their scope), body limits, trusted proxies, JSON errors and the database-outage answer.
 *
 * <pre>{@code
 * ArgosWeb web = ArgosWeb.builder(argos).tokens(() -> tokens).agents(remoteExecutor).build();
 * Javalin.create(config -> {
 *   web.mountApi(config);
 *   web.mountAgents(config);
 * }).start(8080);
 * }</pre>
 */
public final class ArgosWeb implements AutoCloseable {
  private final Argos argos;
  private final ApiEdge edge;
  private final JsonApi api;
  private final AgentRoutes agentRoutes;
  private final @Nullable WebUi ui;
  private final org.argos.web.status.@Nullable StatusPageRoutes statusPages;
  private final @Nullable DatabaseOutage ownOutage;
  private final Set<JavalinConfig> edged = Collections.newSetFromMap(new IdentityHashMap<>());

  private ArgosWeb(Builder b) {
    this.argos = b.argos;
    DatabaseOutage outage = b.outage;
    if (outage == null) {
      outage = new DatabaseOutage(() -> b.argos.store().severityCounts(), Clock.systemUTC(), Duration.ofSeconds(1));
      ownOutage = outage;
    } else {
      ownOutage = null;
    }
    ApiAccess.Tokens none = new ApiAccess.Tokens(List.of(), List.of());
    Supplier<ApiAccess.Tokens> tokens = b.tokens != null ? b.tokens : () -> none;
    this.edge = new ApiEdge(tokens, outage, b.trustedProxies);
    RemoteAgentExecutor remote = b.remote;
    LongSupplier selected = b.selected != null ? b.selected : remote != null ? remote::selectedTasks : () -> 0;
    Supplier<Map<String, Instant>> agents = b.agentsSeen != null ? b.agentsSeen
        : remote != null ? remote::agents : Map::of;
    this.api = new JsonApi(edge, argos, selected, agents, b.scrape, b.sites, b.reloader);
    this.agentRoutes = new AgentRoutes(edge, argos, remote);
    this.ui = b.ui;
    this.statusPages = b.statusPages == null ? null
        : new org.argos.web.status.StatusPageRoutes(argos.store(), b.statusPages, java.time.Clock.systemUTC(), b.root);
  }

  /** @return a builder for the web side of this engine */
  public static Builder builder(Argos argos) {
    return new Builder(argos);
  }

  /** Mounts the JSON API: health, metrics, status, sites, reload, config version, silences. */
  public synchronized void mountApi(JavalinConfig config) {
    edge(config);
    api.mount(config);
  }

  /** Mounts the agent protocol: {@code GET /api/tasks}, {@code POST /api/results}. */
  public synchronized void mountAgents(JavalinConfig config) {
    edge(config);
    agentRoutes.mount(config);
  }

  /** Mounts the web UI's pages, if the builder was given one. */
  public synchronized void mountUi(JavalinConfig config) {
    if (ui != null) {
      edge(config);
      ui.routes(config.routes);
    }
    if (statusPages != null) {
      edge(config);
      statusPages.mount(config.routes);
    }
  }

  private void edge(JavalinConfig config) {
    if (edged.add(config)) {
      edge.install(config);
    }
  }

  /**
   * Starts a server of its own with everything mounted, under a root path, as the daemon does.
   *
   * @param rootPath the path everything is served under ("" for none)
   * @return the started server; stop it with {@link Javalin#stop()}
   */
  public Javalin start(String host, int port, String rootPath) {
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      if (!rootPath.isEmpty()) {
        config.router.contextPath = rootPath;
      }
      config.router.ignoreTrailingSlashes = true;
      mountApi(config);
      mountAgents(config);
      mountUi(config);
    });
    return app.start(host, port);
  }

  /** Closes the outage watch this object made (none when the builder was given one). */
  @Override
  public void close() {
    if (ownOutage != null) {
      ownOutage.close();
    }
  }

  /** What the web side serves and from what. Only the engine is required. */
  public static final class Builder {
    private final Argos argos;
    private @Nullable Supplier<ApiAccess.Tokens> tokens;
    private @Nullable DatabaseOutage outage;
    private Supplier<TrustedProxies> trustedProxies = () -> TrustedProxies.NONE;
    private @Nullable RemoteAgentExecutor remote;
    private @Nullable Supplier<Map<String, Instant>> agentsSeen;
    private @Nullable LongSupplier selected;
    private @Nullable Supplier<String> scrape;
    private @Nullable SiteRegistry sites;
    private @Nullable Reloader reloader;
    private @Nullable WebUi ui;
    private @Nullable Supplier<Map<String, org.argos.web.status.StatusPageRoutes.Page>> statusPages;
    private String root = "";

    private Builder(Argos argos) {
      this.argos = Objects.requireNonNull(argos, "argos");
    }

    /** The agent and API tokens, read at each request (so a reload applies); without them every token is refused. */
    public Builder tokens(Supplier<ApiAccess.Tokens> tokens) {
      this.tokens = tokens;
      return this;
    }

    /** Fixed tokens. */
    public Builder tokens(ApiAccess.Tokens tokens) {
      return tokens(() -> tokens);
    }

    /** The database-outage circuit the pages share; by default one of its own over the engine's store. */
    public Builder outage(DatabaseOutage outage) {
      this.outage = outage;
      return this;
    }

    /** The proxies whose {@code X-Forwarded-For} is believed, read at each request; by default none. */
    public Builder trustedProxies(Supplier<TrustedProxies> proxies) {
      this.trustedProxies = proxies;
      return this;
    }

    /** The executor that parks groups for agents; without it agents get nothing to do. */
    public Builder agents(@Nullable RemoteAgentExecutor remote) {
      this.remote = remote;
      return this;
    }

    /** The agents to list at {@code GET /api/agents}; by default those the agents executor saw. */
    public Builder agentsSeen(Supplier<Map<String, Instant>> agents) {
      this.agentsSeen = agents;
      return this;
    }

    /** The tasks being probed now, for {@code GET /api/stats}; by default those handed to agents. */
    public Builder selectedTasks(LongSupplier selected) {
      this.selected = selected;
      return this;
    }

    /** Serves {@code GET /metrics} with this scrape (Prometheus' text format). */
    public Builder metrics(Supplier<String> scrape) {
      this.scrape = scrape;
      return this;
    }

    /** Serves {@code PUT} and {@code DELETE /api/sites/{domain}} through this registry. */
    public Builder sites(SiteRegistry sites) {
      this.sites = sites;
      return this;
    }

    /** Serves {@code POST /api/reload-config} and {@code GET /api/config-version}. */
    public Builder reloader(Reloader reloader) {
      this.reloader = reloader;
      return this;
    }

    /** The web UI that {@link #mountUi} mounts. */
    public Builder ui(WebUi ui) {
      this.ui = ui;
      return this;
    }

    /**
     * The tenants' public status pages ({@code /status/{slug}}), mounted with the UI.
     *
     * @param pages the pages by slug, read at each request (so a reload applies)
     * @param root the path prefix of the pages' links ({@code general.root_path}, or empty)
     * @return this builder
     */
    public Builder statusPages(Supplier<Map<String, org.argos.web.status.StatusPageRoutes.Page>> pages, String root) {
      this.statusPages = pages;
      this.root = root;
      return this;
    }

    /** @return the web side, ready to mount */
    public ArgosWeb build() {
      return new ArgosWeb(this);
    }
  }
}
