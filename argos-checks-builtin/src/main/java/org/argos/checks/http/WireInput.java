package org.argos.checks.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** The socket's bytes through one buffer, every read bounded by the deadline. */
final class WireInput {
  private final Socket socket;
  private final InputStream raw;
  private final long deadline;
  private final byte[] buf = new byte[8 * 1024];
  private int pos;
  private int limit;

  WireInput(Socket socket, long deadline) throws IOException {
    this.socket = socket;
    this.raw = socket.getInputStream();
    this.deadline = deadline;
  }

  /** @return false at the end of the stream */
  private boolean fill() throws IOException {
    socket.setSoTimeout(Http1Exchange.remainingMillis(deadline));
    int n = raw.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == limit) {
      if (len >= buf.length) {
        socket.setSoTimeout(Http1Exchange.remainingMillis(deadline));
        return raw.read(b, off, len);
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  /** The bytes of the last line read, its line end included. */
  int lineBytes;
  /** Whether the last line read was decoded as ISO-8859-1 (it has bytes of 0x80 and more, not valid UTF-8). */
  boolean lineLatin1;
  private byte @Nullable [] spill;

  /**
   * Reads a line ended by LF (a CR before it is dropped): as US-ASCII when it is, else as UTF-8 when valid, else as
   * ISO-8859-1. A NUL byte is refused, as curl does.
   *
   * @param max the longest line accepted
   * @param what what the line is part of, for the error when it is longer
   * @return the line, or null when the stream ends before its first byte
   */
  @Nullable String readLine(int max, String what) throws IOException {
    int spilled = 0;
    int start = pos;
    while (true) {
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          pos = i + 1;
          int n = i - start;
          if (spilled + n > max) {
            throw tooLong(max, what);
          }
          lineBytes = spilled + n + 1;
          if (spilled == 0) {
            int len = n > 0 && buf[i - 1] == '\r' ? n - 1 : n;
            return decode(buf, start, len, what);
          }
          byte[] line = spillRoom(spilled + n);
          System.arraycopy(buf, start, line, spilled, n);
          int len = spilled + n;
          if (len > 0 && line[len - 1] == '\r') {
            len--;
          }
          return decode(line, 0, len, what);
        }
      }
      int n = limit - start;
      if (spilled + n > max) {
        throw tooLong(max, what);
      }
      if (n > 0) {
        byte[] line = spillRoom(spilled + n);
        System.arraycopy(buf, start, line, spilled, n);
        spilled += n;
      }
      pos = limit;
      if (!fill()) {
        if (spilled == 0) {
          return null;
        }
        throw new EOFException("unexpected end of stream in the middle of a line");
      }
      start = 0;
    }
  }

  private String decode(byte[] b, int from, int len, String what) throws ProtocolException {
    // The JDK decodes ASCII (the common case) with one vectorised check and one copy; a replacement character
    // means malformed UTF-8, unless the bytes really held one.
    String line = new String(b, from, len, StandardCharsets.UTF_8);
    lineLatin1 = line.indexOf('\uFFFD') >= 0 && !ResponseHeads.isUtf8(b, from, from + len);
    if (lineLatin1) {
      line = new String(b, from, len, StandardCharsets.ISO_8859_1);
    }
    if (line.indexOf('\0') >= 0) {
      throw new ProtocolException("NUL byte in the " + what);
    }
    return line;
  }

  private byte[] spillRoom(int size) {
    byte[] s = spill;
    if (s == null || s.length < size) {
      byte[] bigger = new byte[Math.max(size, s == null ? 256 : Math.min(2 * s.length, Http1Exchange.MAX_LINE_BYTES + 1))];
      if (s != null) {
        System.arraycopy(s, 0, bigger, 0, s.length);
      }
      spill = bigger;
      return bigger;
    }
    return s;
  }

  private static ProtocolException tooLong(int max, String what) {
    return new ProtocolException(what + " longer than " + (what.equals("response head") ? Http1Exchange.MAX_HEAD_BYTES : max)
        + " bytes");
  }
}
