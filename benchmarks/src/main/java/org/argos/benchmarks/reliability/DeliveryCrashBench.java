package org.argos.benchmarks.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link DeliveryCrash} several times and prints, per round and in total, duplicates (raw, and after dropping
 * repeated idempotency keys), missed alerts and alerts re-sent under a new key.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.argos.benchmarks.reliability.DeliveryCrashBench \
 *     [rounds] [alerts] [listed] [pg host:port]
 * }</pre>
 */
public final class DeliveryCrashBench {
  private DeliveryCrashBench() {}

  /**
   * @param args rounds (5), alerts per round (600), alerts listed per message (20), PostgreSQL host:port
   *     (127.0.0.1:5432)
   * @throws Exception when a round cannot run
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int alerts = args.length > 1 ? Integer.parseInt(args[1]) : 600;
    int listed = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    String pg = args.length > 3 ? args[3] : "127.0.0.1:5432";
    List<DeliveryCrash.Result> results = new ArrayList<>();
    for (int i = 1; i <= rounds; i++) {
      DeliveryCrash.Result r = DeliveryCrash.run(pg, alerts, listed);
      results.add(r);
      System.out.printf(java.util.Locale.ROOT,
          "round %d: %d alerts, %d messages, duplicates raw %d, after dropping repeated keys %d, missed %d, "
              + "re-sent under a new key %d, messages without key %d, takeover %.1f s%n",
          i, r.alerts(), r.messages(), r.duplicatesRaw(), r.duplicatesAfterKeys(), r.missed(), r.resentUnderNewKey(),
          r.messagesWithoutKey(), r.takeover().toMillis() / 1000.0);
    }
    System.out.printf(java.util.Locale.ROOT,
        "total over %d rounds of %d alerts (+ a tenth after the kill): duplicates raw %d, "
            + "after dropping repeated keys %d, "
            + "missed %d, "
            + "re-sent under a new key %d%n",
        rounds, alerts, results.stream().mapToInt(DeliveryCrash.Result::duplicatesRaw).sum(),
        results.stream().mapToInt(DeliveryCrash.Result::duplicatesAfterKeys).sum(),
        results.stream().mapToInt(DeliveryCrash.Result::missed).sum(),
        results.stream().mapToInt(DeliveryCrash.Result::resentUnderNewKey).sum());
  }
}
