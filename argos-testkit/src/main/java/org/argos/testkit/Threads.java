package org.argos.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** Finds platform threads that a kit's subject started and left running. */
final class Threads {
  private Threads() {}

  /** @return the platform threads alive now */
  static Set<Thread> alive() {
    return Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  /**
   * Waits up to {@code grace} for every platform thread started since {@code before} to end.
   *
   * @param before the threads alive before the subject was created
   * @param grace how long threads may take to end
   * @return the threads still alive after the grace, with their names and stacks, or an empty list
   * @throws InterruptedException when interrupted while waiting
   */
  static List<String> leftSince(Set<Thread> before, Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (true) {
      List<Thread> left = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive() && !shared(t)).toList();
      if (left.isEmpty()) {
        return List.of();
      }
      if (System.nanoTime() - deadline > 0) {
        return left.stream().map(t -> t.getName() + " " + List.of(t.getStackTrace())).toList();
      }
      Thread.sleep(50);
    }
  }

  /**
   * Threads the JVM shares among everyone and keeps for a while after use: the carriers of virtual threads, the
   * common pool's workers, and the JVM's own service threads. A subject does not own them.
   */
  private static boolean shared(Thread t) {
    String type = t.getClass().getName();
    if (type.equals("jdk.internal.misc.CarrierThread") || type.startsWith("jdk.internal.misc.InnocuousThread")
        || type.equals("java.util.concurrent.DelayScheduler")) { // the virtual thread scheduler's timer
      return true;
    }
    if (t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool()) {
      return true;
    }
    return List.of("Attach Listener", "Signal Dispatcher", "Notification Thread", "Common-Cleaner",
        "process reaper").contains(t.getName());
  }
}
