package org.argos.checks.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.argos.checks.http.HttpConformance.Case;
import org.argos.checks.http.HttpConformance.Deviation;
import org.argos.checks.http.HttpConformance.Outcome;
import org.argos.checks.http.HttpConformance.Reply;
import org.jspecify.annotations.Nullable;

/**
 * The conformance cases: legal but unusual responses (and a few malformed ones), each named for what it exercises.
 * Only the responses are written here; what they must give is curl's verdict, recorded in {@code curl-verdicts.json}.
 */
final class ConformanceCases {
  private static final String PAGE = "<html><body>hello</body></html>\n";
  private static final Map<String, String> CREDENTIALS =
      Map.of("Authorization", "Bearer s3cret", "Cookie", "session=abc", "X-Api-Key", "k3y");

  private ConformanceCases() {}

  static List<Case> all() {
    List<Builder> b = new ArrayList<>();
    // --- framing: HTTP/1.0, keep-alive, close-delimited, lengths
    b.add(c("http10-close-delimited").reply("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"
        + "all of it, until close"));
    b.add(c("http10-content-length").reply("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
    b.add(c("http10-keep-alive-with-length").hold("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
        + "Content-Length: 5\r\n\r\nhello"));
    b.add(c("http11-length-connection-kept").hold("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
    b.add(c("http11-close-delimited").reply("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end"));
    b.add(c("http11-no-framing-then-close").reply("HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nclosed ends it"));
    b.add(c("http11-no-framing-kept-open").timeout(2).hold("HTTP/1.1 200 OK\r\n\r\nnever ends"));
    b.add(c("http11-chunked-connection-kept").hold("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n0\r\n\r\n"));
    b.add(c("content-length-zero").hold("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    b.add(c("content-length-longer-than-data").reply("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nonly ten b"));
    b.add(c("content-length-shorter-than-data").reply("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef"));
    b.add(c("content-length-list-equal").reply("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello"));
    b.add(c("content-length-list-equal-no-space").reply("HTTP/1.1 200 OK\r\nContent-Length: 5,5\r\n\r\nhello"));
    b.add(c("content-length-twice-equal").reply("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"
        + "hello"));
    b.add(c("content-length-list-unequal").deviation(UNEQUAL_LENGTHS, ConformanceCases::refused)
        .reply("HTTP/1.1 200 OK\r\nContent-Length: 5, 7\r\n\r\nhello, w"));
    b.add(c("content-length-twice-unequal").deviation(UNEQUAL_LENGTHS, ConformanceCases::refused)
        .reply("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n"
        + "hello, w"));
    b.add(c("content-length-spaces").reply("HTTP/1.1 200 OK\r\nContent-Length:   5  \r\n\r\nhello"));
    b.add(c("content-length-not-a-number").reply("HTTP/1.1 200 OK\r\nContent-Length: five\r\n\r\nhello"));
    b.add(c("content-length-negative").reply("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello"));
    b.add(c("content-length-leading-zeros").reply("HTTP/1.1 200 OK\r\nContent-Length: 0005\r\n\r\nhello"));
    b.add(c("content-length-overflow").reply("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n"
        + "hello"));
    b.add(c("content-length-and-chunked").reply("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked"
        + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
    // --- chunked
    b.add(c("chunked-trailers").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
        + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 42\r\nX-Other: t\r\n\r\n"));
    b.add(c("chunked-trailer-flood").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
        + "0\r\n" + "X-Trailer: 0123456789012345678901234567890123456789\r\n".repeat(8_000) + "\r\n"));
    b.add(c("chunked-extensions").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;name=value\r\nhello\r\n6;a=\"b c\";d\r\n world\r\n0;last\r\n\r\n"));
    b.add(c("chunked-upper-hex-leading-zeros").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "000A\r\n0123456789\r\n00b\r\nabcdefghijk\r\n0\r\n\r\n"));
    b.add(c("chunked-many-small").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "1\r\na\r\n".repeat(300) + "0\r\n\r\n"));
    b.add(c("chunked-cut-in-data").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
        + "10\r\nonly part"));
    b.add(c("chunked-no-last-chunk").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
    b.add(c("chunked-bad-size").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"));
    b.add(c("chunked-upper-case-coding").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
        + "5\r\nhello\r\n0\r\n\r\n"));
    b.add(c("chunked-size-trailing-space").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5 \r\nhello\r\n6\t;x=1\r\n world\r\n0\r\n\r\n"));
    b.add(c("chunked-size-hex-prefix").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0x5\r\nhello\r\n0\r\n\r\n"));
    b.add(c("chunked-size-negative").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "-5\r\nhello\r\n0\r\n\r\n"));
    b.add(c("chunked-twice-listed").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"
        + "5\r\nhello\r\n0\r\n\r\n"));
    b.add(c("chunked-data-longer-than-size").reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nhello\r\n0\r\n\r\n"));
    b.add(c("chunked-bare-lf").reply("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n6\n world\n0\n\n"));
    // --- interim responses
    b.add(c("interim-100").reply("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("interim-103").reply("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("interim-100-103-102").reply("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
        + "HTTP/1.1 103 Early Hints\r\nLink: </a.js>\r\n\r\nHTTP/1.1 204 No Content\r\nX-Final: yes\r\n\r\n"));
    b.add(c("interim-many").reply("HTTP/1.1 100 Continue\r\n\r\n".repeat(2_000) + "HTTP/1.1 200 OK\r\n"
        + "Content-Length: 2\r\n\r\nok"));
    b.add(c("interim-flood").reply("HTTP/1.1 100 Continue\r\n\r\n".repeat(16_000) + "HTTP/1.1 200 OK\r\n"
        + "Content-Length: 2\r\n\r\nok"));
    b.add(c("interim-100-on-post").method("POST").body("a=1").reply("HTTP/1.1 100 Continue\r\n\r\n"
        + "HTTP/1.1 201 Created\r\nContent-Length: 7\r\n\r\ncreated"));
    // --- responses without a body
    b.add(c("head-with-length").method("HEAD").hold("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"));
    b.add(c("head-chunked").method("HEAD").hold("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
    b.add(c("head-gzip").method("HEAD").hold("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 40"
        + "\r\n\r\n"));
    b.add(c("status-204-with-length").hold("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"));
    b.add(c("status-204-bare").hold("HTTP/1.1 204 No Content\r\n\r\n"));
    b.add(c("status-204-then-bytes").reply("HTTP/1.1 204 No Content\r\n\r\nstray"));
    b.add(c("status-304-with-length").hold("HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\nETag: \"x\"\r\n\r\n"));
    b.add(c("status-304-chunked").hold("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n"));
    b.add(c("status-205-length-zero").hold("HTTP/1.1 205 Reset Content\r\nContent-Length: 0\r\n\r\n"));
    b.add(c("empty-body-then-close").reply("HTTP/1.1 200 OK\r\n\r\n"));
    // --- line endings
    b.add(c("bare-lf-everywhere").reply("HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 5\n\nhello"));
    b.add(c("mixed-crlf-and-lf").reply("HTTP/1.1 200 OK\r\nX-A: 1\nX-B: 2\r\nContent-Length: 5\n\r\nhello"));
    // --- status lines
    b.add(c("status-no-reason").reply("HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-empty-reason").reply("HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-odd-reason").reply("HTTP/1.1 200 Everything: is fine, really!\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-utf8-reason").reply(bytes("HTTP/1.1 404 Pas trouvé\r\nContent-Length: 2\r\n\r\nno")));
    b.add(c("status-unregistered-code").reply("HTTP/1.1 299 Custom\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-599").reply("HTTP/1.1 599 Network Timeout\r\nContent-Length: 2\r\n\r\nno"));
    b.add(c("status-http2-text").reply("HTTP/2 200\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-http12").reply("HTTP/1.2 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-http20-text").reply("HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-lower-case-protocol").reply("http/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-000").reply("HTTP/1.1 000 Zero\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-099").reply("HTTP/1.1 099 Low\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-999").reply("HTTP/1.1 999 High\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-blank-line-first").reply("\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-two-digits").reply("HTTP/1.1 20 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("status-http09").reply("<html>no status line</html>"));
    b.add(c("status-not-http").reply("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
    // --- header lines
    b.add(c("header-long-value-90k").reply("HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(90 * 1024)
        + "\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("header-long-value-over-100k").reply("HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(101 * 1024)
        + "\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("headers-many").reply("HTTP/1.1 200 OK\r\n" + manyHeaders(500) + "Content-Length: 2\r\n\r\nok"));
    b.add(c("headers-over-300k-in-all").reply("HTTP/1.1 200 OK\r\n" + "X-Big: " + "b".repeat(60_000) + "\r\n"
        + ("X-Big: " + "b".repeat(60_000) + "\r\n").repeat(5) + "Content-Length: 2\r\n\r\nok"));
    b.add(c("headers-280k-in-all").reply("HTTP/1.1 200 OK\r\n" + ("X-Big: " + "b".repeat(70_000) + "\r\n").repeat(4)
        + "Content-Length: 2\r\n\r\nok"));
    b.add(c("header-space-before-colon").deviation("RFC 9112 §5.1 has whitespace before the colon removed (as a proxy"
        + " must, and browsers do); curl 7.88 keeps it in the name", o -> {
          Map<String, List<String>> h = new java.util.TreeMap<>(o.headers());
          h.put("x-a", h.remove("x-a "));
          return o.withHeaders(h);
        }).reply("HTTP/1.1 200 OK\r\nX-A : b\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("header-nul-byte").reply("HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("header-names-case").reply("HTTP/1.1 200 OK\r\nCoNtEnT-TyPe: text/plain\r\nx-MiXeD: a\r\nX-MIXED: b\r\n"
        + "content-length: 2\r\n\r\nok"));
    b.add(c("header-duplicates").reply("HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: b=2\r\n"
        + "Cache-Control: no-cache\r\nCache-Control: max-age=0, private\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("obs-fold-spaces").reply("HTTP/1.1 200 OK\r\nX-Folded: first\r\n  second\r\n   third\r\nX-After: 1\r\n"
        + "Content-Length: 2\r\n\r\nok"));
    b.add(c("obs-fold-tab").deviation("RFC 9112 §5.2: a user agent replaces each obs-fold with SP; curl 7.88 keeps "
        + "the tab that starts the continuation line", o -> header(o, "x-folded", "first second"))
        .reply("HTTP/1.1 200 OK\r\nX-Folded: first\r\n\tsecond\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("obs-fold-trailing-space").reply("HTTP/1.1 200 OK\r\nX-Folded: first  \r\n  second\r\nContent-Length: 2"
        + "\r\n\r\nok"));
    b.add(c("obs-fold-empty-value").deviation(CR_BUG, o -> header(o, "x-folded", "second"))
        .reply("HTTP/1.1 200 OK\r\nX-Folded:\r\n second\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("obs-fold-bare-lf").reply("HTTP/1.1 200 OK\nX-Folded: first\n second\nContent-Length: 2\n\nok"));
    b.add(c("obs-fold-before-first-header").reply("HTTP/1.1 200 OK\r\n folded\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("header-empty-values").deviation(CR_BUG, o -> header(header(o, "x-empty", ""), "x-blank", ""))
        .reply("HTTP/1.1 200 OK\r\nX-Empty:\r\nX-Blank:    \r\nContent-Length: 2\r\n\r\n"
        + "ok"));
    b.add(c("header-no-space-after-colon").reply("HTTP/1.1 200 OK\r\nX-A:b\r\nContent-Length:2\r\n\r\nok"));
    b.add(c("header-whitespace-around-value").reply("HTTP/1.1 200 OK\r\nX-A: \t b  c \t \r\nContent-Length: 2\r\n"
        + "\r\nok"));
    b.add(c("header-colon-in-value").reply("HTTP/1.1 200 OK\r\nX-Time: 12:30:45\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("header-line-without-colon").reply("HTTP/1.1 200 OK\r\nX-A: 1\r\nnot a header\r\nContent-Length: 2\r\n"
        + "\r\nok"));
    b.add(c("header-utf8-value").reply(bytes("HTTP/1.1 200 OK\r\nX-City: Zürich — 東京 😀\r\nContent-Length: 2\r\n"
        + "\r\nok")));
    b.add(c("header-latin1-value").reply(latin1("HTTP/1.1 200 OK\r\nX-City: Zürich\r\nContent-Length: 2\r\n\r\nok")));
    b.add(c("header-overlong-utf8").reply(concat(latin1("HTTP/1.1 200 OK\r\nX-Odd: a"), new byte[] {(byte) 0xC0,
        (byte) 0xAF}, latin1("b\r\nContent-Length: 2\r\n\r\nok"))));
    b.add(c("header-utf8-filename").reply(bytes("HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
        + "filename=\"résumé.pdf\"\r\nContent-Length: 2\r\n\r\nok")));
    // --- content codings
    byte[] gz = gzip(bytes(PAGE));
    b.add(c("gzip").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length, gz)));
    b.add(c("x-gzip").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: x-gzip\r\nContent-Length: " + gz.length,
        gz)));
    b.add(c("gzip-upper-case").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: GZIP\r\nContent-Length: "
        + gz.length, gz)));
    b.add(c("gzip-chunked").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked",
        chunked(gz, 7))));
    b.add(c("gzip-close-delimited").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", gz)));
    b.add(c("gzip-config-asked").header("Accept-Encoding", "gzip").reply(withBody(
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length, gz)));
    b.add(c("x-gzip-config-asked").header("Accept-Encoding", "gzip, x-gzip").reply(withBody(
        "HTTP/1.1 200 OK\r\nContent-Encoding: x-gzip\r\nContent-Length: " + gz.length, gz)));
    byte[] gzgz = gzip(gz);
    b.add(c("gzip-twice-listed").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip, gzip\r\nContent-Length: "
        + gzgz.length, gzgz)));
    b.add(c("gzip-twice-two-lines").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
        + "Content-Encoding: x-gzip\r\nContent-Length: " + gzgz.length, gzgz)));
    byte[] zlib = deflate(bytes(PAGE), false);
    byte[] raw = deflate(bytes(PAGE), true);
    b.add(c("deflate-zlib").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: "
        + zlib.length, zlib)));
    b.add(c("deflate-raw").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: "
        + raw.length, raw)));
    byte[] gzDeflated = gzip(zlib);
    b.add(c("deflate-then-gzip").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: deflate, gzip\r\n"
        + "Content-Length: " + gzDeflated.length, gzDeflated)));
    b.add(c("identity").reply("HTTP/1.1 200 OK\r\nContent-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello"));
    b.add(c("identity-then-gzip").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: identity, gzip\r\n"
        + "Content-Length: " + gz.length, gz)));
    b.add(c("gzip-empty-body").reply("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n"));
    b.add(c("gzip-corrupt").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 30",
        concat(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, latin1("this is not deflate..")))));
    b.add(c("gzip-not-gzip-at-all").reply("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\n"
        + "hello"));
    byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 12);
    b.add(c("gzip-truncated-stream").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
        + cut.length, cut)));
    byte[] twoMembers = concat(gzip(bytes("first member\n")), gzip(bytes("second member\n")));
    b.add(c("gzip-two-members").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
        + twoMembers.length, twoMembers)));
    byte[] six = gz;
    for (int i = 0; i < 5; i++) {
      six = gzip(six);
    }
    b.add(c("gzip-six-times").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip, gzip, gzip, gzip, gzip, gzip"
        + "\r\nContent-Length: " + six.length, six)));
    byte[] five = gzip(gzip(gzip(gzip(gz))));
    b.add(c("gzip-five-times").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip, gzip\r\n"
        + "Content-Encoding: gzip,gzip, gzip\r\nContent-Length: " + five.length, five)));
    b.add(c("gzip-trailing-garbage").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
        + (gz.length + 7), concat(gz, latin1("garbage")))));
    b.add(c("deflate-trailing-garbage").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n"
        + "Content-Length: " + (zlib.length + 7), concat(zlib, latin1("garbage")))));
    byte[] badCrc = gz.clone();
    badCrc[badCrc.length - 8] ^= 0x55;
    b.add(c("gzip-bad-checksum").reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
        + badCrc.length, badCrc)));
    b.add(c("transfer-encoding-gzip-close").reply(withBody("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip", gz)));
    b.add(c("http10-chunked").reply("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
    byte[] br = brotliStored(bytes(PAGE));
    b.add(c("brotli").deviation("The probe decodes no brotli (it would take a decoder library); it says so, with the "
        + "status, where curl decodes it. It never offers br itself.", ConformanceCases::refused)
        .reply(withBody("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: " + br.length, br)));
    b.add(c("encoding-compress").reply("HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\nContent-Length: 5\r\n\r\n"
        + "hello"));
    b.add(c("encoding-unknown").reply("HTTP/1.1 200 OK\r\nContent-Encoding: utf-8\r\nContent-Length: 5\r\n\r\nhello"));
    b.add(c("encoding-on-204").hold("HTTP/1.1 204 No Content\r\nContent-Encoding: gzip\r\n\r\n"));
    b.add(c("transfer-encoding-gzip-chunked").reply(withBody("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked",
        chunked(gz, 16))));
    // --- redirects
    b.add(c("redirect-relative").follow().reply("HTTP/1.1 302 Found\r\nLocation: /c/redirect-relative/2\r\n"
        + "Content-Length: 0\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-relative-dots").follow().reply("HTTP/1.1 301 Moved\r\nLocation: ./x/../redirect-relative-dots"
        + "/2?a=1\r\nContent-Length: 0\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-absolute").follow().reply("HTTP/1.1 307 Temporary\r\nLocation: "
        + "http://127.0.0.1:{port}/c/redirect-absolute/2\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-protocol-relative").follow().reply("HTTP/1.1 302 Found\r\nLocation: "
        + "//127.0.0.1:{port}/c/redirect-protocol-relative/2\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-query-only").follow().reply("HTTP/1.1 302 Found\r\nLocation: ?step=2\r\nContent-Length: 0"
        + "\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-relative-bare").follow().reply("HTTP/1.1 302 Found\r\nLocation: redirect-relative-bare/2\r\n"
        + "Content-Length: 0\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-head-301").follow().method("HEAD").reply("HTTP/1.1 301 Moved\r\nLocation: "
        + "/c/redirect-head-301/2\r\nContent-Length: 0\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4"
        + "\r\n\r\n"));
    for (int code : new int[] {304, 305, 306, 399}) {
      String name = "redirect-" + code + "-with-location";
      b.add(c(name).follow().reply("HTTP/1.1 " + code + " Other\r\nLocation: /c/" + name + "/2\r\n"
          + "Content-Length: 0\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    }
    b.add(c("redirect-utf8-and-spaces").follow().reply(bytes("HTTP/1.1 302 Found\r\nLocation: "
        + "/c/redirect-utf8-and-spaces/2/café crème/ü?q=a b&r=é\r\nContent-Length: 0\r\n\r\n"))
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-latin1").follow().reply(latin1("HTTP/1.1 302 Found\r\nLocation: "
        + "/c/redirect-latin1/2/café\r\nContent-Length: 0\r\n\r\n"))
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-already-encoded").follow().reply("HTTP/1.1 302 Found\r\nLocation: "
        + "/c/redirect-already-encoded/2/caf%C3%A9%20cr%c3%a8me?q=a%20b\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-with-fragment").follow().reply("HTTP/1.1 302 Found\r\nLocation: "
        + "/c/redirect-with-fragment/2#section\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-location-padded").follow().reply("HTTP/1.1 302 Found\r\nLocation:    "
        + "/c/redirect-location-padded/2   \r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-two-locations").follow().reply("HTTP/1.1 302 Found\r\nLocation: /c/redirect-two-locations/2\r\n"
        + "Location: /c/redirect-two-locations/3\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst")
        .reply("3", "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"));
    b.add(c("redirect-with-body").follow().reply("HTTP/1.1 301 Moved\r\nLocation: /c/redirect-with-body/2\r\n"
        + "Content-Length: 12\r\n\r\nmoved, see 2").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-no-location").follow().reply("HTTP/1.1 302 Found\r\nContent-Length: 6\r\n\r\nnowhere"));
    b.add(c("redirect-300-with-location").follow().reply("HTTP/1.1 300 Multiple Choices\r\n"
        + "Location: /c/redirect-300-with-location/2\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-unusable-location").follow().reply("HTTP/1.1 302 Found\r\nLocation: http://[::1/x\r\n"
        + "Content-Length: 0\r\n\r\n"));
    b.add(c("redirect-to-other-scheme").follow().reply("HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1/x\r\n"
        + "Content-Length: 0\r\n\r\n"));
    b.add(c("redirect-backslashes").follow().deviation("URLs are parsed as browsers parse them (WHATWG URL, through "
        + "OkHttp): a backslash in an http(s) path is a slash; curl 7.88 sends it as it is", o -> o.withHops(List.of(
            o.hops().get(0), new HttpConformance.Hop("GET", "/c/redirect-backslashes/2/x", "127.0.0.1:{port}", "",
            Map.of()))))
        .reply("HTTP/1.1 302 Found\r\nLocation: /c/redirect-backslashes/2\\x\r\nContent-Length: 0\r\n\r\n")
        .reply("2\\x", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-not-followed").reply("HTTP/1.1 301 Moved\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n"));
    b.add(c("redirect-chain-too-long").follow().maxRedirects(2)
        .reply("HTTP/1.1 302 Found\r\nLocation: /c/redirect-chain-too-long/2\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 302 Found\r\nLocation: /c/redirect-chain-too-long/3\r\nContent-Length: 0\r\n\r\n")
        .reply("3", "HTTP/1.1 302 Found\r\nLocation: /c/redirect-chain-too-long/4\r\nContent-Length: 0\r\n\r\n")
        .reply("4", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    // credentials and the headers a config adds, across origins
    b.add(c("redirect-same-origin-keeps-headers").follow().headers(CREDENTIALS)
        .reply("HTTP/1.1 302 Found\r\nLocation: /c/redirect-same-origin-keeps-headers/2\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-other-port").follow().headers(CREDENTIALS).deviation("A config's headers are meant for the "
        + "origin it names: every one is dropped on a redirect to another origin, where curl drops only Authorization"
        + " and Cookie (issue 16).", ConformanceCases::noConfigHeadersOffOrigin)
        .reply("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{other}/c/redirect-other-port/2\r\n"
            + "Content-Length: 0\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-other-host").follow().headers(CREDENTIALS).deviation("As redirect-other-port: another host "
        + "name is another origin.", ConformanceCases::noConfigHeadersOffOrigin)
        .reply("HTTP/1.1 302 Found\r\nLocation: http://localhost:{port}/c/redirect-other-host/2\r\n"
            + "Content-Length: 0\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-away-and-back").follow().headers(CREDENTIALS).deviation("As redirect-other-port, on the hop to "
        + "the other port; back on the configured origin the headers are sent again, as curl does.",
            ConformanceCases::noConfigHeadersOffOrigin)
        .reply("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{other}/c/redirect-away-and-back/2\r\n"
            + "Content-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{port}/c/redirect-away-and-back/3\r\n"
            + "Content-Length: 0\r\n\r\n")
        .reply("3", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("redirect-other-port-custom-host").follow().header("Host", "virtual.example").deviation("As "
        + "redirect-other-port: a Host header of the config is one of its headers, so the other origin gets its own "
        + "name (curl sends the custom Host to another port of the same host)", o -> o.withHops(List.of(o.hops().get(0),
            new HttpConformance.Hop("GET", o.hops().get(1).target(), "127.0.0.1:{other}", "",
            Map.of("host", "127.0.0.1:{other}")))))
        .reply("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{other}/c/redirect-other-port-custom-host/2\r\n"
            + "Content-Length: 0\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    // credentials in the URL
    b.add(c("url-userinfo").userinfo("alice:pa%20ss%C3%A9").reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("url-user-only").userinfo("bob").reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("url-userinfo-and-header").userinfo("alice:secret").header("Authorization", "Bearer t0ken")
        .reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    b.add(c("url-userinfo-same-origin-redirect").userinfo("alice:secret").follow()
        .reply("HTTP/1.1 302 Found\r\nLocation: /c/url-userinfo-same-origin-redirect/2\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    b.add(c("url-userinfo-other-port-redirect").userinfo("alice:secret").follow()
        .reply("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{other}/c/url-userinfo-other-port-redirect/2\r\n"
            + "Content-Length: 0\r\n\r\n").reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    // a POST through each redirect status
    for (int code : new int[] {301, 302, 303, 307, 308}) {
      String name = "redirect-post-" + code;
      b.add(c(name).follow().method("POST").body("a=1&b=2")
          .reply("HTTP/1.1 " + code + " Redirect\r\nLocation: /c/" + name + "/2\r\nContent-Length: 0\r\n\r\n")
          .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    }
    b.add(c("redirect-put-303").follow().method("PUT").body("x")
        .reply("HTTP/1.1 303 See Other\r\nLocation: /c/redirect-put-303/2\r\nContent-Length: 0\r\n\r\n")
        .reply("2", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nhere"));
    return b.stream().map(Builder::build).toList();
  }

  private static final String UNEQUAL_LENGTHS = "RFC 9110 §8.6 and RFC 9112 §6.3: Content-Length values that differ "
      + "make the framing invalid, an unrecoverable error; curl 7.88 reads the first number of a list and the last of "
      + "several lines";
  private static final String CR_BUG = "curl 7.88's header API keeps the CR of an empty field value (its trim stops "
      + "one byte short); the value is empty (RFC 9110 §5.5)";

  /** The probe refuses what curl read: not ok, and no body. */
  private static Outcome refused(Outcome curl) {
    return curl.withOk(false).withBody("");
  }

  private static Outcome header(Outcome o, String name, String value) {
    Map<String, List<String>> h = new java.util.TreeMap<>(o.headers());
    h.put(name, List.of(value));
    return o.withHeaders(h);
  }

  /** The probe's side of a cross-origin redirect: no header of the config reaches a hop off the first origin. */
  private static Outcome noConfigHeadersOffOrigin(Outcome curl) {
    List<HttpConformance.Hop> hops = new ArrayList<>();
    for (HttpConformance.Hop h : curl.hops()) {
      boolean home = h.host().equals("127.0.0.1:{port}");
      hops.add(home ? h : new HttpConformance.Hop(h.method(), h.target(), h.host(), h.body(), Map.of()));
    }
    return curl.withHops(hops);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static Builder c(String name) {
    return new Builder(name);
  }

  private static String manyHeaders(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("X-Header-").append(i).append(": value ").append(i).append("\r\n");
    }
    return sb.toString();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] withBody(String head, byte[] body) {
    return concat(latin1(head + "\r\n\r\n"), body);
  }

  private static byte[] chunked(byte[] data, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < data.length; i += size) {
      int n = Math.min(size, data.length - i);
      out.writeBytes(latin1(Integer.toHexString(n) + "\r\n"));
      out.write(data, i, n);
      out.writeBytes(latin1("\r\n"));
    }
    out.writeBytes(latin1("0\r\n\r\n"));
    return out.toByteArray();
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A brotli stream (RFC 7932) of one uncompressed meta-block: real brotli, written without an encoder. */
  static byte[] brotliStored(byte[] data) {
    if (data.length == 0 || data.length > 65536) {
      throw new IllegalArgumentException("one stored meta-block holds 1 to 65536 bytes");
    }
    // Bits, least significant first: WBITS=16 (0), ISLAST=0, MNIBBLES=4 (00), MLEN-1 on 16 bits, ISUNCOMPRESSED=1.
    long bits = ((long) (data.length - 1) << 4) | (1L << 20);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((int) bits & 0xff);
    out.write((int) (bits >> 8) & 0xff);
    out.write((int) (bits >> 16) & 0xff);
    out.writeBytes(data);
    out.write(0x03); // ISLAST=1, ISLASTEMPTY=1
    return out.toByteArray();
  }

  static byte[] deflate(byte[] data, boolean raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
      d.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static final class Builder {
    private final String name;
    private String method = "GET";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable String body;
    private boolean follow;
    private int maxRedirects = 5;
    private Duration timeout = Duration.ofSeconds(5);
    private final Map<String, Reply> replies = new LinkedHashMap<>();
    private @Nullable Deviation deviation;
    private @Nullable String userinfo;

    Builder(String name) {
      this.name = name;
    }

    Builder method(String m) {
      method = m;
      return this;
    }

    Builder header(String n, String v) {
      headers.put(n, v);
      return this;
    }

    Builder headers(Map<String, String> h) {
      headers.putAll(new java.util.TreeMap<>(h));
      return this;
    }

    Builder body(String b) {
      body = b;
      return this;
    }

    Builder userinfo(String u) {
      userinfo = u;
      return this;
    }

    Builder follow() {
      follow = true;
      return this;
    }

    Builder maxRedirects(int n) {
      maxRedirects = n;
      return this;
    }

    Builder timeout(int seconds) {
      timeout = Duration.ofSeconds(seconds);
      return this;
    }

    Builder reply(String text) {
      return reply(latin1(text));
    }

    Builder reply(byte[] bytes) {
      replies.put("1", new Reply(bytes, false));
      return this;
    }

    Builder reply(String step, String text) {
      replies.put(step, new Reply(latin1(text), false));
      return this;
    }

    Builder hold(String text) {
      replies.put("1", new Reply(latin1(text), true));
      return this;
    }

    Builder deviation(String reason, UnaryOperator<Outcome> probe) {
      deviation = new Deviation(reason, probe);
      return this;
    }

    Case build() {
      return new Case(name, method, headers, body, follow, maxRedirects, timeout, Map.copyOf(replies), deviation,
          userinfo);
    }
  }
}
