package org.argos.checks.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * How a response body is delimited on the wire: by its Content-Length ({@link FixedBody}), by chunks
 * ({@link ChunkedBody}, trailers read and dropped) or by the end of the connection ({@link CloseDelimitedBody}); and
 * the cap on the framed bytes read under a decoder ({@link WireCap}).
 */
final class BodyFraming {
  private BodyFraming() {}

  /** A body stream that reads in blocks; a single byte is a block of one (only read past the body cap). */
  abstract static class FramedBody extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }
  }

  /** A body of a known length; ending early is an error. */
  static final class FixedBody extends FramedBody {
    private final WireInput in;
    private final long length;
    private long left;

    FixedBody(WireInput in, long length) {
      this.in = in;
      this.length = length;
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("unexpected end of stream: " + (length - left) + " of " + length + " body bytes");
      }
      left -= n;
      return n;
    }
  }

  /** A body that ends when the server closes the connection. */
  static final class CloseDelimitedBody extends InputStream {
    private final WireInput in;

    CloseDelimitedBody(WireInput in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }
  }

  /** A chunked body (RFC 9112 §7.1); trailers are read and dropped. */
  static final class ChunkedBody extends FramedBody {
    private static final int MAX_LINE = 8 * 1024;
    /** Trailers are not read by any check; more than this is a server that will not stop (curl has no bound). */
    static final int MAX_TRAILER_BYTES = 1024 * 1024;
    private final WireInput in;
    private long chunkLeft = -1; // -1: before the first chunk's size line
    private boolean done;

    ChunkedBody(WireInput in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (chunkLeft <= 0) {
        if (chunkLeft == 0) {
          String crlf = in.readLine(MAX_LINE, "chunked body");
          if (crlf == null || !crlf.isEmpty()) {
            throw new ProtocolException("malformed chunked body: no line end after a chunk");
          }
        }
        String sizeLine = in.readLine(MAX_LINE, "chunk size line");
        if (sizeLine == null) {
          throw new EOFException("unexpected end of stream in a chunked body");
        }
        int semi = sizeLine.indexOf(';');
        String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
        try {
          chunkLeft = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          throw new ProtocolException("malformed chunk size: " + ResponseHeads.abbreviate(sizeLine));
        }
        if (chunkLeft < 0) {
          throw new ProtocolException("malformed chunk size: " + ResponseHeads.abbreviate(sizeLine));
        }
        if (chunkLeft == 0) {
          done = true;
          // Trailers carry nothing a check reads; they are skipped, up to a bound, as the body is.
          int left = MAX_TRAILER_BYTES;
          String trailer;
          while ((trailer = in.readLine(Math.min(MAX_LINE, left), "chunked trailers")) != null && !trailer.isEmpty()) {
            left -= in.lineBytes;
            if (left <= 0) {
              throw new ProtocolException("chunked trailers longer than " + MAX_TRAILER_BYTES + " bytes");
            }
          }
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("unexpected end of stream in a chunked body");
      }
      chunkLeft -= n;
      return n;
    }
  }

  /** Counts the framed bytes under a decoder and ends the stream past a cap. */
  static final class WireCap extends InputStream {
    private final InputStream in;
    private long left;
    boolean reached;

    WireCap(InputStream in, long cap) {
      this.in = in;
      this.left = cap;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        if (!reached && in.read() < 0) {
          return -1; // the body ended right at the cap: nothing was cut
        }
        reached = true;
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
