package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.InvalidValueException;
import org.argos.api.IpVersion;
import org.argos.api.RequestData;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeRequest;
import org.argos.checks.http.HttpProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regular expressions in checks: linear-time matching against a real server (the patterns that hang a backtracking
 * engine finish at once with the right verdict), the matching budget, and the dialect (Python spellings kept,
 * constructs RE2 cannot match refused at validation with a message that says why).
 */
class RegexChecksTest {
  /** The bound for one check against a loopback server; a backtracking engine needs hours or forever. */
  private static final Duration FAST = Duration.ofSeconds(30);

  /** Serves the body (as text/plain, UTF-8) with the given extra header lines to every request. */
  static RawServer serve(String extraHeaders, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new RawServer((s, srv) -> {
      RawServer.readRequestHead(s);
      OutputStream out = s.getOutputStream();
      srv.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n" + extraHeaders
          + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n");
      srv.write(out, bytes);
      out.flush();
    });
  }

  static ProbeRequest request(String url) {
    return new ProbeRequest(url, "GET", RequestData.NONE, IpVersion.IPV4, Duration.ofSeconds(30), false, 5);
  }

  static CheckResult run(Check check, RawServer server) {
    return assertTimeoutPreemptively(FAST, () -> {
      try (HttpProbe probe = HttpProbe.builder().build()) {
        return Engine.run(probe, check, request(server.url("/")), Instant.now());
      }
    });
  }

  static CheckResult run(String check, Object parameter, String body) throws Exception {
    try (RawServer server = serve("", body)) {
      return run(Engine.check(check, parameter), server);
    }
  }

  // ------------------------------------------------------------------------------------- catastrophic patterns

  @Test
  void nestedQuantifiersOnANearMatchFinishAtOnceWithTheRightVerdict() throws Exception {
    String as = "a".repeat(100_000);
    CheckResult noMatch = run("body-like", "(a+)+$", as + "b");
    assertThat(noMatch.status()).as(noMatch.message()).isEqualTo(ResultStatus.FAILURE);
    CheckResult match = run("body-like", "(a+)+$", "b" + as);
    assertThat(match.status()).as(match.message()).isEqualTo(ResultStatus.SUCCESS);
    CheckResult alternation = run("body-not-like", "^(a|aa)+$", as + "!");
    assertThat(alternation.status()).as(alternation.message()).isEqualTo(ResultStatus.SUCCESS);
    CheckResult classic = run("body-like", "^(\\w+\\s?)*$", "a ".repeat(20_000) + "!");
    assertThat(classic.status()).as(classic.message()).isEqualTo(ResultStatus.FAILURE);
  }

  @Test
  void trailingWhitespaceOnAHundredKilobytesOfSpacesFinishesAtOnce() throws Exception {
    String spaces = " ".repeat(100 * 1024);
    CheckResult endsWithX = run("body-like", "\\s+$", spaces + "x");
    assertThat(endsWithX.status()).as(endsWithX.message()).isEqualTo(ResultStatus.FAILURE);
    CheckResult endsWithSpaces = run("body-like", "\\s+$", "x" + spaces);
    assertThat(endsWithSpaces.status()).as(endsWithSpaces.message()).isEqualTo(ResultStatus.SUCCESS);
    CheckResult notLike = run("body-not-like", "\\s+$", spaces + "x");
    assertThat(notLike.status()).as(notLike.message()).isEqualTo(ResultStatus.SUCCESS);
  }

  @Test
  void everyRegexCheckIsLinearTime() throws Exception {
    String as = "a".repeat(50_000);
    try (RawServer server = serve("X-Long: " + as + "b\r\nLocation: http://example.org/" + as + "b\r\n",
        "{\"v\": \"" + as + "b\"}")) {
      for (var c : List.of(
          Map.entry("headers-like", Map.of("x-long", "^(a+)+$")),
          Map.entry("json-like", Map.of("/v", "^(a+)+$")),
          Map.entry("redirects-to", Map.of("regex", "/(a+)+$")))) {
        CheckResult r = run(Engine.check(c.getKey(), c.getValue()), server);
        assertThat(r.status()).as("%s: %s", c.getKey(), r.message()).isEqualTo(ResultStatus.FAILURE);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- the budget

  @Test
  void aSearchThatOutrunsItsBudgetIsUnknownAndSaysSo() throws Exception {
    // Linear, but slow: this pattern keeps hundreds of states alive at every character of a 4 MB body (seconds,
    // even on a fast machine). With a 50 ms budget the check gives up and says why.
    String pattern = "(\\w+\\s*){20}z";
    String body = "lorem ipsum dolor sit amet ".repeat(150_000);
    try (RawServer server = serve("", body)) {
      long start = System.nanoTime();
      CheckResult r = run(new BodyLikeProvider(Duration.ofMillis(50)).create(pattern), server);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.status()).as(r.message()).isEqualTo(ResultStatus.ERROR);
      assertThat(r.severity()).isEqualTo(Severity.UNKNOWN);
      assertThat(r.message())
          .contains("body-like", "50 ms budget", Params.render(pattern), "unknown", String.valueOf(body.length()));
      CheckResult not = run(new BodyNotLikeProvider(Duration.ofMillis(50)).create(pattern), server);
      assertThat(not.status()).as(not.message()).isEqualTo(ResultStatus.ERROR);
      assertThat(not.message()).contains("body-not-like", "50 ms budget");
      // with the default budget the same body and a plain pattern is answered normally
      CheckResult plain = run(Engine.check("body-like", "lorem ipsum"), server);
      assertThat(plain.status()).as(plain.message()).isEqualTo(ResultStatus.SUCCESS);
      assertThat(tookMs).as("ms for the budgeted check, probe included").isLessThan(FAST.toMillis());
    }
  }

  @Test
  void theBudgetCoversEveryRegexCheck() throws Exception {
    String words = "lorem ipsum dolor sit amet ".repeat(40_000);
    String pattern = "(\\w+\\s*){20}z";
    try (RawServer server = serve("X-Words: " + words.substring(0, 60_000) + "\r\nLocation: http://example.org/?"
        + words.substring(0, 60_000).replace(' ', '+') + "\r\n", "{\"v\": \"" + words + "\"}")) {
      Duration tiny = Duration.ofNanos(1); // expires before the first clock reading
      for (var c : List.<Map.Entry<CheckProvider, Object>>of(
          Map.entry(new HeadersLikeProvider(tiny), Map.of("x-words", pattern)),
          Map.entry(new JsonLikeProvider(tiny), Map.of("/v", pattern)),
          Map.entry(new RedirectsToProvider(tiny), Map.of("regex", "(\\w+\\+?){20}z")))) {
        CheckResult r = run(c.getKey().create(c.getValue()), server);
        assertThat(r.status()).as("%s: %s", c.getKey().name(), r.message()).isEqualTo(ResultStatus.ERROR);
        assertThat(r.message()).contains(c.getKey().name(), "budget");
      }
    }
  }

  @Test
  void aBudgetMustBePositive() {
    assertThatThrownBy(() -> new BodyLikeProvider(Duration.ZERO)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("body-like");
  }

  // --------------------------------------------------------------------------- refused at validation

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("(?=ok)ok", "lookahead"),
        Arguments.of("a(?!b)", "lookahead"),
        Arguments.of("(?<=a)b", "lookbehind"),
        Arguments.of("(?<!a)b", "lookbehind"),
        Arguments.of("(a)\\1", "backreference"),
        Arguments.of("(?P<x>a)(?P=x)", "backreference"),
        Arguments.of("(?>a+)b", "atomic group"),
        Arguments.of("a++b", "possessive"),
        Arguments.of("a{2}+", "possessive"),
        Arguments.of("(?(1)a|b)", "conditional"),
        Arguments.of("(?x) a b", "verbose"),
        Arguments.of("a{1001}", "1001 times"),
        Arguments.of("(a{1000}){1000}", "too large"),
        Arguments.of("a{1000}{1000}", "too large"),
        Arguments.of("((a{100}){100}){100}", "too large"),
        Arguments.of("(".repeat(150) + "a" + ")".repeat(150), "nests groups"),
        Arguments.of("a".repeat(Regex.MAX_LENGTH + 1), "characters long"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("refused")
  void constructsRe2CannotMatchAreRefusedWithTheReason(String pattern, String reason) {
    long start = System.nanoTime();
    for (String check : List.of("body-like", "body-not-like")) {
      assertThatThrownBy(() -> Engine.check(check, pattern))
          .isInstanceOf(InvalidCheckParameterException.class)
          .hasMessageContaining(check)
          .hasMessageContaining(reason)
          .satisfies(e -> {
            if (!reason.contains("long") && !reason.contains("large") && !reason.contains("nests")
                && !reason.contains("times")) {
              assertThat(e.getMessage()).contains("RE2", "linear");
            }
          });
    }
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse").isLessThan(5_000);
  }

  @Test
  void aRefusalInAMapNamesTheKey() {
    assertThatThrownBy(() -> Engine.check("headers-like", Map.of("cache-control", "max-age", "server", "(?<!x)nginx")))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessageContaining("headers-like").hasMessageContaining("\"server\"").hasMessageContaining("lookbehind");
    assertThatThrownBy(() -> Engine.check("json-like", Map.of("/version", "(\\d)\\1")))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessageContaining("json-like").hasMessageContaining("\"/version\"").hasMessageContaining("backreference");
    assertThatThrownBy(() -> Engine.check("redirects-to", Map.of("regex", "(?=https)")))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessageContaining("redirects-to").hasMessageContaining("\"regex\"").hasMessageContaining("lookahead");
  }

  @Test
  void anInvalidPatternSaysWhatRe2Found() {
    assertThatThrownBy(() -> Engine.check("body-like", "(unclosed"))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessageContaining("missing closing )").hasMessageContaining("RE2 syntax");
  }

  // ----------------------------------------------------------------------------------- Python's dialect

  /** Python (Argos) patterns that RE2 spells otherwise keep Python's meaning. */
  static Stream<Arguments> python() {
    return Stream.of(
        // Python's $ also matches before a final newline; RE2's would not
        Arguments.of("^ok$", "ok\n", true),
        Arguments.of("ok$", "ok\n\n", false),
        Arguments.of("ok$", "ok", true),
        Arguments.of("(?m)^ok$", "x\nok\ny", true),
        Arguments.of("(?m:^ok$)", "x\nok\ny", true),
        Arguments.of("^ok$", "x\nok\ny", false),
        Arguments.of("[$]", "cost: $", true),
        Arguments.of("\\$5", "cost: $5", true),
        // \Z is the very end of the text
        Arguments.of("ok\\Z", "ok", true),
        Arguments.of("ok\\Z", "ok\n", false),
        // {,n} is {0,n}; a brace that is no repetition is a literal
        Arguments.of("^x{,2}y$", "xxy", true),
        Arguments.of("^x{,2}y$", "xxxy", false),
        Arguments.of("a{b", "a{b", true),
        Arguments.of("\\u00e9t\\u00e9", "été", true),
        Arguments.of("\\U0001F600", "smile \uD83D\uDE00", true),
        Arguments.of("[\\u00e0-\\u00ff]", "à", true),
        Arguments.of("\\N{LATIN SMALL LETTER E WITH ACUTE}", "é", true),
        Arguments.of("(?#a comment)ok", "ok", true),
        Arguments.of("\\101\\0", "A\0", true),
        Arguments.of("(?P<v>[0-9]+)\\.(?<w>[0-9]+)", "v 2.4", true),
        Arguments.of("(?i)WELCOME", "welcome", true),
        Arguments.of("(?s)a.b", "a\nb", true),
        Arguments.of("a.b", "a\nb", false),
        Arguments.of("(?a)\\w+", "abc", true),
        Arguments.of("\\x41\\x{42}\\p{Lu}", "ABC", true),
        Arguments.of("\\Q(a+)+$\\E", "x(a+)+$y", true));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("python")
  void pythonSpellingsKeepTheirMeaning(String pattern, String body, boolean matches) throws Exception {
    Regex r = Regex.compile("body-like", pattern, null, pattern);
    assertThat(r.find(body, Regex.Budget.start(Duration.ofSeconds(10))) != null).as(pattern).isEqualTo(matches);
  }

  @Test
  void pythonSpellingsKeepTheirMeaningThroughTheProbe() throws Exception {
    CheckResult r = run("body-like", "</html>$", "<html></html>\n");
    assertThat(r.status()).as(r.message()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(r.context()).as("the pattern is shown as written").containsEntry("expected", "</html>$");
  }

  @Test
  void aLongMatchIsAbbreviatedInTheResult() throws Exception {
    CheckResult r = run("body-like", "(?s).*", "x".repeat(100_000));
    assertThat(r.status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(String.valueOf(r.context().get("actual")).length()).isLessThan(300);
  }
}
