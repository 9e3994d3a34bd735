package org.argos.examples.embedded;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import org.argos.agents.executor.RemoteAgentExecutor;
import org.argos.api.Site;
import org.argos.engine.Argos;
import org.argos.engine.InMemoryStore;
import org.argos.web.ArgosWeb;
import org.argos.web.auth.ApiAccess;

/**
 * A host application with a web server of its own that also serves Argos: it mounts the status API and the agent
 * endpoints ({@code GET /api/tasks}, {@code POST /api/results}) on its own Javalin instance, next to its own routes.
 * Its engine, with its own store, leaves probing to agents: each group waits until an agent takes it and answers.
 */
public final class StatusHost implements AutoCloseable {
  private final Argos argos;
  private final RemoteAgentExecutor agents;
  private final ArgosWeb web;
  private final Javalin app;

  private StatusHost(Argos argos, RemoteAgentExecutor agents, ArgosWeb web, Javalin app) {
    this.argos = argos;
    this.agents = agents;
    this.web = web;
    this.app = app;
  }

  /**
   * Starts the engine and the host's server on loopback.
   *
   * @param port the port, 0 for any free one
   * @param tokens the agent tokens and the API tokens the mounted routes accept
   * @param sites the sites to watch
   */
  public static StatusHost start(int port, ApiAccess.Tokens tokens, List<Site> sites) {
    RemoteAgentExecutor agents = new RemoteAgentExecutor(Duration.ofMinutes(5), 10_000);
    Argos argos = Argos.builder()
        .discoverPlugins(true) // the built-in checks (and probe) from argos-checks-builtin on the class path
        .store(new InMemoryStore())
        .executor(agents)
        .firstRunSpread(Duration.ZERO)
        .build();
    argos.registerAll(sites);
    argos.start();
    ArgosWeb web = ArgosWeb.builder(argos).tokens(tokens).agents(agents).build();
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.get("/", ctx -> ctx.result("the host's own page"));
      web.mountApi(config);
      web.mountAgents(config);
    });
    try {
      app.start("127.0.0.1", port);
    } catch (RuntimeException e) {
      web.close();
      argos.close();
      throw e;
    }
    return new StatusHost(argos, agents, web, app);
  }

  /** @return the port the host listens on */
  public int port() {
    return app.port();
  }

  /** @return the host's engine */
  public Argos argos() {
    return argos;
  }

  /** @return the executor that parks groups until an agent answers */
  public RemoteAgentExecutor agents() {
    return agents;
  }

  @Override
  public void close() {
    app.stop();
    web.close();
    argos.close();
  }
}
