package org.argos.notify;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A STARTTLS front for GreenMail's plain SMTP server, which does not offer STARTTLS itself: it answers EHLO with
 * {@code STARTTLS}, upgrades the connection with GreenMail's own test certificate, then relays the rest of the
 * session (EHLO, AUTH, MAIL, DATA...) to GreenMail unchanged. Everything after the upgrade is the real server.
 */
final class StartTlsFront implements AutoCloseable {
  private final ServerSocket server;
  private final int smtpPort;
  private final SSLContext tls;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  final AtomicInteger upgraded = new AtomicInteger();

  StartTlsFront(int smtpPort) throws Exception {
    this.smtpPort = smtpPort;
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
    tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      write(out, "220 starttls-front ESMTP");
      while (true) {
        String line = readLine(in);
        if (line == null) {
          return;
        }
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
        if (verb.equals("EHLO")) {
          write(out, "250-starttls-front\r\n250 STARTTLS");
        } else if (line.equalsIgnoreCase("STARTTLS")) {
          write(out, "220 Ready to start TLS");
          break;
        } else if (verb.equals("QUIT")) {
          write(out, "221 Bye");
          return;
        } else {
          write(out, "530 Must issue a STARTTLS command first");
        }
      }
      SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client, null, client.getPort(), true);
      secure.setUseClientMode(false);
      secure.startHandshake();
      upgraded.incrementAndGet();
      try (secure; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), smtpPort)) {
        InputStream up = upstream.getInputStream();
        // GreenMail greets; the client already had our greeting, so drop it.
        String greeting;
        do {
          greeting = readLine(up);
        } while (greeting != null && greeting.startsWith("220-"));
        var back = threads.submit(() -> pipe(up, secure.getOutputStream()));
        pipe(secure.getInputStream(), upstream.getOutputStream());
        back.cancel(true);
      }
    } catch (IOException e) {
      // a client that hangs up mid-session ends the relay; the test sees it from the client side
    }
  }

  private static Void pipe(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed
    }
    return null;
  }

  private static void write(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Byte by byte, so nothing of the TLS handshake that follows STARTTLS is swallowed by a buffer. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        String s = line.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
