package org.argos.daemon;

import java.util.Map;
import org.argos.agents.executor.RemoteAgentExecutor;
import org.argos.api.Site;
import org.argos.api.store.ConfigVersion;
import org.argos.api.store.RegistrationResult;
import org.argos.config.ConfigParser;
import org.argos.config.yaml.ConfigNode;
import org.argos.web.ArgosWeb;
import org.argos.web.api.Reloader;
import org.argos.web.api.SiteRegistry;
import org.argos.web.auth.ApiAccess;

/** The daemon's web side: argos-web's API, agent protocol and UI, given the narrow views of the server they need. */
final class DaemonWeb {
  private DaemonWeb() {}

  /**
   * The API, the agent protocol and the UI, each given what it needs of this server: the engine, the tokens and
   * trusted proxies of the running config, the agents executor, the metrics, the sites registry and the reloader.
   */
  static ArgosWeb of(Server server) {
    RemoteAgentExecutor r = server.remote();
    return ArgosWeb.builder(server.argos())
        .tokens(() -> ApiAccess.Tokens.of(server.config()))
        .trustedProxies(() -> server.config().daemon().trustedProxies())
        .outage(server.outage())
        .agents(r)
        .agentsSeen(() -> r == null ? Map.of() : r.agents())
        .selectedTasks(() -> r != null ? r.selectedTasks() : server.metrics().inFlightTasks())
        .metrics(server.metrics()::scrape)
        .sites(new ApiSites(server))
        .reloader(new Reloader() {
          @Override
          public Outcome reload(boolean force, boolean adopt) {
            Server.Reload x = server.reload(force, adopt);
            return new Outcome(x.ok(), x.added(), x.changed(), x.removed(), x.unchanged(), x.errors(), x.refused());
          }

          @Override
          public ConfigVersion nodeVersion() {
            return server.nodeVersion();
          }

          @Override
          public boolean readOnly() {
            return server.readOnly();
          }
        })
        .ui(server.web())
        .build();
  }

  /** Sites added through the API: read as the config reads them, and kept by a reload. */
  private record ApiSites(Server server) implements SiteRegistry {
    @Override
    public Site parse(ConfigNode node) {
      return ConfigParser.parseSite(node, server.config(), server.argos().checks());
    }

    @Override
    public RegistrationResult register(Site site) {
      RegistrationResult r = server.argos().register(site);
      server.apiSites().add(site.domain());
      return r;
    }

    @Override
    public void unregister(String domain) {
      server.argos().unregister(domain);
      server.apiSites().remove(domain);
    }

    @Override
    public boolean managedByApi(String domain) {
      return server.apiSites().contains(domain);
    }
  }
}
