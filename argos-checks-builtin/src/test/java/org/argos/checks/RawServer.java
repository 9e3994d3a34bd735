package org.argos.checks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP server on 127.0.0.1 that answers each connection with a script written against the raw socket, for the
 * misbehaving servers WireMock cannot imitate (trickling, huge or cut bodies). Public for the probe's tests in
 * {@code org.argos.checks.http}.
 */
public final class RawServer implements AutoCloseable {
  public interface Script {
    void run(Socket socket, RawServer server) throws Exception;
  }

  private final ServerSocket socket;
  private final Thread acceptor;
  public final AtomicLong bytesWritten = new AtomicLong();
  public final AtomicLong connections = new AtomicLong();
  public volatile boolean writeFailed;

  public RawServer(Script script) throws IOException {
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    acceptor = Thread.ofVirtual().name("raw-server").start(() -> {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          Thread.ofVirtual().start(() -> {
            try (s) {
              script.run(s, this);
            } catch (Exception e) {
              writeFailed = true;
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  public String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  /** Reads the request head, so the client is not reset before it has sent its request. */
  public static void readRequestHead(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        return;
      }
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
  }

  public void write(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    bytesWritten.addAndGet(bytes.length);
  }

  public void write(OutputStream out, String text) throws IOException {
    write(out, text.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void close() throws IOException {
    socket.close();
    acceptor.interrupt();
  }
}
