package org.argos.checks.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * Undoes the content and transfer codings of a response body, as curl {@code --compressed} does (libcurl with zlib):
 * {@code gzip} and its alias {@code x-gzip}, {@code deflate} (zlib-wrapped, or raw as some servers send it) and
 * {@code identity}, stacked up to five deep. A corrupt stream, a checksum that does not match, data after the end of
 * the stream or a coding it does not know is an error; a stream that merely stops early is not (curl delivers what it
 * decoded), so a server that cuts its gzip trailer is read as curl reads it.
 *
 * <p>Each decoder holds an {@link Inflater} (native memory): close the stream.
 */
final class ContentDecoding {
  /** As libcurl since 7.88 (CVE-2023-23916): more codings than this is refused rather than decoded. */
  static final int MAX_CODINGS = 5;

  private ContentDecoding() {}

  /** @return whether the coding is one {@link #decode} undoes; {@code identity} included */
  static boolean known(String coding) {
    return switch (coding) {
      case "gzip", "x-gzip", "deflate", "identity" -> true;
      default -> false;
    };
  }

  /**
   * @param codings the codings in the order the server applied them (lower case), identity included
   * @return the decoded stream (closing it closes {@code in})
   */
  static InputStream decode(InputStream in, List<String> codings) throws IOException {
    if (codings.size() > MAX_CODINGS) {
      throw new ProtocolException("more than " + MAX_CODINGS + " content codings: " + String.join(", ", codings));
    }
    for (String c : codings) {
      if (!known(c)) {
        throw new ProtocolException("unsupported content coding \"" + c + "\" (the probe decodes gzip, x-gzip, "
            + "deflate and identity)");
      }
    }
    InputStream s = in;
    for (int i = codings.size() - 1; i >= 0; i--) {
      s = switch (codings.get(i)) {
        case "gzip", "x-gzip" -> new Decoder(s, true);
        case "deflate" -> new Decoder(s, false);
        default -> s;
      };
    }
    return s;
  }

  /** Adds the lower-case codings of a header's values ({@code "gzip, x-gzip"}, one or more lines), in order. */
  static void split(List<String> values, List<String> into) {
    for (String v : values) {
      int start = 0;
      for (int i = 0; i <= v.length(); i++) {
        if (i == v.length() || v.charAt(i) == ',') {
          String c = v.substring(start, i).trim();
          if (!c.isEmpty()) {
            into.add(c.toLowerCase(Locale.ROOT));
          }
          start = i + 1;
        }
      }
    }
  }

  /** A gzip (RFC 1952) or deflate (RFC 1950 zlib, else raw RFC 1951) decoder over a stream. */
  private static final class Decoder extends InputStream {
    private final InputStream in;
    private final boolean gzip;
    private final byte[] input = new byte[8 * 1024];
    private final @Nullable CRC32 crc;
    private @Nullable Inflater inflater;
    private int inputLength;
    private boolean started;
    private boolean done;

    Decoder(InputStream in, boolean gzip) {
      this.in = in;
      this.gzip = gzip;
      this.crc = gzip ? new CRC32() : null;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!started) {
        started = true;
        if (!start()) {
          done = true;
        }
      }
      while (!done) {
        Inflater inf = inflater;
        int n;
        try {
          n = inf.inflate(b, off, len);
        } catch (DataFormatException e) {
          throw new ProtocolException("corrupt " + (gzip ? "gzip" : "deflate") + " body: " + e.getMessage());
        }
        if (n > 0) {
          if (crc != null) {
            crc.update(b, off, n);
          }
          return n;
        }
        if (inf.finished()) {
          finish(inf);
          done = true;
          break;
        }
        if (inf.needsDictionary()) {
          throw new ProtocolException("corrupt deflate body: it needs a preset dictionary");
        }
        if (inf.needsInput() && !fill(inf)) {
          done = true; // the stream stops early: curl delivers what it decoded, and so do we
          break;
        }
      }
      return -1;
    }

    /** Reads the header and sets up the inflater; @return false when the body is empty */
    private boolean start() throws IOException {
      if (gzip) {
        return gzipHeader();
      }
      int first = readInput();
      if (first <= 0) {
        return false;
      }
      if (inputLength < 2) {
        int more = in.read(input, inputLength, input.length - inputLength);
        if (more > 0) {
          inputLength += more;
        }
      }
      // zlib-wrapped when the two bytes are a valid zlib header (RFC 1950 §2.2), else raw deflate (as curl retries).
      int cmf = input[0] & 0xff;
      boolean zlib = inputLength >= 2 && (cmf & 0x0f) == 8 && (cmf >> 4) <= 7
          && ((cmf << 8) | (input[1] & 0xff)) % 31 == 0;
      inflater = new Inflater(!zlib);
      inflater.setInput(input, 0, inputLength);
      return true;
    }

    private boolean gzipHeader() throws IOException {
      HeaderReader h = new HeaderReader();
      int id1 = h.next();
      if (id1 < 0) {
        return false; // an empty body
      }
      int id2 = h.next();
      int cm = h.next();
      if (id1 != 0x1f || id2 != 0x8b || cm != 8) {
        if (id2 < 0 || cm < 0) {
          return false;
        }
        throw new ProtocolException("corrupt gzip body: incorrect header check");
      }
      int flags = h.next();
      for (int i = 0; i < 6; i++) {
        h.next(); // mtime, xfl, os
      }
      if ((flags & 4) != 0) { // FEXTRA
        int xlen = h.next() | (h.next() << 8);
        for (int i = 0; i < xlen; i++) {
          h.next();
        }
      }
      if ((flags & 8) != 0) { // FNAME
        while (h.next() > 0) {
          // zero-terminated
        }
      }
      if ((flags & 16) != 0) { // FCOMMENT
        while (h.next() > 0) {
          // zero-terminated
        }
      }
      if ((flags & 2) != 0) { // FHCRC
        h.next();
        h.next();
      }
      if (h.ended) {
        return false;
      }
      inflater = new Inflater(true);
      inflater.setInput(input, h.pos, inputLength - h.pos);
      return true;
    }

    /** Reads the gzip trailer (checked when complete) and refuses data after the stream. */
    private void finish(Inflater inf) throws IOException {
      int remaining = inf.getRemaining();
      int at = inputLength - remaining;
      if (gzip) {
        byte[] trailer = new byte[8];
        int got = 0;
        while (got < 8) {
          if (at < inputLength) {
            trailer[got++] = input[at++];
          } else {
            at = 0;
            if (readInput() <= 0) {
              return; // a cut trailer: tolerated, as curl does
            }
          }
        }
        long expectedCrc = le32(trailer, 0);
        long size = le32(trailer, 4);
        if ((crc != null && expectedCrc != crc.getValue()) || size != (inf.getBytesWritten() & 0xffffffffL)) {
          throw new ProtocolException("corrupt gzip body: the checksum or length in its trailer does not match");
        }
      }
      if (at < inputLength || in.read() >= 0) {
        throw new ProtocolException("data after the end of the " + (gzip ? "gzip" : "deflate") + " stream");
      }
    }

    private static long le32(byte[] b, int at) {
      return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private boolean fill(Inflater inf) throws IOException {
      if (readInput() <= 0) {
        return false;
      }
      inf.setInput(input, 0, inputLength);
      return true;
    }

    /** @return the bytes read into {@code input} from its start, or -1 at the end */
    private int readInput() throws IOException {
      int n;
      do {
        n = in.read(input, 0, input.length);
      } while (n == 0);
      inputLength = Math.max(n, 0);
      return n;
    }

    @Override
    public void close() throws IOException {
      if (inflater != null) {
        inflater.end();
        inflater = null;
      }
      done = true;
      in.close();
    }

    /** Reads header bytes through {@code input}; past the end, {@link #ended} is set and -1 returned. */
    private final class HeaderReader {
      int pos;
      boolean ended;

      HeaderReader() {
        inputLength = 0;
      }

      int next() throws IOException {
        if (ended) {
          return -1;
        }
        if (pos == inputLength) {
          if (readInput() <= 0) {
            ended = true;
            return -1;
          }
          pos = 0;
        }
        return input[pos++] & 0xff;
      }
    }
  }
}
