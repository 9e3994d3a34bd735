package org.argos.checks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.RawServer;
import org.junit.jupiter.api.Test;

/** The probe against servers that misbehave: trickling, huge, cut short; and IP family forcing on 127.0.0.1 / ::1. */
class HttpProbeAdversarialTest {
  private static final long MIB = 1024 * 1024;

  static ProbeRequest request(String url, Duration timeout, IpVersion ip) {
    return new ProbeRequest(url, "GET", RequestData.NONE, ip, timeout, false, 5);
  }

  @Test
  void aTricklingServerCannotExtendTheTimeout() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    // One byte every 100 ms of a 10,000-byte body: each read is quick, so only a whole-call deadline ends it.
    try (RawServer server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n");
      for (int i = 0; i < 10_000 && !stop.await(100, TimeUnit.MILLISECONDS); i++) {
        srv.write(out, new byte[] {'x'});
        out.flush();
      }
    }); HttpProbe probe = HttpProbe.builder().build()) {
      ProbeResponse r = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> probe.execute(request(server.url("/"), Duration.ofSeconds(1), IpVersion.IPV4)));
      stop.countDown();
      assertThat(r.error()).isNotNull();
      assertThat(r.error().kind()).isEqualTo("timeout");
      assertThat(r.status()).as("the status line arrived before the timeout").isEqualTo(200);
      assertThat(r.body().length).isLessThan(10_000);
      assertThat(server.bytesWritten.get()).isLessThan(10_000);
    }
  }

  @Test
  void aHundredMebibyteBodyIsCappedAndNeverBuffered() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + (100 * MIB) + "\r\n\r\n");
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'a');
      for (long sent = 0; sent < 100 * MIB; sent += chunk.length) {
        srv.write(out, chunk);
      }
    }); HttpProbe probe = HttpProbe.builder().build()) {
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      ProbeResponse r = probe.execute(request(server.url("/big"), Duration.ofSeconds(60), IpVersion.IPV4));
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertThat(r.error()).isNull();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().length).isEqualTo(HttpProbe.DEFAULT_BODY_CAP);
      assertThat(r.bodyTruncated()).isTrue();
      assertThat(allocated).as("bytes allocated by the probing thread").isLessThan(48 * MIB);
      // The rest of the body is never read: the connection is dropped, so the server cannot send it all.
      assertThat(server.bytesWritten.get()).isLessThan(100 * MIB);
    }
  }

  @Test
  void aGzipBombIsCappedAfterDecompression() throws Exception {
    java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 64; i++) {
        gz.write(zeros);
      }
    }
    byte[] bomb = compressed.toByteArray();
    try (RawServer server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + bomb.length + "\r\n\r\n");
      srv.write(out, bomb);
    }); HttpProbe probe = HttpProbe.builder().bodyCap(MIB).build()) {
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      ProbeResponse r = probe.execute(request(server.url("/"), Duration.ofSeconds(30), IpVersion.IPV4));
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertThat(bomb.length).as("the bomb is small on the wire").isLessThan((int) MIB);
      assertThat(r.error()).isNull();
      assertThat(r.body()).hasSize((int) MIB);
      assertThat(r.bodyTruncated()).isTrue();
      assertThat(allocated).as("64 MiB once inflated, never held").isLessThan(24 * MIB);
    }
  }

  @Test
  void aStackedGzipBombIsCappedAfterDecompression() throws Exception {
    java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 256; i++) {
        gz.write(zeros);
      }
    }
    byte[] bomb = ConformanceCases.gzip(ConformanceCases.gzip(compressed.toByteArray())); // 256 MiB in three layers
    try (RawServer server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip, x-gzip\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
          + Integer.toHexString(bomb.length) + "\r\n");
      srv.write(out, bomb);
      srv.write(out, "\r\n0\r\n\r\n");
    }); HttpProbe probe = HttpProbe.builder().bodyCap(MIB).build()) {
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      ProbeResponse r = probe.execute(request(server.url("/"), Duration.ofSeconds(30), IpVersion.IPV4));
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertThat(bomb.length).as("the bomb is small on the wire").isLessThan(64 * 1024);
      assertThat(r.error()).isNull();
      assertThat(r.body()).hasSize((int) MIB);
      assertThat(r.bodyTruncated()).isTrue();
      assertThat(allocated).as("256 MiB once inflated, never held").isLessThan(24 * MIB);
    }
  }

  @Test
  void aCodedBodyThatDecodesToNothingIsCappedOnTheWire() throws Exception {
    // A gzip header whose file name never ends: megabytes that decode to no byte at all, so only a cap on what is
    // read off the wire (not on what is decoded) stops the probe from reading until the timeout.
    long total = 64 * MIB;
    try (RawServer server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + (10 + total) + "\r\n\r\n");
      srv.write(out, new byte[] {0x1f, (byte) 0x8b, 8, 8, 0, 0, 0, 0, 0, 3}); // FNAME set
      byte[] name = new byte[64 * 1024];
      java.util.Arrays.fill(name, (byte) 'n');
      for (long sent = 0; sent < total; sent += name.length) {
        srv.write(out, name);
      }
    }); HttpProbe probe = HttpProbe.builder().bodyCap(MIB).build()) {
      ProbeResponse r = probe.execute(request(server.url("/"), Duration.ofSeconds(60), IpVersion.IPV4));
      assertThat(r.error()).isNull();
      assertThat(r.body()).isEmpty();
      assertThat(r.bodyTruncated()).as("stopped by the cap, not by the end of the body").isTrue();
      assertThat(server.bytesWritten.get()).as("the rest is never read").isLessThan(total);
    }
  }

  @Test
  void aSmallerCapIsHonouredAndABodyOfExactlyTheCapIsNotTruncated() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      // Chunked, with no length announced: the cap must hold without knowing the size in advance.
      srv.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      String size = s.getLocalPort() > 0 && srv.connections.get() == 1 ? "100" : "80";
      srv.write(out, Integer.toHexString(Integer.parseInt(size)) + "\r\n" + "b".repeat(Integer.parseInt(size)) + "\r\n0\r\n\r\n");
      out.flush();
    }); HttpProbe probe = HttpProbe.builder().bodyCap(80).build()) {
      ProbeResponse first = probe.execute(request(server.url("/"), Duration.ofSeconds(10), IpVersion.IPV4));
      assertThat(first.body()).hasSize(80);
      assertThat(first.bodyTruncated()).isTrue();
      ProbeResponse second = probe.execute(request(server.url("/"), Duration.ofSeconds(10), IpVersion.IPV4));
      assertThat(second.body()).hasSize(80);
      assertThat(second.bodyTruncated()).isFalse();
    }
  }

  @Test
  void aConnectionClosedMidResponseIsAResetThatKeepsWhatArrived() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nX-Partial: yes\r\n\r\nonly ten b");
      out.flush();
    }); HttpProbe probe = HttpProbe.builder().build()) {
      ProbeResponse r = probe.execute(request(server.url("/"), Duration.ofSeconds(10), IpVersion.IPV4));
      assertThat(r.error()).isNotNull();
      assertThat(r.error().kind()).isEqualTo("reset");
      assertThat(r.error().message()).contains("body");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-partial")).isEqualTo("yes");
    }
  }

  @Test
  void aConnectionClosedBeforeAnyResponseIsAReset() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> RawServer.readRequestHead(s));
        HttpProbe probe = HttpProbe.builder().build()) {
      ProbeResponse r = probe.execute(request(server.url("/"), Duration.ofSeconds(10), IpVersion.IPV4));
      assertThat(r.error()).isNotNull();
      assertThat(r.error().kind()).isEqualTo("reset");
      assertThat(r.status()).isZero();
    }
  }

  @Test
  void anInMemoryResolverRunsOnTheProbingThreadAndABlockingOneDoesNot() throws Exception {
    try (RawServer server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      srv.write(s.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    })) {
      String url = server.url("/").replace("127.0.0.1", "named.argos.test");
      for (boolean inMemory : new boolean[] {true, false}) {
        java.util.concurrent.atomic.AtomicReference<Thread> resolvedOn = new java.util.concurrent.atomic.AtomicReference<>();
        HostResolver base = host -> {
          resolvedOn.set(Thread.currentThread());
          return List.of(InetAddress.getByName("127.0.0.1"));
        };
        HostResolver resolver = inMemory ? HostResolver.inMemory(base) : base;
        assertThat(resolver.mayBlock()).isEqualTo(!inMemory);
        try (HttpProbe probe = HttpProbe.builder().resolver(resolver).build()) {
          ProbeResponse r = probe.execute(request(url, Duration.ofSeconds(10), IpVersion.IPV4));
          assertThat(r.error()).isNull();
          assertThat(r.timings().dns()).isNotNull();
          assertThat(resolvedOn.get() == Thread.currentThread()).as("resolved on the probing thread").isEqualTo(inMemory);
        }
      }
    }
  }

  @Test
  void aResolverThatHangsIsBoundedByTheTimeout() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (HttpProbe probe = HttpProbe.builder().resolver(host -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of(InetAddress.getByName("127.0.0.1"));
    }).build()) {
      ProbeResponse r = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> probe.execute(request("http://slow-dns.argos.test/", Duration.ofMillis(500), IpVersion.IPV4)));
      assertThat(r.error()).isNotNull();
      assertThat(r.error().kind()).isEqualTo("timeout");
    } finally {
      never.countDown();
    }
  }

  @Test
  void anInterruptedProbeThrowsInterruptedException() throws Exception {
    CountDownLatch responding = new CountDownLatch(1);
    CountDownLatch stop = new CountDownLatch(1);
    try (RawServer server = new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
      out.flush();
      responding.countDown();
      stop.await();
    }); HttpProbe probe = HttpProbe.builder().build()) {
      CompletableFuture<Object> outcome = new CompletableFuture<>();
      // The engine runs probes on virtual threads, whose socket reads an interrupt does break.
      Thread t = Thread.ofVirtual().start(() -> {
        try {
          outcome.complete(probe.execute(request(server.url("/"), Duration.ofSeconds(60), IpVersion.IPV4)));
        } catch (Throwable e) {
          outcome.complete(e);
        }
      });
      assertThat(responding.await(30, TimeUnit.SECONDS)).isTrue();
      t.interrupt();
      assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    } finally {
      stop.countDown();
    }
  }

  /** Two servers on the same port, one on 127.0.0.1 and one on ::1, each saying which family reached it. */
  @Test
  void forcesTheIpFamily() throws Exception {
    HttpServer v4 = null;
    HttpServer v6 = null;
    for (int attempt = 0; v6 == null && attempt < 10; attempt++) {
      v4 = server(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), "v4");
      try {
        v6 = server(new InetSocketAddress(InetAddress.getByName("::1"), v4.getAddress().getPort()), "v6");
      } catch (BindException e) {
        v4.stop(0);
      }
    }
    assertThat(v6).as("a ::1 server on the same port as the 127.0.0.1 one").isNotNull();
    int port = v4.getAddress().getPort();
    try (HttpProbe probe = HttpProbe.builder().resolver(host -> switch (host) {
      case "both.argos.test" -> List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1"));
      case "v4only.argos.test" -> List.of(InetAddress.getByName("127.0.0.1"));
      default -> throw new java.net.UnknownHostException(host);
    }).build()) {
      ProbeResponse over4 = probe.execute(request("http://both.argos.test:" + port + "/", Duration.ofSeconds(10), IpVersion.IPV4));
      ProbeResponse over6 = probe.execute(request("http://both.argos.test:" + port + "/", Duration.ofSeconds(10), IpVersion.IPV6));
      assertThat(over4.bodyText()).isEqualTo("v4");
      assertThat(over6.bodyText()).isEqualTo("v6");

      ProbeResponse literal6 = probe.execute(request("http://[::1]:" + port + "/", Duration.ofSeconds(10), IpVersion.IPV6));
      assertThat(literal6.bodyText()).isEqualTo("v6");
      ProbeResponse literal4 = probe.execute(request("http://127.0.0.1:" + port + "/", Duration.ofSeconds(10), IpVersion.IPV4));
      assertThat(literal4.bodyText()).isEqualTo("v4");

      ProbeResponse none = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> probe.execute(request("http://v4only.argos.test:" + port + "/", Duration.ofSeconds(10), IpVersion.IPV6)));
      assertThat(none.error()).isNotNull();
      assertThat(none.error().kind()).isEqualTo("no-address");
      assertThat(none.error().message()).contains("v4only.argos.test", "IPv6");

      ProbeResponse wrongLiteral = probe.execute(request("http://127.0.0.1:" + port + "/", Duration.ofSeconds(10), IpVersion.IPV6));
      assertThat(wrongLiteral.error()).isNotNull();
      assertThat(wrongLiteral.error().kind()).isEqualTo("no-address");
      ProbeResponse wrongLiteral6 = probe.execute(request("http://[::1]:" + port + "/", Duration.ofSeconds(10), IpVersion.IPV4));
      assertThat(wrongLiteral6.error().kind()).isEqualTo("no-address");
    } finally {
      v4.stop(0);
      v6.stop(0);
    }
  }

  private static HttpServer server(InetSocketAddress address, String answer) throws IOException {
    HttpServer s = HttpServer.create(address, 0);
    s.createContext("/", ex -> {
      byte[] b = answer.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    });
    s.start();
    return s;
  }

  @Test
  void neverThrowsOnAnUnusableUrl() throws Exception {
    try (HttpProbe probe = HttpProbe.builder().build()) {
      ProbeResponse r = probe.execute(request("http://exa mple.argos.test/", Duration.ofSeconds(1), IpVersion.IPV4));
      assertThat(r.error()).isNotNull();
      assertThat(r.error().kind()).isEqualTo("invalid-request");
    }
    try (HttpProbe probe = HttpProbe.builder().build()) {
      // a request of another scheme is another probe's (the engine routes by scheme): handed one anyway, it answers
      ProbeResponse other = probe.execute(request("ftp://x/", Duration.ofSeconds(1), IpVersion.IPV4));
      assertThat(other.error()).isNotNull();
      assertThat(other.error().kind()).isEqualTo("invalid-request");
    }
    assertThatThrownBy(() -> request("not a url", Duration.ofSeconds(1), IpVersion.IPV4))
        .isInstanceOf(org.argos.api.InvalidSiteException.class);
  }
}
