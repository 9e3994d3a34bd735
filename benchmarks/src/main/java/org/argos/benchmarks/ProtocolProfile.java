package org.argos.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The protocol's share of the server's CPU, from JFR execution samples of this JVM taken over a measuring window
 * (every {@value #PERIOD_MS} ms per running Java thread). Each sample is given to the first frame, from the top of its
 * stack, that is not the JDK's: Jackson or our protocol's JSON ({@code org.argos.agents.protocol}) is <b>JSON</b>;
 * Jetty, Javalin or {@code org.argos.web} is <b>HTTP</b> (parsing, routing, the token check, writing the answer); the
 * agents executor ({@code org.argos.agents.executor}: parking, handing out, matching results) is <b>hand-out</b>;
 * anything else (the engine, the checks judging reports, the store, the JDBC driver) is the <b>rest</b>. A sample of
 * the rest that runs inside an agent route (judging a report, reserving result ids) is counted apart: it is work the
 * in-process engine also does, called from the route. GC and JIT threads are not sampled: the shares are of the time
 * in Java code.
 */
final class ProtocolProfile implements AutoCloseable {
  static final int PERIOD_MS = 10;
  private final Recording recording = new Recording();

  /** The shares of the samples; {@code samples} is their count. */
  record Shares(long samples, double json, double http, double handOut, double restInRoutes) {
    double protocol() {
      return json + http + handOut;
    }

    String text() {
      return samples == 0 ? "no samples" : String.format(Locale.ROOT, "%.0f %% (JSON %.0f %%, HTTP %.0f %%, hand-out "
          + "%.0f %%); engine work inside the routes %.0f %%; %,d samples", 100 * protocol(), 100 * json, 100 * http,
          100 * handOut, 100 * restInRoutes, samples);
    }
  }

  ProtocolProfile() {
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(PERIOD_MS));
    recording.setToDisk(true);
    recording.start();
  }

  /** Stops the recording and classifies its samples. */
  Shares stop() throws IOException {
    recording.stop();
    Path file = Files.createTempFile("argos-bench-protocol", ".jfr");
    try {
      recording.dump(file);
      return classify(RecordingFile.readAllEvents(file));
    } finally {
      Files.deleteIfExists(file);
      recording.close();
    }
  }

  static Shares classify(List<RecordedEvent> events) {
    long n = 0;
    long json = 0;
    long http = 0;
    long handOut = 0;
    long restInRoutes = 0;
    for (RecordedEvent e : events) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      n++;
      String kind = null;
      boolean inRoute = false;
      for (RecordedFrame f : e.getStackTrace().getFrames()) {
        if (!f.isJavaFrame() || f.getMethod() == null || f.getMethod().getType() == null) {
          continue;
        }
        String c = f.getMethod().getType().getName();
        if (c.startsWith("org.argos.web.agents.")) {
          inRoute = true;
        }
        if (kind == null) {
          kind = kind(c);
        }
      }
      switch (kind == null ? "rest" : kind) {
        case "json" -> json++;
        case "http" -> http++;
        case "handOut" -> handOut++;
        default -> { // the rest, and stacks of JDK frames only (the JDK's own threads: timers, selectors)
          if (inRoute) {
            restInRoutes++;
          }
        }
      }
    }
    return n == 0 ? new Shares(0, 0, 0, 0, 0) : new Shares(n, json / (double) n, http / (double) n,
        handOut / (double) n, restInRoutes / (double) n);
  }

  /** @return the category of a frame's class, or null for the JDK's (the next frame down decides) */
  private static String kind(String c) {
    if (c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
        || c.startsWith("com.sun.")) {
      return null;
    }
    if (c.startsWith("com.fasterxml.jackson.") || c.startsWith("org.argos.agents.protocol.")) {
      return "json";
    }
    if (c.startsWith("org.eclipse.jetty.") || c.startsWith("io.javalin.") || c.startsWith("org.argos.web.")) {
      return "http";
    }
    if (c.startsWith("org.argos.agents.executor.")) {
      return "handOut";
    }
    return "rest";
  }

  @Override
  public void close() {
    recording.close();
  }
}
