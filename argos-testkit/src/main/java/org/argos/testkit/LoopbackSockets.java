package org.argos.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plain socket servers on 127.0.0.1 for the probe targets: each connection is handled on a virtual thread, and every
 * one of them ends on {@link #close()}.
 */
final class LoopbackSockets implements AutoCloseable {
  /** What a server does with one connection; whatever it throws ends only that connection. */
  interface Handler {
    void handle(Socket socket) throws Exception;
  }

  final InetAddress loopback = InetAddress.getLoopbackAddress();
  final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();

  /** @return a port where nothing listens (bound, then closed again; another process could take it meanwhile) */
  int refusedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
      return s.getLocalPort();
    }
  }

  /** @return the port of a new server handling each connection with {@code handler} */
  int serve(Handler handler) throws IOException {
    // a backlog above the kit's 200 calls at once: with a server that speaks first, a connection past a full accept
    // queue looks open to the client, which then waits for a greeting that never comes (a read timeout)
    ServerSocket server = new ServerSocket(0, 1024, loopback);
    servers.add(server);
    connections.execute(() -> {
      while (!server.isClosed()) {
        Socket socket;
        try {
          socket = server.accept();
        } catch (IOException e) {
          return; // closed
        }
        open.add(socket);
        connections.execute(() -> {
          try (socket) {
            handler.handle(socket);
          } catch (Exception e) {
            // the probe closed the connection, or the targets are closing
          } finally {
            open.remove(socket);
          }
        });
      }
    });
    return server.getLocalPort();
  }

  @Override
  public void close() {
    for (ServerSocket s : servers) {
      try {
        s.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    connections.shutdownNow();
    try {
      if (!connections.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the kit's targets did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
