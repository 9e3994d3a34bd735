package org.argos.web.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.ToLongBiFunction;

/**
 * Bounds the size of request bodies, per route, before they are read into memory: a body whose declared length is
 * over its route's limit is answered 413 without reading it; a body without a length (chunked) is cut off with a
 * {@link TooLarge} once it passes the limit. Installed as a servlet filter in front of Javalin.
 */
public final class BodyLimits implements Filter {
  /** Login, logout and settings forms. */
  public static final long FORM = 64 * 1024;
  /** API bodies: a site, a silence. */
  public static final long DEFAULT = 1024 * 1024;
  /** {@code POST /api/results}: an agent's batch of results with their contexts. */
  public static final long RESULTS = org.argos.agents.protocol.Json.MAX_DOCUMENT;

  private final ToLongBiFunction<String, String> limits;

  /** @param limits the limit in bytes for a method and a path (without the root path) */
  public BodyLimits(ToLongBiFunction<String, String> limits) {
    this.limits = limits;
  }

  /** A body that went past its route's limit while it was read. */
  public static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The limit, in bytes. */
    public final long limit;

    TooLarge(long limit) {
      super("the request body is larger than " + limit + " bytes", null, false, false);
      this.limit = limit;
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse res)) {
      chain.doFilter(request, response);
      return;
    }
    String uri = http.getRequestURI();
    String path = uri.substring(Math.min(uri.length(), http.getContextPath().length()));
    long limit = limits.applyAsLong(http.getMethod(), path);
    long declared = http.getContentLengthLong();
    if (declared > limit) {
      tooLarge(res, path, limit);
      return;
    }
    chain.doFilter(new Limited(http, limit), response);
  }

  /** Answers 413 and closes the connection: the body is left unread. */
  static void tooLarge(HttpServletResponse res, String path, long limit) throws IOException {
    res.setStatus(413);
    res.setHeader("Connection", "close");
    String message = "the request body is larger than " + limit + " bytes";
    if (path.startsWith("/api/")) {
      res.setContentType("application/json");
      String json = "{\"error\":\"" + message + "\",\"field\":\"body\"}";
      res.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    } else {
      res.setContentType("text/plain; charset=utf-8");
      res.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream in;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (in == null) {
        in = new Counting(super.getInputStream(), limit);
      }
      return in;
    }

    @Override
    public java.io.BufferedReader getReader() throws IOException {
      String enc = getCharacterEncoding();
      return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
          enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc)));
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long read;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    private int count(int n) {
      if (n > 0) {
        read += n;
        if (read > limit) {
          throw new TooLarge(limit);
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      // never ask for more than one byte past the limit: the rest stays in the network, not in memory
      long room = limit - read + 1;
      return count(in.read(b, off, (int) Math.max(1, Math.min(len, room))));
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
