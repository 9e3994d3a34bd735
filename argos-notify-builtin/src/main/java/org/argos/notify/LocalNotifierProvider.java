package org.argos.notify;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.argos.api.Alert;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} channel of Argos: one log line per alert through SLF4J, at error level (info for a recovery to
 * {@code ok}, so that a log-based pager does not fire on good news). A grouped notification first logs a summary line
 * with the count, then one line per listed alert prefixed with its position, e.g. {@code [Argos] (3/3000) ❌ ...}.
 *
 * <p>Settings: {@code logger} (the logger name, default {@value #DEFAULT_LOGGER}).
 */
public final class LocalNotifierProvider implements NotifierProvider {
  /** The logger name used when the settings name none. */
  public static final String DEFAULT_LOGGER = "org.argos.alerts";

  private final Function<String, Logger> loggers;

  /** Used by {@link java.util.ServiceLoader}. */
  public LocalNotifierProvider() {
    this(LoggerFactory::getLogger);
  }

  // Tests hand in a logger that records what it was given.
  LocalNotifierProvider(Function<String, Logger> loggers) {
    this.loggers = loggers;
  }

  @Override
  public String type() {
    return "local";
  }

  @Override
  public Notifier create(String channel, Map<String, Object> settings) {
    Settings s = Settings.of(type(), channel, settings, Set.of("logger"));
    Logger logger = loggers.apply(s.string("logger", DEFAULT_LOGGER));
    return new LocalNotifier(channel, logger);
  }

  private record LocalNotifier(String channel, Logger logger) implements Notifier {
    @Override
    public void send(Notification n) {
      Notification.Digest d = n.digest();
      if (d != null) { // the headline, then one line per failing task listed
        log(n.severity(), AlertText.subject(n));
        java.time.Instant now = n.alerts().get(0).change().at();
        int i = 0;
        for (Notification.Digest.Entry e : d.tasks()) {
          log(e.severity(), "[Argos] digest (" + ++i + "/" + d.failing() + ") " + DigestText.line(e, now));
        }
        if (d.omitted() > 0) {
          log(n.severity(), "[Argos] digest " + DigestText.moreLine(d));
        }
        return;
      }
      if (AlertText.grouped(n)) {
        log(n.severity(), AlertText.subject(n) + " (" + n.alerts().size() + " listed below"
            + (n.omitted() > 0 ? ", " + n.omitted() + " more not listed" : "") + ")");
      }
      int i = 0;
      for (Alert a : n.alerts()) {
        Notification one = new Notification(List.of(a), 0, n.baseUrl());
        String position = AlertText.grouped(n) ? "(" + ++i + "/" + n.total() + ") " : "";
        log(a.severity(), "[Argos] " + position + AlertText.headline(one) + " | "
            + AlertText.plain(one).strip().replace("\n\n", "\n").replace("\n", " | "));
      }
    }

    private void log(Severity severity, String text) {
      if (severity == Severity.OK) {
        logger.info("{}", text);
      } else {
        logger.error("{}", text);
      }
    }
  }
}
