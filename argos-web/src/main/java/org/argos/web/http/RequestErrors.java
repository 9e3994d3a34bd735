package org.argos.web.http;

import io.javalin.http.Context;
import java.util.concurrent.ThreadLocalRandom;
import org.argos.api.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.web.ui.Fmt;

/**
 * What the HTTP server does with a request that failed in a way the client did not cause: the client gets a generic
 * answer with a request id, never the exception's text (class names, SQL, hosts); the log gets one line with that id,
 * rate-limited, and the stack trace only at debug level. Requests the client abandoned are counted the same way.
 */
public final class RequestErrors {
  private static final Logger LOG = LoggerFactory.getLogger(RequestErrors.class);
  private static final RateLimitedLog LINES = RateLimitedLog.of(LOG);

  private RequestErrors() {}

  /**
   * Logs a failed request once, rate-limited.
   *
   * @return the id given to the client, which the log line carries
   */
  public static String unexpected(Context ctx, Throwable e) {
    String id = newId();
    ctx.header("X-Request-Id", id);
    if (clientGone(e)) {
      LINES.info("request-aborted", "{} {}: the client closed the connection before sending its whole request "
          + "[request {}]", ctx.method(), logged(ctx), id);
    } else {
      LINES.warn("request-error", "{} {} failed [request {}]: {}", ctx.method(), logged(ctx), id,
          Redaction.text(e.toString()));
    }
    LOG.debug("request {} failed", id, e);
    return id;
  }

  /**
   * A request whose handling threw an {@link Error} (out of memory, a stack overflow): one rate-limited line, and a
   * 500 with an id, as for exceptions. What the error did to the rest of the process is not this class's to judge.
   */
  public static void fatal(jakarta.servlet.http.HttpServletResponse res, Error e) {
    String id = newId();
    LINES.warn("request-fatal", "a request failed with {} [request {}]", e.toString(), id);
    LOG.debug("request {} failed", id, e);
    res.setStatus(500);
    if (!res.isCommitted()) {
      try {
        res.setHeader("X-Request-Id", id);
        res.setContentType("application/json");
        String json = "{\"error\":\"internal error (request " + id + ")\",\"request_id\":\"" + id + "\"}";
        res.getOutputStream().write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } catch (java.io.IOException | RuntimeException ignored) {
        // the client is gone: the status is all there is to set
      }
    }
  }

  /** Logs a refused request from a client (a bad agent post, a too large body...) as one rate-limited line. */
  public static void refused(String kind, Context ctx, String why) {
    LINES.info(kind, "{} {} from {} refused: {}", ctx.method(), logged(ctx), ctx.req().getRemoteAddr(),
        shown(why));
  }

  /** @return true when the request failed because its client went away (an early end of the body, a reset) */
  public static boolean clientGone(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.io.EOFException || t.getClass().getName().endsWith("EofException")
          || t instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  /** The path as logged: a push URL's token is a credential, so it is never written ({@code /api/push/***}). */
  private static String logged(Context ctx) {
    String path = ctx.path();
    int push = path.indexOf("/api/push/");
    return shown(push < 0 ? path : path.substring(0, push) + "/api/push/***");
  }

  private static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1 | 1L << 62);
  }

  /** Client text in a log line: printable, bounded. */
  static String shown(String s) {
    String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    return Fmt.printable(t);
  }
}
