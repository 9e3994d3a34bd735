package org.argos.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU and memory of this JVM (and of the whole machine, to see when the two cores are saturated). */
final class ProcessMeter {
  private ProcessMeter() {}

  /** @return CPU time used by this process so far, in nanoseconds */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Starts a new peak for heap pools and (where Linux allows) for the resident set. */
  static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM
    } catch (IOException | RuntimeException e) {
      // not Linux, or not allowed: VmHWM then covers the whole run
    }
  }

  /** @return the sum of the heap pools' peaks since {@link #resetPeaks()} (an upper bound of the peak heap) */
  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** @return heap in use after a full collection: what the fleet really keeps */
  static long liveHeapBytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** @param field {@code VmHWM} or {@code VmRSS} @return its value in bytes, or -1 off Linux */
  static long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  /** @return {busy, total} jiffies of the whole machine, or zeros off Linux */
  static long[] machineJiffies() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      String[] f = lines.get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** The kernel's clock ticks per second ({@code getconf CLK_TCK}): 100 on every Linux this runs on. */
  static final long CLOCK_TICKS = 100;

  /**
   * @param pid a process of this machine
   * @return its user + system CPU time so far in nanoseconds (10 ms resolution), from {@code /proc/PID/stat}, or -1
   *     when it is gone or this is not Linux
   */
  static long cpuNanosOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // the command name, in brackets, may hold spaces: fields count from after its closing bracket
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15 of stat
      return ticks * (1_000_000_000L / CLOCK_TICKS);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
