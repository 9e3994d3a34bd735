package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.argos.api.IpVersion;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.PushBeat;
import org.argos.api.store.PushHeartbeats;
import org.argos.testkit.ProbeTargets;
import org.argos.testkit.TcpRelay;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The probe kit's targets for the push probe, whose I/O is the store: one {@link JdbcStore} per behaviour, each on the
 * same PostgreSQL database, and a {@link #heartbeats()} that hands each push site to its store by the site's name, so
 * that one probe meets all of them at once as the kit asks.
 *
 * <ul>
 *   <li>answering: a pooled store through an open {@link TcpRelay}; {@code push://answer-<token>} has a recorded call
 *       whose message is the token.
 *   <li>refusing: a store whose connections go to a loopback port where nothing listens.
 *   <li>closing: a store whose connections go to a relay that is {@link TcpRelay#cut() cut} (accepts, then closes).
 *   <li>silent: a store whose connections go to a {@link TcpRelay#blackHole() black-holed} relay (accepts, never
 *       answers).
 *   <li>trickling: a store whose connections go to a server that starts PostgreSQL's answer to the login, an error
 *       message it announces as 1 MiB long, and sends one byte of it every 50 ms, so the driver's read timeout never
 *       fires.
 *   <li>endless: {@code push://endless}, whose job sent a 100,000-character message; the web side cuts it to
 *       {@link PushBeat#MAX_MESSAGE} when recording, so this is the longest answer the store can give.
 * </ul>
 *
 * <p>The misbehaving stores take connections from a {@link PGSimpleDataSource} (no pool), first pointed at the real
 * server so the store can be built, then at the misbehaving port: each read opens a connection there, in the probe's
 * own thread, and the store's long default timeouts (no socket timeout at all) leave the bound to the probe.
 */
final class PushProbeTargets implements ProbeTargets {
  private final TcpRelay answeringRelay;
  private final TcpRelay closingRelay;
  private final TcpRelay silentRelay;
  private final ServerSocket trickle;
  private final Set<Socket> trickled = ConcurrentHashMap.newKeySet();
  private final JdbcStore answering;
  private final JdbcStore refusing;
  private final JdbcStore closing;
  private final JdbcStore silent;
  private final JdbcStore trickling;

  PushProbeTargets(String database) throws IOException {
    int pgPort = Integer.parseInt(PostgresDatabases.PORT);
    answeringRelay = new TcpRelay(PostgresDatabases.HOST, pgPort);
    closingRelay = new TcpRelay(PostgresDatabases.HOST, pgPort);
    silentRelay = new TcpRelay(PostgresDatabases.HOST, pgPort);
    trickle = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("kit-pg-trickle").start(this::acceptTrickle);
    answering = JdbcStore.postgres("postgresql://" + PostgresDatabases.USER + "@127.0.0.1:" + answeringRelay.port()
        + "/" + database).poolSize(4).poolName("push-kit").build();
    int refused;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refused = s.getLocalPort();
    }
    refusing = store(database, refused);
    closing = store(database, closingRelay.port());
    silent = store(database, silentRelay.port());
    trickling = store(database, trickle.getLocalPort());
    closingRelay.cut();
    silentRelay.blackHole();
    heartbeats("answering").recordPush("push://endless",
        PushBeat.cleaned(Instant.now(), true, "endless-" + "x".repeat(100_000)));
  }

  /** A store built on the real server, whose later connections go to {@code port}. */
  private static JdbcStore store(String database, int port) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {PostgresDatabases.HOST});
    ds.setPortNumbers(new int[] {Integer.parseInt(PostgresDatabases.PORT)});
    ds.setDatabaseName(database);
    ds.setUser(PostgresDatabases.USER);
    JdbcStore store = JdbcStore.dataSource(ds).migrate(false).build(); // builds on a connection to the real server
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {port});
    return store;
  }

  /** @return the push heartbeats the probe reads: each site's from the store its name says */
  PushHeartbeats heartbeats() {
    return new PushHeartbeats() {
      @Override
      public void recordPush(String domain, PushBeat beat) {
        heartbeats(domain).recordPush(domain, beat);
      }

      @Override
      public Optional<PushBeat> lastPush(String domain) {
        return heartbeats(domain).lastPush(domain);
      }

      @Override
      public String pushSecret(String candidate) {
        return heartbeats("answering").pushSecret(candidate);
      }

      @Override
      public void replacePushSecret(String key) {
        heartbeats("answering").replacePushSecret(key);
      }
    };
  }

  private PushHeartbeats heartbeats(String domain) {
    String name = domain.replaceFirst("^push://", "");
    JdbcStore store = name.startsWith("refusing") ? refusing : name.startsWith("closing") ? closing
        : name.startsWith("silent") ? silent : name.startsWith("trickling") ? trickling : answering;
    return store.capability(PushHeartbeats.class).orElseThrow();
  }

  private static ProbeRequest request(String name, Duration timeout) {
    return ProbeRequest.of("push://" + name, IpVersion.IPV4, timeout);
  }

  @Override
  public ProbeRequest answering(String token, Duration timeout) {
    if (!token.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("a token is letters, digits and dashes, got " + token);
    }
    String name = "answer-" + token.toLowerCase(Locale.ROOT);
    heartbeats(name).recordPush("push://" + name, new PushBeat(Instant.now(), true, token));
    return request(name, timeout);
  }

  @Override
  public void assertAnswered(ProbeResponse response, String token) {
    assertThat(response.error()).as("transport error of the answer for %s", token).isNull();
    assertThat(response.attributes()).as("attributes of the answer for %s", token)
        .containsEntry("push.status", List.of("ok")).containsEntry("push.message", List.of(token))
        .containsKey("push.last");
    assertThat(response.body()).as("a push response has no body").isEmpty();
    assertThat(response.bodyTruncated()).isFalse();
    assertThat(response.headers()).isEmpty();
  }

  @Override
  public ProbeRequest refusing(Duration timeout) {
    return request("refusing", timeout);
  }

  @Override
  public ProbeRequest silent(Duration timeout) {
    return request("silent", timeout);
  }

  @Override
  public ProbeRequest trickling(Duration timeout) {
    return request("trickling", timeout);
  }

  @Override
  public ProbeRequest closing(Duration timeout) {
    return request("closing", timeout);
  }

  @Override
  public ProbeRequest endless(Duration timeout) {
    return request("endless", timeout);
  }

  private void acceptTrickle() {
    while (!trickle.isClosed()) {
      try {
        Socket s = trickle.accept();
        trickled.add(s);
        Thread.ofVirtual().name("kit-pg-trickling").start(() -> trickle(s));
      } catch (IOException e) {
        // closed: the loop ends
      }
    }
  }

  /**
   * Speaks PostgreSQL's protocol just far enough: no to TLS, then, to the startup message, an error message announced
   * as 1 MiB and sent one byte every 50 ms.
   */
  private void trickle(Socket s) {
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      int length = in.readInt();
      int code = in.readInt();
      if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest: not here
        out.write('N');
        out.flush();
        length = in.readInt();
        in.readInt();
      }
      in.skipNBytes(length - 8); // the rest of the startup message
      out.write('E');
      out.writeInt(1 << 20);
      out.flush();
      while (true) {
        out.write('S');
        out.flush();
        Thread.sleep(50);
      }
    } catch (IOException | InterruptedException e) {
      // the client went away, or the targets closed
    } finally {
      trickled.remove(s);
    }
  }

  @Override
  public void close() {
    for (AutoCloseable c : List.<AutoCloseable>of(answering, refusing, closing, silent, trickling, answeringRelay,
        closingRelay, silentRelay, trickle)) {
      try {
        c.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    for (Socket s : trickled) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
