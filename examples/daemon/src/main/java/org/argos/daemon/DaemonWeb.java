package org.argos.daemon;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.argos.agents.executor.RemoteAgentExecutor;
import org.argos.api.Site;
import org.argos.api.store.ConfigVersion;
import org.argos.api.store.RegistrationResult;
import org.argos.config.ConfigParser;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.argos.web.ArgosWeb;
import org.argos.web.api.Reloader;
import org.argos.web.api.SiteRegistry;
import org.argos.web.auth.ApiAccess;
import org.argos.web.auth.FileUserStore;
import org.argos.web.auth.LdapDirectory;
import org.argos.web.auth.UserStore;
import org.argos.web.ui.WebUi;
import org.jspecify.annotations.Nullable;

/**
 * The daemon's web side: argos-web's UI (its users from a file or LDAP), API and agent protocol, each given the narrow
 * views of the server it needs; nothing in argos-web sees the server itself.
 */
final class DaemonWeb {
  private final Server server;

  DaemonWeb(Server server) {
    this.server = server;
  }

  /**
   * The web UI. Users come from the LDAP directory when {@code general.ldap} is set (as in Argos: the users file is then
   * not read), else from {@code argos-users.json} beside the config file, where {@code argos server user} writes them.
   * Both are chosen at each login and each request, so a reload that adds or changes {@code general.ldap} applies at once.
   * Ended sessions (of file and LDAP users alike) are kept in {@code argos-sessions.json} beside the users file, where
   * the {@code argos server user} commands also end them.
   */
  WebUi ui(@Nullable Path file, Path workingDir, Supplier<Map<String, Instant>> agentsSeen) {
    Path dir = file == null ? workingDir : file.toAbsolutePath().getParent();
    FileUserStore users = new FileUserStore(dir.resolve("argos-users.json"));
    WebUi.Authenticator fromFile = WebUi.Authenticator.of(users::verify);
    return new WebUi(() -> {
      DaemonConfig c = server.config();
      DaemonConfig.General g = c.general();
      return new WebUi.Settings(g.cookieSecret(), g.sessionDuration(), g.rememberMeDuration(), g.unauthenticatedAccess(),
          g.rootPath(), c.daemon().trustedProxies());
    }, server.store(), agentsSeen, server.remote() != null,
        new WebUi.Users((name, password) -> {
          LdapDirectory ldap = ldap();
          return ldap != null ? ldap.authenticate(name, password) : fromFile.check(name, password);
        }, name -> {
          LdapDirectory ldap = ldap();
          return ldap != null ? ldap.active(name) : users.find(name).map(UserStore.User::enabled).orElse(false);
        }, users.sessions(), name -> WebUi.Member.of(server.config(), name)), Clock.systemUTC(), server.outage());
  }

  private volatile @Nullable LdapDirectory ldap;

  /** @return the directory {@code general.ldap} names, or null; rebuilt when a reload changes it */
  private @Nullable LdapDirectory ldap() {
    DaemonConfig.Ldap c = server.config().general().ldap();
    if (c == null) {
      return null;
    }
    LdapDirectory d = ldap;
    if (d == null || !d.config().equals(c)) {
      d = new LdapDirectory(c, LdapDirectory.DEFAULT_TIMEOUT, Clock.systemUTC());
      ldap = d;
    }
    return d;
  }

  /**
   * The API, the agent protocol and the UI, each given what it needs of this server: the engine, the tokens and
   * trusted proxies of the running config, the agents executor, the metrics, the sites registry and the reloader.
   */
  ArgosWeb api(WebUi ui) {
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
        .ui(ui)
        .statusPages(() -> org.argos.web.status.StatusPageRoutes.pagesOf(server.config()),
            server.config().general().rootPath())
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
