package org.argos.checks.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import okhttp3.HttpUrl;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.spi.ProbeResponse.TransportError;

/**
 * Reads the body of the response that answers a probe, at most the body cap of decoded bytes (the rest is never
 * read), keeping what arrived before a failure.
 */
final class BodyReading {
  private BodyReading() {}

  static ProbeResponse read(ProbeRequest request, Http1Exchange exchange, HttpUrl url, List<String> redirects,
      long deadline, PhaseRecorder recorder, long bodyCap) throws IOException {
    long announced = exchange.announcedLength();
    byte[] body = TransportErrors.EMPTY;
    boolean truncated = false;
    TransportError error = null;
    // A decoded body may read a little more off the wire than it delivers (headers, incompressible data), never much.
    long wireCap = bodyCap + bodyCap / 16 + 64 * 1024;
    try (InputStream in = exchange.body(wireCap)) {
      if (announced >= 0 && announced <= bodyCap && !exchange.decoded()) {
        // The common case, a small page of announced length: one array of the exact size, no copies.
        byte[] exact = new byte[(int) announced];
        int n = 0;
        try {
          while (n < exact.length) {
            int r = in.read(exact, n, exact.length - n);
            if (r < 0) {
              break;
            }
            n += r;
          }
        } finally {
          body = n == exact.length ? exact : Arrays.copyOf(exact, n); // what arrived before a failure is kept
        }
      } else {
        // Sized from Content-Length when announced (saves regrowing for big pages), but never trusted past 1 MiB.
        long initial = Math.min(bodyCap, announced > 0 ? Math.min(announced, 1024 * 1024) : 8 * 1024);
        Accumulator out = new Accumulator((int) initial);
        try {
          truncated = out.readFrom(in, bodyCap) || exchange.wireCapReached();
        } finally {
          body = out.toByteArray();
        }
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      error = new TransportError(TransportErrors.classify(e, deadline), e.getClass().getName(),
          "while reading the body: " + TransportErrors.message(e, request));
    }
    return new ProbeResponse(request, exchange.status(), exchange.headers(), body, truncated,
        exchange.chain(), exchange.protocol(), url.toString(), redirects, recorder.timings(), error, recorder.peer());
  }

  /** A growable byte array that keeps what it read when the read fails half-way. */
  private static final class Accumulator extends ByteArrayOutputStream {
    Accumulator(int initial) {
      super(initial);
    }

    /** Reads up to {@code cap} bytes straight into the array, then one more to tell whether there was more. */
    boolean readFrom(InputStream in, long cap) throws IOException {
      while (count < cap) {
        if (count == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(16L, 2L * buf.length)));
        }
        int n = in.read(buf, count, (int) Math.min(buf.length - count, cap - count));
        if (n < 0) {
          return false;
        }
        count += n;
      }
      return in.read() != -1;
    }
  }
}
