package org.argos.checks.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP conformance suite's machinery: legal-but-unusual responses served byte by byte from a loopback server, the
 * verdict curl gives on each (the reference, recorded in {@code curl-verdicts.json}), and the verdict of our probe.
 * {@link CurlReferenceTest} keeps the table true to curl; {@link ProbeConformanceTest} holds the probe to it.
 */
final class HttpConformance {
  static final String CURL = "/usr/bin/curl";
  static final String TABLE = "curl-verdicts.json";
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private HttpConformance() {}

  /**
   * One reply of the server: raw bytes ({@code {port}} and {@code {other}} stand for the two ports) and what the
   * server does after writing them.
   *
   * @param hold keep the connection open until the client closes it (as a keep-alive server does), rather than close
   */
  record Reply(byte[] bytes, boolean hold) {}

  /** Where the probe deliberately differs from curl: why, and how curl's verdict becomes the probe's. */
  record Deviation(String reason, UnaryOperator<Outcome> probeOutcome) {}

  /**
   * One conformance case: the request (as a config would give it) and the server's replies by hop ({@code 1} first,
   * then {@code 2}, {@code 3}… for the paths {@code /c/<name>/2}…).
   */
  record Case(String name, String method, Map<String, String> headers, @Nullable String body, boolean follow,
      int maxRedirects, Duration timeout, Map<String, Reply> replies, @Nullable Deviation deviation,
      @Nullable String userinfo) {
    String path() {
      return "/c/" + name;
    }
  }

  /**
   * What a hop's request carried, as the server saw it.
   *
   * @param sent the values of the headers the case's config set (and of Authorization), by lower-case name; absent
   *     when not sent
   */
  record Hop(String method, String target, String host, String body, Map<String, String> sent) {}

  /**
   * A client's verdict on a case, in the terms both clients can give.
   *
   * @param ok whether the client took the response as complete and well-formed
   * @param status the final status (0 when no status line was read)
   * @param headers the final response's headers, lower-case names, values in order
   * @param body the body as delivered (decoded), as text, or {@code base64:} and the bytes when not printable UTF-8
   */
  record Outcome(boolean ok, int status, Map<String, List<String>> headers, String body, List<Hop> hops) {
    Outcome {
      headers = new TreeMap<>(headers);
    }

    /** @return this outcome with every value longer than 512 characters replaced by its length and SHA-256 */
    Outcome compact() {
      Map<String, List<String>> h = new TreeMap<>();
      headers.forEach((k, v) -> h.put(k, v.stream().map(HttpConformance::compact).toList()));
      return new Outcome(ok, status, h, HttpConformance.compact(body), hops);
    }

    Outcome withOk(boolean value) {
      return new Outcome(value, status, headers, body, hops);
    }

    Outcome withBody(String value) {
      return new Outcome(ok, status, headers, value, hops);
    }

    Outcome withHeaders(Map<String, List<String>> value) {
      return new Outcome(ok, status, value, body, hops);
    }

    Outcome withHops(List<Hop> value) {
      return new Outcome(ok, status, headers, body, value);
    }
  }

  /** curl's verdict: the outcome, its exit code and its error message (empty on success). */
  record Verdict(int exit, String error, Outcome outcome) {}

  /** Keeps the table small: a long value is recorded by its length and digest, compared the same way. */
  static String compact(String value) {
    if (value.length() <= 512) {
      return value;
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return value.length() + " characters, sha256 " + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String bodyText(byte[] bytes) {
    if (ResponseHeads.isUtf8(bytes, 0, bytes.length)) {
      String s = new String(bytes, StandardCharsets.UTF_8);
      if (s.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t')) {
        return s;
      }
    }
    return "base64:" + Base64.getEncoder().encodeToString(bytes);
  }

  // ------------------------------------------------------------------------------------------------ the server

  /** A raw-socket server on 127.0.0.1 with two ports (two origins), serving each case's replies by path. */
  static final class Server implements AutoCloseable {
    private final ServerSocket main;
    private final ServerSocket other;
    private final Map<String, Case> cases = new ConcurrentHashMap<>();
    private final Map<String, List<Hop>> hops = new ConcurrentHashMap<>();

    Server(List<Case> all) throws IOException {
      all.forEach(c -> cases.put(c.name(), c));
      main = listen();
      other = listen();
    }

    private ServerSocket listen() throws IOException {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 100);
      Thread.ofVirtual().name("conformance-" + s.getLocalPort()).start(() -> {
        while (!s.isClosed()) {
          try {
            Socket c = s.accept();
            Thread.ofVirtual().start(() -> serve(c));
          } catch (IOException e) {
            return;
          }
        }
      });
      return s;
    }

    int port() {
      return main.getLocalPort();
    }

    int otherPort() {
      return other.getLocalPort();
    }

    String url(Case c) {
      return "http://" + (c.userinfo() == null ? "" : c.userinfo() + "@") + "127.0.0.1:" + port() + c.path();
    }

    /** @return the requests the case's hops received since the last call, and forgets them */
    List<Hop> takeHops(Case c) {
      List<Hop> h = hops.remove(c.name());
      return h == null ? List.of() : List.copyOf(h);
    }

    private String unport(String s) {
      return s.replace(":" + port(), ":{port}").replace(":" + otherPort(), ":{other}");
    }

    private void serve(Socket socket) {
      try (socket) {
        socket.setSoTimeout(15_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
          int b = in.read();
          if (b < 0) {
            return;
          }
          head.write(b);
          boolean next = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3));
          state = next ? state + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] start = lines[0].split(" ");
        String method = start[0];
        String target = start[1];
        Map<String, String> received = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          if (colon > 0) {
            received.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
          }
        }
        String length = received.get("content-length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        String[] segments = path.split("/", -1); // "", "c", name, step...
        Case c = segments.length > 2 ? cases.get(segments[2]) : null;
        if (c == null) {
          socket.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(
              StandardCharsets.US_ASCII));
          return;
        }
        Map<String, String> sent = new TreeMap<>();
        List<String> watched = new ArrayList<>(c.headers().keySet());
        watched.add("Authorization"); // credentials also come from a URL's user info
        for (String name : watched) {
          String v = received.get(name.toLowerCase(Locale.ROOT));
          if (v != null) {
            sent.put(name.toLowerCase(Locale.ROOT), unport(v));
          }
        }
        hops.computeIfAbsent(c.name(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
            .add(new Hop(method, unport(target), unport(received.getOrDefault("host", "")),
                new String(body, StandardCharsets.UTF_8), sent));
        String step = segments.length > 3 ? segments[3] : "1";
        if (target.contains("?step=")) {
          step = target.substring(target.indexOf("?step=") + 6);
        }
        Reply reply = c.replies().get(step);
        if (reply == null) {
          reply = new Reply("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
              false);
        }
        String bytes = new String(reply.bytes(), StandardCharsets.ISO_8859_1)
            .replace("{port}", String.valueOf(port())).replace("{other}", String.valueOf(otherPort()));
        OutputStream out = socket.getOutputStream();
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (reply.hold()) {
          // A keep-alive server: the connection stays open until the client is done with it.
          try {
            while (in.read() >= 0) {
              // discard
            }
          } catch (SocketTimeoutException e) {
            // the client never closed: give up
          }
        } else {
          socket.shutdownOutput();
          // Wait for the client to close, so closing never resets the connection under data not yet read.
          try {
            while (in.read() >= 0) {
              // discard
            }
          } catch (IOException e) {
            // reset by the client: it is done
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    @Override
    public void close() throws IOException {
      main.close();
      other.close();
    }
  }

  // ------------------------------------------------------------------------------------------------ curl

  /** Runs the real curl on a case, as {@code curl --compressed} ({@code -L} when the case follows redirects). */
  static Verdict curl(Server server, Case c, Path work) throws IOException, InterruptedException {
    Path body = work.resolve("body");
    Files.deleteIfExists(body);
    List<String> cmd = new ArrayList<>(List.of(CURL, "-sS", "-4", "--compressed", "--max-time",
        String.valueOf(c.timeout().toSeconds()), "-o", body.toString(), "-w", "%{http_code}\\n%{header_json}"));
    if (c.follow()) {
      cmd.addAll(List.of("-L", "--max-redirs", String.valueOf(c.maxRedirects())));
    }
    if (c.method().equals("HEAD")) {
      cmd.add("-I");
    } else if (c.body() != null && c.method().equals("PUT")) {
      Path upload = work.resolve("upload");
      Files.writeString(upload, c.body());
      cmd.addAll(List.of("-T", upload.toString())); // a real PUT, which curl turns into a GET on a 303, not -X
    } else if (c.body() != null) {
      cmd.addAll(List.of("--data-binary", c.body()));
      if (!c.method().equals("POST")) {
        cmd.addAll(List.of("-X", c.method()));
      }
    } else if (!c.method().equals("GET")) {
      cmd.addAll(List.of("-X", c.method()));
    }
    c.headers().forEach((k, v) -> cmd.addAll(List.of("-H", k + ": " + v)));
    cmd.add(server.url(c));
    Process p = new ProcessBuilder(cmd).redirectError(work.resolve("stderr").toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(c.timeout().toSeconds() + 30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("curl did not end on case " + c.name());
    }
    int exit = p.exitValue();
    String error = Files.readString(work.resolve("stderr"), StandardCharsets.ISO_8859_1).strip();
    int nl = indexOf(out, (byte) '\n', 0);
    int status = Integer.parseInt(new String(out, 0, nl, StandardCharsets.US_ASCII).trim());
    Map<String, List<String>> headers = parseCurlHeaderJson(out, nl + 1);
    byte[] bytes = c.method().equals("HEAD") || !Files.exists(body) ? new byte[0] : Files.readAllBytes(body);
    // curl's -w runs after the transfer, so every hop has been recorded by now.
    return new Verdict(exit, error, new Outcome(exit == 0, status, headers, bodyText(bytes), server.takeHops(c))
        .compact());
  }

  private static int indexOf(byte[] b, byte x, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    throw new IllegalStateException("no " + (char) x + " in curl's output");
  }

  /**
   * Parses curl 7.88's {@code %{header_json}}: an object of lower-case names to arrays of values. Its writer prints a
   * byte of 0x80 and more as {@code uffffffXX} (a sign-extended char, and no backslash), so values are read back as
   * the raw bytes the server sent, then shown as a UTF-8 terminal shows them (UTF-8 where valid, else ISO-8859-1).
   */
  static Map<String, List<String>> parseCurlHeaderJson(byte[] b, int from) {
    Map<String, List<String>> headers = new TreeMap<>();
    int[] pos = {from};
    skip(b, pos, '{');
    while (true) {
      ws(b, pos);
      if (b[pos[0]] == '}') {
        return headers;
      }
      if (b[pos[0]] == ',') {
        pos[0]++;
        continue;
      }
      String name = string(b, pos);
      skip(b, pos, ':');
      skip(b, pos, '[');
      List<String> values = new ArrayList<>();
      while (true) {
        ws(b, pos);
        if (b[pos[0]] == ']') {
          pos[0]++;
          break;
        }
        if (b[pos[0]] == ',') {
          pos[0]++;
          continue;
        }
        values.add(string(b, pos));
      }
      headers.put(name, values);
    }
  }

  private static void ws(byte[] b, int[] pos) {
    while (b[pos[0]] == ' ' || b[pos[0]] == '\n' || b[pos[0]] == '\r' || b[pos[0]] == '\t') {
      pos[0]++;
    }
  }

  private static void skip(byte[] b, int[] pos, char c) {
    ws(b, pos);
    if (b[pos[0]] != c) {
      throw new IllegalStateException("expected " + c + " at " + pos[0] + " in curl's header_json: "
          + new String(b, StandardCharsets.ISO_8859_1));
    }
    pos[0]++;
  }

  private static String string(byte[] b, int[] pos) {
    skip(b, pos, '"');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (b[pos[0]] != '"') {
      byte x = b[pos[0]++];
      if (x == 'u' && pos[0] + 8 <= b.length && new String(b, pos[0], 6, StandardCharsets.US_ASCII).equals("ffffff")) {
        // curl 7.88 writes a byte of 0x80 or more as "uffffffXX", without the backslash (a sign-extension bug)
        out.write(Integer.parseInt(new String(b, pos[0] + 6, 2, StandardCharsets.US_ASCII), 16));
        pos[0] += 8;
        continue;
      }
      if (x != '\\') {
        out.write(x);
        continue;
      }
      byte e = b[pos[0]++];
      switch (e) {
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'u' -> {
          out.write(Integer.parseInt(new String(b, pos[0], 4, StandardCharsets.US_ASCII), 16));
          pos[0] += 4;
        }
        default -> out.write(e);
      }
    }
    pos[0]++;
    byte[] raw = out.toByteArray();
    return new String(raw, ResponseHeads.isUtf8(raw, 0, raw.length) ? StandardCharsets.UTF_8
        : StandardCharsets.ISO_8859_1);
  }

  // ------------------------------------------------------------------------------------------------ the probe

  /** Runs our probe on a case, with the same request a config would make. */
  static Outcome probe(HttpProbe probe, Server server, Case c) throws InterruptedException {
    RequestData data = new RequestData(c.body(), false, c.headers());
    ProbeResponse r = probe.execute(new ProbeRequest(server.url(c), c.method(), data, IpVersion.IPV4, c.timeout(),
        c.follow(), c.maxRedirects()));
    return new Outcome(r.error() == null, r.status(), r.headers(), bodyText(r.body()), server.takeHops(c)).compact();
  }

  // ------------------------------------------------------------------------------------------------ the table

  static Map<String, Verdict> readTable() throws IOException {
    try (InputStream in = HttpConformance.class.getResourceAsStream(TABLE)) {
      if (in == null) {
        throw new IllegalStateException("no " + TABLE + " next to " + HttpConformance.class.getName());
      }
      return JSON.readValue(in, new TypeReference<TreeMap<String, Verdict>>() {});
    }
  }

  static void writeTable(Path file, Map<String, Verdict> table) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(new TreeMap<>(table)) + "\n");
  }
}
