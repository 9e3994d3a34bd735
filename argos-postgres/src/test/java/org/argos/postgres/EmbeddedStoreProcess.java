package org.argos.postgres;

import java.nio.file.Path;

/**
 * Opens an embedded store in a JVM of its own (so H2 starts there, as in the daemon), prints {@code ready}, and keeps it
 * open until its standard input closes.
 */
final class EmbeddedStoreProcess {
  private EmbeddedStoreProcess() {}

  public static void main(String[] args) throws Exception {
    try (JdbcStore store = JdbcStore.embedded(Path.of(args[0])).build()) {
      store.siteCount();
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the test to close our standard input
      }
    }
  }

  /** Starts it; the caller destroys the process. */
  static Process start(Path file) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), EmbeddedStoreProcess.class.getName(),
        file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
        java.nio.charset.StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"ready".equals(line)) {
      p.destroyForcibly();
      throw new AssertionError("the store process did not start: " + line);
    }
    return p;
  }
}
