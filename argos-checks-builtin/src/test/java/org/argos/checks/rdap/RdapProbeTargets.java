package org.argos.checks.rdap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.argos.api.IpVersion;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.testkit.ProbeTargets;

/**
 * RDAP servers on 127.0.0.1 that behave as the probe kit asks, each given to the domain probe as the {@code server}
 * option: one answers {@code <token>.org} with a domain object whose registrar is the token; the others never answer,
 * send headers then a byte now and then, close the connection at once, or send a body without end.
 */
final class RdapProbeTargets implements ProbeTargets {
  private final HttpServer http;
  private final ServerSocket closing;
  private final int refused;
  private final CountDownLatch stop = new CountDownLatch(1);

  RdapProbeTargets() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    http = HttpServer.create(new InetSocketAddress(lo, 0), 100);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.createContext("/answer/domain/", ex -> {
      String domain = ex.getRequestURI().getPath().substring("/answer/domain/".length());
      String token = domain.substring(0, domain.indexOf('.'));
      byte[] body = RdapServer.domainObject(domain, "2030-01-01T00:00:00Z", token).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    http.createContext("/silent/", ex -> await());
    http.createContext("/trickle/", ex -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        while (stop.getCount() > 0) {
          out.write(' ');
          out.flush();
          Thread.sleep(50);
        }
      } catch (IOException | InterruptedException gone) {
        // the probe went away
      }
    });
    http.createContext("/endless/", ex -> {
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[16 * 1024];
      Arrays.fill(chunk, (byte) ' ');
      try (OutputStream out = ex.getResponseBody()) {
        out.write('{');
        while (stop.getCount() > 0) {
          out.write(chunk);
        }
      } catch (IOException gone) {
        // the probe stopped reading
      }
    });
    http.start();
    closing = new ServerSocket(0, 50, lo);
    Thread.ofVirtual().start(() -> {
      while (!closing.isClosed()) {
        try (Socket s = closing.accept()) {
          s.setSoLinger(true, 0);
        } catch (IOException closed) {
          return;
        }
      }
    });
    try (ServerSocket free = new ServerSocket(0, 1, lo)) {
      refused = free.getLocalPort();
    }
  }

  private void await() {
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ProbeRequest request(String domain, String server, Duration timeout) {
    return ProbeRequest.of("domain://" + domain, IpVersion.IPV4, timeout).withOption("server", server);
  }

  private String base(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/" + path + "/";
  }

  @Override
  public ProbeRequest answering(String token, Duration timeout) {
    return request(token.toLowerCase(Locale.ROOT) + ".org", base("answer"), timeout);
  }

  @Override
  public void assertAnswered(ProbeResponse response, String token) {
    assertThat(response.error()).as("error").isNull();
    assertThat(response.attribute("rdap.domain")).isEqualTo(token.toLowerCase(Locale.ROOT) + ".org");
    assertThat(response.attribute("rdap.registrar")).isEqualTo(token.toLowerCase(Locale.ROOT));
    assertThat(response.attribute("rdap.expiration")).isEqualTo("2030-01-01T00:00:00Z");
  }

  @Override
  public ProbeRequest refusing(Duration timeout) {
    return request("refused.org", "http://127.0.0.1:" + refused + "/", timeout);
  }

  @Override
  public ProbeRequest silent(Duration timeout) {
    return request("silent.org", base("silent"), timeout);
  }

  @Override
  public ProbeRequest trickling(Duration timeout) {
    return request("trickle.org", base("trickle"), timeout);
  }

  @Override
  public ProbeRequest closing(Duration timeout) {
    return request("closing.org", "http://127.0.0.1:" + closing.getLocalPort() + "/", timeout);
  }

  @Override
  public ProbeRequest endless(Duration timeout) {
    return request("endless.org", base("endless"), timeout);
  }

  @Override
  public void close() {
    stop.countDown();
    http.stop(0);
    try {
      closing.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
