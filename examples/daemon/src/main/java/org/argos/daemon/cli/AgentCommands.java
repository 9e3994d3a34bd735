package org.argos.daemon.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.argos.agents.agent.Agent;
import org.argos.api.ArgosException;
import org.argos.api.Redaction;
import org.argos.api.spi.Probe;
import org.argos.checks.http.HttpProbe;
import org.argos.config.TlsProviders;
import org.argos.engine.CheckRegistry;
import org.argos.engine.LocalGroupRunner;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code argos agent SERVER_URL TOKEN}: an agent that probes for a server. (One command, nested like the other groups'
 * so that its lines, its probe discovery among them, are those it had in {@code Main}.)
 */
final class AgentCommands {
  private AgentCommands() {}

  @Command(name = "agent", mixinStandardHelpOptions = true,
      description = "Run an agent: pull tasks from SERVER_URL, probe, post results.")
  static final class AgentCmd implements Callable<Integer> {
    private final Daemon env;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER_URL", description = "the server (or $ARGOS_AGENT_SERVER_URL)")
    @Nullable String serverUrl;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TOKEN", description = "a secret of the server (or $ARGOS_AGENT_TOKEN)")
    @Nullable String token;

    @Option(names = "--max-tasks", defaultValue = "10", description = "tasks per poll (default ${DEFAULT-VALUE})")
    int maxTasks = 10;

    @Option(names = "--wait-time", defaultValue = "10", description = "seconds to wait when there was nothing to do (default ${DEFAULT-VALUE})")
    int waitTime = 10;

    @Option(names = "--agent-id", description = "this agent's name (default: the host name)")
    @Nullable String agentId;

    @Option(names = "--location", description = "where this agent checks from, for sites that list locations "
        + "(1-40 of a-z 0-9 _ . -; default: default)")
    @Nullable String location;

    @Option(names = "--log-level", description = "DEBUG, INFO (default), WARNING, ERROR or CRITICAL")
    @Nullable String logLevel;

    @Option(names = "--plugins", description = "directory of plugin jars (checks, probe)")
    @Nullable Path plugins;

    @Option(names = "--tls-provider", paramLabel = "CLASS", description = "a JSSE provider class for the built-in "
        + "probe's TLS connections, from the class path or --plugins, or " + TlsProviders.JDK + " for the JDK's own "
        + "(default: Conscrypt's where it loads, else the JDK's)")
    @Nullable String tlsProvider;

    AgentCmd(Daemon env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      String url = serverUrl != null ? serverUrl : env.vars().get("ARGOS_AGENT_SERVER_URL");
      String tok = token != null ? token : env.vars().get("ARGOS_AGENT_TOKEN");
      if (url == null || url.isBlank() || tok == null || tok.isBlank()) {
        env.err().println("error: give SERVER_URL and TOKEN, or set ARGOS_AGENT_SERVER_URL and ARGOS_AGENT_TOKEN");
        return 2;
      }
      if (!url.matches("https?://.+")) {
        env.err().println("error: SERVER_URL must be an http(s) URL, got '" + Redaction.url(url) + "'");
        return 2;
      }
      Commands.logLevel(logLevel);
      if (maxTasks < 1 || waitTime < 0) {
        env.err().println("error: --max-tasks must be >= 1 and --wait-time >= 0");
        return 2;
      }
      CheckRegistry registry = env.plugins(plugins == null ? null : env.cwd().resolve(plugins)).checks();
      ClassLoader cl = registry.plugins().classLoader();
      Probe probe;
      if (env.probe() != null) {
        probe = env.probe();
      } else if (tlsProvider != null) {
        try {
          probe = TlsProviders.probe(tlsProvider, cl);
        } catch (ArgosException e) {
          env.err().println("error: --tls-provider: " + e.getMessage());
          return 2;
        }
      } else {
        probe = registry.plugins().newProbe();
      }
      if (probe instanceof HttpProbe http) {
        org.slf4j.LoggerFactory.getLogger(Agent.class)
            .info("the probe makes its TLS connections with {}", http.tlsProvider());
      }
      String id = agentId != null ? agentId : hostName();
      if (!env.validAgentId(id)) {
        env.err().println("error: --agent-id must be 1 to 200 printable characters (no control characters)");
        return 2;
      }
      String where = location != null ? location : org.argos.api.Quorum.DEFAULT_LOCATION;
      try {
        org.argos.api.Quorum.checkName(where);
      } catch (org.argos.api.InvalidValueException e) {
        env.err().println("error: --location: " + e.getMessage());
        return 2;
      }
      // The probes of the other schemes the plugins serve (tcp...): the agent says it probes them, and may get them.
      try (org.argos.engine.Probes probes = org.argos.engine.Probes.of(registry.plugins(), probe);
          Agent agent = new Agent(url, tok, id, maxTasks, Duration.ofSeconds(waitTime),
          new LocalGroupRunner(probes, registry, Clock.systemUTC()), registry, Clock.systemUTC()).location(where)) {
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "argos-agent-shutdown"));
        agent.run();
      }
      return 0;
    }

    private static String hostName() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        return "agent-" + UUID.randomUUID().toString().substring(0, 8);
      }
    }
  }
}
