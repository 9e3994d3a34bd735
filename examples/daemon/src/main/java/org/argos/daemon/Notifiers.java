package org.argos.daemon;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.argos.api.Alert;
import org.argos.api.ArgosException;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.argos.engine.plugin.PluginRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.config.DaemonConfig;

/**
 * Builds notifiers for the configured channels from the {@link NotifierProvider}s of the daemon's plugin registry, by type
 * name ({@code local}, {@code mail}, {@code gotify}, {@code apprise}, {@code webhook}...). The {@code local} type
 * falls back to a log notifier when no provider offers it, so a config that only logs works with the daemon alone.
 */
final class Notifiers {
  private static final Logger LOG = LoggerFactory.getLogger(Notifiers.class);

  private Notifiers() {}

  /**
   * @return the providers, by type
   * @throws org.argos.api.DuplicateProviderException when two plugins offer one type, naming both jars
   */
  static Map<String, NotifierProvider> providers(PluginRegistry plugins) {
    return plugins.notifierProviders();
  }

  /**
   * @param channels the channels to build
   * @return one notifier per channel
   * @throws ArgosException naming the channel and the missing type, or the provider's complaint about the settings
   */
  static List<Notifier> build(Collection<DaemonConfig.Channel> channels, PluginRegistry plugins) {
    Map<String, NotifierProvider> providers = providers(plugins);
    List<Notifier> out = new ArrayList<>();
    for (DaemonConfig.Channel ch : channels) {
      out.add(build(ch, providers));
    }
    return out;
  }

  static Notifier build(DaemonConfig.Channel ch, Map<String, NotifierProvider> providers) {
    NotifierProvider p = providers.get(ch.type());
    if (p == null) {
      if (ch.type().equals("local")) {
        return new LogNotifier(ch.name());
      }
      throw new ArgosException("notification channel '" + ch.name() + "' needs a notifier of type '" + ch.type()
          + "' but none is installed (available types: " + new TreeSet<>(providers.keySet())
          + "; add argos-notify-builtin or a plugin jar)");
    }
    try {
      return p.create(ch.name(), ch.settings());
    } catch (ArgosException e) {
      throw new ArgosException("notification channel '" + ch.name() + "': " + e.getMessage(), e);
    }
  }

  /** Writes alerts to the server log (Argos {@code local}). */
  record LogNotifier(String channel) implements Notifier {
    @Override
    public void send(Notification n) {
      if (n.cause() != null) {
        LOG.warn("[Argos] {}", n.cause().summary());
      }
      for (Alert a : n.alerts()) {
        var c = a.change();
        String line = "[Argos] " + c.url() + " (IPv" + c.ipVersion().label() + "): " + c.check() + " is "
            + c.current().label() + (c.previous() != null ? " (was " + c.previous().label() + ")" : "")
            + (c.message().isEmpty() ? "" : ": " + c.message());
        if (a.severity() == Severity.OK) {
          LOG.info(line);
        } else {
          LOG.warn(line);
        }
      }
      if (n.omitted() > 0) {
        LOG.warn("[Argos] and {} more alerts of severity {}", n.omitted(), n.severity().label());
      }
    }
  }
}
