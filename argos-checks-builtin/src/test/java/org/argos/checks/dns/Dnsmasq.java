package org.argos.checks.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A real dnsmasq on 127.0.0.1 and a free port, started by the test with its records on the command line, in the
 * foreground (so it ends with the test), reading no host file and no upstream resolver. scripts/ensure-dnsmasq
 * installs it.
 */
final class Dnsmasq implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

  private final Process process;
  private final int port;

  private Dnsmasq(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** @param records dnsmasq options giving records ({@code --host-record=...}, {@code --mx-host=...}) */
  static Dnsmasq start(List<String> records) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: run scripts/ensure-dnsmasq (installs dnsmasq-base)");
    }
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--keep-in-foreground", "--port=" + port,
          "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--listen-address=127.0.0.1", "--bind-interfaces",
          "--pid-file=", "--log-facility=-", "--user=root"));
      cmd.addAll(records);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (listening(p, port)) {
        return new Dnsmasq(p, port);
      }
      p.destroyForcibly().waitFor();
      last = new IOException("dnsmasq did not start on port " + port + " (exit " + (p.isAlive() ? "-" : p.exitValue())
          + ")");
    }
    throw last;
  }

  /** @return the server option for this dnsmasq, {@code 127.0.0.1:port} */
  String server() {
    return "127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** @return a {@code --dns-rr} option with the RDATA of a CAA record ({@code 0 issue "ca.example"}) */
  static String caa(String name, int flags, String tag, String value) {
    byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
    byte[] v = value.getBytes(StandardCharsets.US_ASCII);
    StringBuilder hex = new StringBuilder(String.format(Locale.ROOT, "%02x:%02x", flags, t.length));
    for (byte b : t) {
      hex.append(String.format(Locale.ROOT, ":%02x", b));
    }
    for (byte b : v) {
      hex.append(String.format(Locale.ROOT, ":%02x", b));
    }
    return "--dns-rr=" + name + ",257," + hex;
  }

  /** @return a {@code --dns-rr} option with an NS record pointing to {@code target} */
  static String ns(String name, String target) {
    StringBuilder hex = new StringBuilder();
    for (String label : target.split("\\.")) {
      hex.append(String.format(Locale.ROOT, "%02x:", label.length()));
      for (byte b : label.getBytes(StandardCharsets.US_ASCII)) {
        hex.append(String.format(Locale.ROOT, "%02x:", b));
      }
    }
    return "--dns-rr=" + name + ",2," + hex.append("00");
  }

  private static int freePort() throws IOException {
    // a port free for both UDP and TCP, as dnsmasq binds both
    for (int i = 0; i < 20; i++) {
      try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        int port = udp.getLocalPort();
        try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free port for dnsmasq");
  }

  /** Waits (bounded) until dnsmasq accepts TCP connections on its port, or has exited. */
  private static boolean listening(Process p, int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!p.isAlive()) {
        return false;
      }
      try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
        return true;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    return false;
  }
}
