package org.argos.benchmarks.reliability;

import java.time.Duration;
import java.util.Map;
import org.argos.api.AlertRouting;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;
import org.argos.notify.WebhookNotifierProvider;
import org.argos.postgres.JdbcStore;

/**
 * A delivering node in a JVM of its own: an engine on a PostgreSQL database whose only channel is a webhook. Prints
 * {@code ready} once started and runs until its standard input closes (or it is killed).
 *
 * <p>Arguments: JDBC URL, webhook URL, node id, alerts listed per message.
 */
public final class DeliveryCrashNode {
  /** The send timeout of the node: its claims on alerts last three times as long. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

  private DeliveryCrashNode() {}

  /**
   * @param args JDBC URL, webhook URL, node id, alerts listed per message
   * @throws Exception when the node cannot start
   */
  public static void main(String[] args) throws Exception {
    JdbcStore store = JdbcStore.postgres(args[0]).poolSize(4).build();
    var hook = new WebhookNotifierProvider().create("hook", Map.of("url", args[1], "timeout", 60));
    try (Argos argos = Argos.builder()
        .store(store)
        .probe(new HttpProbe()) // registers no site: the probe only completes the engine
        .notifiers(hook)
        .routing(AlertRouting.all("hook"))
        .nodeId(args[2])
        .grouping(Duration.ofMillis(200), Integer.parseInt(args[3]))
        .notificationRetry(Duration.ofMillis(500), Duration.ofSeconds(2), 20, SEND_TIMEOUT)
        .shutdownTimeout(Duration.ofSeconds(5))
        .build()) {
      argos.start();
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the parent closes our standard input
      }
    } finally {
      store.close();
    }
  }
}
