package org.argos.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The machine's load before a run, which every report states: a figure taken on a busy machine is not comparable with
 * one taken on a quiet one, and the report says so in a WARNING line.
 */
final class MachineLoad {
  /** Above this 1-minute load average, the machine is not quiet. */
  static final double QUIET = 0.5;

  private MachineLoad() {}

  /** @return the 1, 5 and 15 minute load averages as {@code uptime} shows them, or null off Linux */
  static @Nullable String now() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Adds the load line, and a WARNING line when the machine was not quiet.
   *
   * @param given the load averages {@code benchmarks/run} read before it started anything (null: read them now)
   */
  static void note(Report report, @Nullable String given) {
    String load = given != null && !given.isBlank() ? given.trim() : now();
    if (load == null) {
      report.note("Load average before the run: unknown (no /proc/loadavg).");
      return;
    }
    report.note("Load average before the run (1, 5, 15 min, as `uptime`): " + load + ".");
    double load1;
    try {
      load1 = Double.parseDouble(load.split("\\s+")[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--load-before: expected three numbers as in /proc/loadavg, got " + load, e);
    }
    if (load1 > QUIET) {
      report.note(String.format(Locale.ROOT, "**WARNING: the machine was not quiet before the run (1-minute load %.2f "
          + "> %.1f): these figures are not comparable with a quiet machine's.**", load1, QUIET));
    }
  }
}
