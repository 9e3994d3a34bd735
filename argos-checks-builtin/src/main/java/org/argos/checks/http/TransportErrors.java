package org.argos.checks.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.spi.ProbeResponse.TransportError;
import org.jspecify.annotations.Nullable;

/**
 * The probe's failures as {@link ProbeResponse#error()} reports them: the kind ({@code dns}, {@code no-address},
 * {@code connect}, {@code tls}, {@code timeout}, {@code reset}, {@code io}...) told from the exception, and a message.
 */
final class TransportErrors {
  static final byte[] EMPTY = new byte[0];

  private TransportErrors() {}

  static InterruptedException interrupted(Exception cause) {
    InterruptedException ie = new InterruptedException("probe interrupted");
    ie.initCause(cause);
    return ie;
  }

  static ProbeResponse fail(ProbeRequest request, PhaseRecorder recorder, String kind,
      @Nullable Throwable e, @Nullable String message) {
    String cls = e == null ? "" : e.getClass().getName();
    return ProbeResponse.failed(request, new TransportError(kind, cls, message == null ? kind : message),
        recorder.timings(), recorder.peer());
  }

  /** A failure after a status line arrived: the status is kept, as curl reports it with its error. */
  static ProbeResponse fail(ProbeRequest request, PhaseRecorder recorder, int status, HttpUrl url,
      List<String> redirects, String kind, @Nullable Throwable e, @Nullable String message) {
    if (status == 0) {
      return fail(request, recorder, kind, e, message);
    }
    String cls = e == null ? "" : e.getClass().getName();
    return new ProbeResponse(request, status, Map.of(), EMPTY, false, List.of(), null, url.toString(), redirects,
        recorder.timings(), new TransportError(kind, cls, message == null ? kind : message), recorder.peer());
  }

  static String classify(Throwable e, long deadline) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.argos.checks.internal.FamilyLookup.NoAddressException) {
        return "no-address";
      }
      if (t instanceof org.argos.checks.internal.FamilyLookup.DnsTimeoutException) {
        return "timeout";
      }
    }
    if (System.nanoTime() - deadline >= 0) {
      return "timeout";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof java.net.SocketTimeoutException || t instanceof java.io.InterruptedIOException) {
        return "timeout";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "dns";
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return "tls";
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException) {
        return "connect";
      }
      if (m.contains("reset") || m.contains("unexpected end of stream") || m.contains("broken pipe")
          || t instanceof java.io.EOFException) {
        return "reset";
      }
    }
    return "io";
  }

  static String message(Throwable e, ProbeRequest request) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    if (e instanceof java.io.InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
      return "no complete response within " + request.timeout() + " (" + text + ")";
    }
    return text;
  }

  static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
