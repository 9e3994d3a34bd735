package org.argos.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 in front of a server (typically a test PostgreSQL on loopback) that a test cuts,
 * black-holes and restores, to play a database outage for one client without stopping the shared server.
 *
 * <p>The relay listens on an ephemeral port of the loopback address only ({@link #port()}); each accepted connection
 * is forwarded to the target by two virtual threads, one per direction, so the relay costs no platform thread per
 * connection. A target that cannot be reached closes the client's connection at once.
 *
 * <ul>
 *   <li>{@link #cut()}: every connection is closed (the client sees it closed) and new ones are refused by closing
 *       them at once, as a database that went away and a port that refuses.
 *   <li>{@link #blackHole()}: every connection is dropped silently, as a network that loses the packets.
 *   <li>{@link #restore()}: new connections are forwarded again.
 *   <li>{@link #close()}: stops listening and closes every connection, including the black-holed ones.
 * </ul>
 */
public final class TcpRelay implements AutoCloseable {
  private enum Mode { OPEN, CUT, BLACK_HOLE }

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  /** Sockets of live connections, closed by a cut. */
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  /** Client sockets left unanswered by a black hole, closed only with the relay. */
  private final Set<Socket> swallowed = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.OPEN;

  /**
   * Starts listening on 127.0.0.1, on an ephemeral port.
   *
   * @param targetHost the host to forward to, typically {@code 127.0.0.1}
   * @param targetPort the port to forward to
   * @throws IOException if the listening socket cannot be bound
   */
  public TcpRelay(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofVirtual().name("relay-accept").start(this::acceptLoop);
  }

  /** @return the loopback port clients connect to instead of the target's */
  public int port() {
    return server.getLocalPort();
  }

  /** Drops every connection (the client sees it closed) and refuses new ones until {@link #restore()}. */
  public void cut() {
    mode = Mode.CUT;
    closeAll(open);
  }

  /**
   * Drops every connection silently, as a network that loses the packets: the server side is closed, the client side
   * never hears of it and waits. New connections are accepted and never answered until {@link #restore()}; the ones
   * dropped stay dead after it.
   */
  public void blackHole() {
    mode = Mode.BLACK_HOLE;
    for (Socket s : open) {
      if (s.getLocalPort() == port()) { // the client side: keep it open, unanswered
        swallowed.add(s);
      }
    }
    for (Socket s : open) {
      if (!swallowed.contains(s)) {
        closeQuietly(s);
      }
    }
  }

  /** Ends a {@link #cut()} or {@link #blackHole()}: new connections are forwarded again. */
  public void restore() {
    mode = Mode.OPEN;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        continue; // closed: the loop ends
      }
      switch (mode) {
        case CUT -> closeQuietly(client);
        case BLACK_HOLE -> swallowed.add(client);
        case OPEN -> connect(client);
      }
    }
  }

  private void connect(Socket client) {
    Socket upstream;
    try {
      upstream = new Socket(targetHost, targetPort);
    } catch (IOException e) {
      closeQuietly(client); // the client sees its connection fail
      return;
    }
    open.add(client);
    open.add(upstream);
    if (mode != Mode.OPEN) { // a cut or black hole began while connecting: it missed these two
      open.remove(client);
      open.remove(upstream);
      closeQuietly(upstream);
      if (mode == Mode.BLACK_HOLE) {
        swallowed.add(client);
      } else {
        closeQuietly(client);
      }
      return;
    }
    Thread.ofVirtual().name("relay-up").start(() -> pipe(client, upstream));
    Thread.ofVirtual().name("relay-down").start(() -> pipe(upstream, client));
  }

  private void pipe(Socket from, Socket to) {
    byte[] buf = new byte[16384];
    try {
      // not closed here: closing a socket's stream closes the socket, which a black hole keeps open
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // one side went away
    } finally {
      open.remove(from);
      open.remove(to);
      if (!swallowed.contains(from)) {
        closeQuietly(from);
      }
      if (!swallowed.contains(to)) {
        closeQuietly(to);
      }
    }
  }

  private static void closeAll(Set<Socket> sockets) {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Stops listening and closes every connection, the black-holed ones included. */
  @Override
  public void close() throws IOException {
    server.close();
    mode = Mode.CUT;
    closeAll(open);
    closeAll(swallowed);
  }
}
