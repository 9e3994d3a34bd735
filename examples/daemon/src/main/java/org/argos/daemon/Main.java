package org.argos.daemon;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.api.ArgosException;
import org.argos.api.Redaction;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.config.ConfigException;
import org.argos.config.DaemonConfig;
import org.argos.config.version.ConfigVersions;
import org.argos.daemon.cli.Commands;
import org.argos.daemon.cli.Daemon;
import org.argos.engine.plugin.PluginRegistry;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The {@code argos} command line, with the Argos Panoptès command names: {@code argos server start},
 * {@code argos agent URL TOKEN}, {@code argos server check-config}... Run {@code argos --help}. The commands are in
 * {@link org.argos.daemon.cli}; this class gives them the daemon and turns failures into exit statuses.
 */
public final class Main {
  private Main() {}

  /**
   * Runs a command and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(execute(args, Env.system()));
  }

  /**
   * Where a command runs: its streams and environment, and what tests inject (check providers, a probe, a store); and
   * the daemon's parts that the commands use, which stay package-private here.
   */
  record Env(PrintStream out, PrintStream err, InputStream in, Map<String, String> vars, Path cwd, List<CheckProvider> checks,
      @Nullable Probe probe, Stores.Factory stores) implements Daemon {
    static Env system() {
      return new Env(System.out, System.err, System.in, System.getenv(), Path.of("").toAbsolutePath(), List.of(), null,
          Stores.DEFAULT);
    }

    @Override
    public Loaded load(@Nullable Path config, @Nullable Path plugins) {
      Server.Loaded loaded = Server.load(config, vars, cwd, plugins, checks);
      return new Loaded(loaded.config(), loaded.checks().plugins());
    }

    @Override
    public void migrate(DaemonConfig.Db db) {
      // Opening the store runs its migrations (a no-op for the in-memory store).
      stores.open(db).close();
    }

    @Override
    public int serve(Start start) throws InterruptedException {
      Server server = Server.start(new Server.Options(start.config(), start.host(), start.port(), vars, cwd,
          start.plugins(), probe, checks, stores).onMismatch(start.onMismatch()));
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "argos-shutdown"));
      stopOnSignals(server, System::exit);
      exitWhenDead(server, err, System::exit);
      try {
        sun.misc.SignalHandler before =
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> Thread.ofVirtual().start(server::reload));
        if (before == sun.misc.SignalHandler.SIG_IGN) {
          // A process started with SIGHUP ignored (nohup, some supervisors) keeps it ignored: the JVM will not
          // install a handler over it, so a SIGHUP would silently do nothing.
          err.println("note: SIGHUP is ignored in this process (started under nohup?), so it will not reload "
              + "the config; use 'argos server reload-config', or start without nohup");
        }
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        err.println("note: SIGHUP is not available here; use 'argos server reload-config'");
      }
      out.println("argos listening on http://" + start.host() + ":" + server.port() + server.config().general().rootPath()
          + " (config: " + server.config().source() + ")");
      server.awaitShutdown();
      return 0;
    }

    @Override
    public PluginRegistry plugins(@Nullable Path dir) {
      PluginRegistry.Builder b = PluginRegistry.builder().installChecks(checks).discover(true);
      if (dir != null) {
        b.directory(dir);
      }
      return b.build();
    }

    @Override
    public Notifier notifier(DaemonConfig.Channel channel, PluginRegistry plugins) {
      return Notifiers.build(channel, Notifiers.providers(plugins));
    }

    @Override
    public boolean validAgentId(String id) {
      return org.argos.web.agents.AgentRoutes.validAgentId(id);
    }
  }

  /** @return the exit code */
  static int execute(String[] args, Env env) {
    CommandLine cl = Commands.of(env);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof ConfigVersions.Mismatch m) {
        env.err().println(m.getMessage());
        return ConfigVersions.MISMATCH_EXIT;
      }
      if (e instanceof org.argos.engine.NodeIdInUseException n) { // another live daemon has this node_id
        env.err().println("argos: " + n.getMessage() + "; exiting with status " + NODE_ID_IN_USE);
        return NODE_ID_IN_USE;
      }
      if (e instanceof ConfigException ce) {
        env.err().println(ce.getMessage());
        return 1;
      }
      if (e instanceof ArgosException || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
        env.err().println("error: " + Redaction.text(e.getMessage())); // a driver's message may quote a URL
        return 1;
      }
      throw e;
    });
    return cl.execute(args);
  }

  /**
   * SIGTERM and SIGINT stop the server before the JVM's shutdown begins: the embedded database closes itself in a
   * shutdown hook of its own, which would run alongside ours and close it under the engine while it records the runs
   * in progress and releases its claims (issue 17). The shutdown hook stays for other ways out.
   */
  static void stopOnSignals(Server server, java.util.function.IntConsumer exit) {
    for (String name : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> Thread.ofPlatform().name("argos-stop").start(() -> {
          try {
            server.close();
          } finally {
            exit.accept(0);
          }
        }));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // not available here (or ignored by the launcher): the shutdown hook stops the server
      }
    }
  }

  /** Exit status of a daemon whose engine died (EX_SOFTWARE). */
  static final int DEAD_ENGINE = 70;
  /** Exit status when another live process runs with this node id on the shared database (issue 17). */
  static final int NODE_ID_IN_USE = 76;

  /**
   * An engine that cannot go on (its writer out of memory again and again...) must not leave a daemon that answers HTTP
   * and checks nothing: it exits loudly, so that its supervisor restarts it.
   */
  static void exitWhenDead(Server server, PrintStream err, java.util.function.IntConsumer exit) {
    server.argos().onDeath(reason -> {
      err.println("argos: the engine is dead (" + reason + "); exiting with status " + DEAD_ENGINE);
      // on another thread: exit runs the shutdown hook, which waits for the engine's threads, this one among them
      Thread.ofPlatform().name("argos-exit").start(() -> exit.accept(DEAD_ENGINE));
    });
  }
}
