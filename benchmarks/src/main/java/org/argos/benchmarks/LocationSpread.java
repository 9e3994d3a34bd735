package org.argos.benchmarks;

import java.util.Arrays;
import java.util.Random;

/**
 * Issue 19: should the locations of one group run together or spread over the period? Simulates outages starting at
 * random times against n locations and measures, for each quorum k, how long until k locations have seen the failure
 * (the k-of-n verdict turns), and whether a 60 s outage reaches the verdict at all. docs/benchmarks.md has the figures.
 * Run: {@code java benchmarks/src/main/java/org/argos/benchmarks/LocationSpread.java [period-seconds] [n]}.
 */
public final class LocationSpread {
  private LocationSpread() {}

  /** @param args the period in seconds (300) and the number of locations (3) */
  public static void main(String[] args) {
    double period = args.length > 0 ? Double.parseDouble(args[0]) : 300;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int trials = 200_000;
    Random random = new Random(19);
    for (int k = 1; k <= n; k++) {
      double together = 0;
      double spread = 0;
      int blipTogether = 0;
      int blipSpread = 0;
      for (int i = 0; i < trials; i++) {
        double slot = random.nextDouble() * period;
        double start = random.nextDouble() * period * 10;
        double first = next(slot, start, period); // together: every location at the group's slot
        together += first - start;
        double[] runs = new double[n]; // spread: location j at slot + j * period / n
        for (int j = 0; j < n; j++) {
          runs[j] = next(slot + j * period / n, start, period);
        }
        Arrays.sort(runs);
        spread += runs[k - 1] - start;
        double end = start + 60;
        blipTogether += first < end ? 1 : 0;
        blipSpread += Arrays.stream(runs).filter(x -> x < end).count() >= k ? 1 : 0;
      }
      System.out.printf("n=%d k=%d period=%.0f s: mean delay to the verdict together %.0f s, spread %.0f s; "
          + "a 60 s outage reaches the verdict together %.0f%%, spread %.0f%%%n", n, k, period, together / trials,
          spread / trials, 100.0 * blipTogether / trials, 100.0 * blipSpread / trials);
    }
  }

  /** The first run at or after {@code t} of a slot repeating every period. */
  private static double next(double slot, double t, double period) {
    return slot + Math.ceil((t - slot) / period) * period;
  }
}
