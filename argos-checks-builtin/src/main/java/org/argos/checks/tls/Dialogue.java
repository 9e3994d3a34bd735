package org.argos.checks.tls;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The plain-text part of a STARTTLS upgrade on one socket: lines or bytes read one at a time (nothing read ahead, so
 * the first TLS byte stays in the socket), every read bounded by the deadline, and what the server said kept up to a
 * cap (the response body).
 */
final class Dialogue {
  /** The longest line read (SMTP allows 512 octets per reply line; servers add a little). */
  static final int MAX_LINE = 2048;
  /** The most bytes the whole dialogue may read before the upgrade, whatever the protocol. */
  static final int MAX_BYTES = 16 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final long deadline;
  private final ByteArrayOutputStream heard = new ByteArrayOutputStream();
  private int read;

  Dialogue(Socket socket, long deadline) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.deadline = deadline;
  }

  /** @return the next line without its CR LF; refused when longer than {@link #MAX_LINE} or past the byte budget */
  String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b = next();
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE) {
        throw new StartTlsException("the server sent a line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
  }

  /** @return the next byte; refused past the byte budget or at the end of the stream */
  int next() throws IOException {
    if (read >= MAX_BYTES) {
      throw new StartTlsException("the server sent more than " + MAX_BYTES + " bytes before the TLS upgrade");
    }
    socket.setSoTimeout(remainingMillis(deadline));
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the server closed the connection before the TLS upgrade");
    }
    read++;
    heard.write(b);
    return b;
  }

  void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** @return every byte the server sent before the upgrade */
  byte[] heard() {
    return heard.toByteArray();
  }

  /** @return the milliseconds left (at least 1, since 0 means "forever" to a socket), or throws when none are */
  static int remainingMillis(long deadline) throws SocketTimeoutException {
    long nanos = deadline - System.nanoTime();
    if (nanos <= 0) {
      throw new SocketTimeoutException("the probe's deadline passed");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
  }
}
