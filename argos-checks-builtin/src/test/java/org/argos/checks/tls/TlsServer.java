package org.argos.checks.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A real TLS server on a loopback port for the TLS probe's tests: TLS from the first byte, or after a STARTTLS
 * dialogue of SMTP, IMAP, POP3 or XMPP written here (GreenMail 2.1, the mail server of our other tests, offers none:
 * its SMTP has no STARTTLS command, its POP3 no STLS and its IMAP no STARTTLS). The plain-text side speaks the
 * protocol as real servers do (greeting, capabilities, the upgrade reply); {@link Mode} makes it misbehave.
 */
public final class TlsServer implements AutoCloseable {
  /** How the server behaves. */
  public enum Mode {
    /** Greets, offers STARTTLS and upgrades. */
    NORMAL,
    /** Greets but does not offer STARTTLS (SMTP, XMPP) or refuses it (IMAP, POP3). */
    REFUSE,
    /** Greets with one endless line. */
    ENDLESS_LINE,
    /** Accepts and never says a word. */
    SILENT,
    /** Accepts and closes the connection at once. */
    CLOSE,
    /** Starts a TLS record after the client's hello, then sends one byte of it every 100 ms, for ever. */
    TRICKLE
  }

  private final ServerSocket listener;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final SSLContext tls;
  private final String[] protocols;
  private final String protocol;
  private final Mode mode;
  /** The SNI host names the server was sent, one per handshake. */
  public final List<String> sniSeen = new CopyOnWriteArrayList<>();
  /** What clients sent before the upgrade, line by line (XMPP: element by element). */
  public final List<String> commandsSeen = new CopyOnWriteArrayList<>();

  /**
   * @param protocol "tls" for TLS from the first byte, else "smtp", "imap", "pop3" or "xmpp"
   * @param tlsVersions the versions the server accepts, e.g. TLSv1.3 and TLSv1.2
   */
  public TlsServer(TestChain certificates, String protocol, Mode mode, String... tlsVersions) throws Exception {
    this(InetAddress.getLoopbackAddress(), certificates, protocol, mode, tlsVersions);
  }

  /** @param address the loopback address to listen on (127.0.0.1 or ::1) */
  public TlsServer(InetAddress address, TestChain certificates, String protocol, Mode mode, String... tlsVersions)
      throws Exception {
    this(address, 0, certificates, protocol, mode, tlsVersions);
  }

  /**
   * @param address the loopback address to listen on (127.0.0.1, 127.0.0.2, ::1)
   * @param port the port, or 0 for any free one (servers on several addresses of one name share a port)
   */
  public TlsServer(InetAddress address, int port, TestChain certificates, String protocol, Mode mode,
      String... tlsVersions) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(certificates.keyStore, TestChain.PASSWORD);
    this.tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    this.protocols = tlsVersions.length == 0 ? new String[] {"TLSv1.3", "TLSv1.2"} : tlsVersions;
    this.protocol = protocol;
    this.mode = mode;
    this.listener = new ServerSocket(port, 50, address);
    threads.submit(this::acceptLoop);
  }

  public int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        threads.submit(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket plain) {
    try (plain) {
      if (mode == Mode.CLOSE) {
        return;
      }
      if (mode == Mode.TRICKLE) {
        plain.getInputStream().read(new byte[4096]); // the client's hello, or its first part
        OutputStream out = plain.getOutputStream();
        out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00}); // a handshake record of 16 KiB, never finished
        while (true) {
          out.write(0x02);
          out.flush();
          Thread.sleep(100);
        }
      }
      if (mode == Mode.SILENT) {
        plain.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return;
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = plain.getOutputStream();
      if (!protocol.equals("tls") && !dialogue(in, out)) {
        return;
      }
      SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
      secure.setUseClientMode(false);
      secure.setEnabledProtocols(protocols);
      SSLParameters params = secure.getSSLParameters();
      // noted while the client's hello is read, so before the client can see the handshake end
      params.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
        @Override
        public boolean matches(SNIServerName name) {
          sniSeen.add(name instanceof SNIHostName h ? h.getAsciiName() : new SNIHostName(name.getEncoded()).getAsciiName());
          return true;
        }
      }));
      secure.setSSLParameters(params);
      secure.startHandshake();
      secure.getOutputStream().write("hello over TLS\r\n".getBytes(StandardCharsets.UTF_8));
      secure.getOutputStream().flush();
      secure.getInputStream().read(); // until the probe closes
    } catch (IOException | InterruptedException e) {
      // the probe hung up, or the test ended
    }
  }

  /** @return true when the dialogue ends in an agreed upgrade */
  private boolean dialogue(BufferedReader in, OutputStream out) throws IOException {
    if (mode == Mode.ENDLESS_LINE) {
      // no line end and no '>': endless for every dialogue
      byte[] chunk = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
      while (true) {
        out.write(chunk);
      }
    }
    boolean offer = mode == Mode.NORMAL;
    switch (protocol) {
      case "smtp" -> {
        send(out, "220-mail.argos.test ESMTP test server\r\n220 ready\r\n");
        String ehlo = read(in);
        if (ehlo == null || !ehlo.startsWith("EHLO ")) {
          send(out, "500 expected EHLO\r\n");
          return false;
        }
        send(out, "250-mail.argos.test greets " + ehlo.substring(5) + "\r\n250-PIPELINING\r\n"
            + (offer ? "250-STARTTLS\r\n" : "") + "250 8BITMIME\r\n");
        if (!"STARTTLS".equals(read(in))) {
          return false;
        }
        send(out, "220 2.0.0 go ahead\r\n");
        return true;
      }
      case "imap" -> {
        send(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS] test server ready\r\n");
        String cmd = read(in);
        if (cmd != null && cmd.toUpperCase(java.util.Locale.ROOT).endsWith(" CAPABILITY")) { // OpenSSL's client asks
          send(out, "* CAPABILITY IMAP4rev1" + (offer ? " STARTTLS" : "") + "\r\n" + cmd.substring(0, cmd.indexOf(' '))
              + " OK CAPABILITY completed\r\n");
          cmd = read(in);
        }
        if (cmd == null || cmd.indexOf(' ') < 0) {
          return false;
        }
        String tag = cmd.substring(0, cmd.indexOf(' '));
        if (!offer) {
          send(out, tag + " BAD STARTTLS not available\r\n");
          return false;
        }
        send(out, "* CAPABILITY IMAP4rev1\r\n" + tag + " OK begin TLS now\r\n");
        return cmd.endsWith(" STARTTLS");
      }
      case "pop3" -> {
        send(out, "+OK POP3 test server ready\r\n");
        String cmd = read(in);
        if (!offer || !"STLS".equals(cmd)) {
          send(out, "-ERR no STLS here\r\n");
          return false;
        }
        send(out, "+OK begin TLS negotiation\r\n");
        return true;
      }
      case "xmpp" -> {
        String header = readXml(in, "'>");
        commandsSeen.add(header);
        int to = header.indexOf("to='");
        String domain = to < 0 ? "argos.test" : header.substring(to + 4, header.indexOf('\'', to + 4));
        send(out, "<?xml version='1.0'?><stream:stream from='" + domain + "' id='s1' version='1.0' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams'><stream:features>"
            + (offer ? "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>" : "")
            + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>"
            + "</stream:features>");
        String starttls = readXml(in, "/>");
        commandsSeen.add(starttls);
        send(out, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        return true;
      }
      default -> throw new IllegalStateException(protocol);
    }
  }

  private String read(BufferedReader in) throws IOException {
    String line = in.readLine();
    if (line != null) {
      commandsSeen.add(line);
    }
    return line;
  }

  /** Reads characters until the text ends with the marker (the client sends no line ends in XMPP). */
  private static String readXml(BufferedReader in, String end) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      sb.append((char) c);
      if (sb.toString().endsWith(end)) {
        break;
      }
    }
    return sb.toString();
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing a listening socket does not fail in a way a test cares about
    }
    threads.shutdownNow();
  }
}
