package org.argos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.JsonLike;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CheckProvider} must keep, as a JUnit 5 suite. A provider runs it with a tiny subclass:
 *
 * <pre>{@code
 * class MyCheckProviderTest extends CheckProviderCompatibilityKit {
 *   @Override
 *   protected CheckProvider provider() {
 *     return new MyCheckProvider();
 *   }
 * }
 * }</pre>
 *
 * It verifies that the name is lower-case words joined by dashes, that the provider documents itself, that every
 * {@link CheckProvider#exampleParameters() example parameter} is accepted and every
 * {@link CheckProvider#invalidParameters() invalid one} refused with an {@link InvalidCheckParameterException} naming
 * the check, and that the checks built from the examples evaluate {@link #sampleResponses() sample responses}
 * (including transport errors) without throwing, identically from several threads at once. It also checks that a
 * result reported by a remote agent gets the verdict the engine gives in process
 * ({@link org.argos.api.spi.Check#judgeReport}), and that odd reports are judged without throwing.
 */
public abstract class CheckProviderCompatibilityKit {
  /** @return the provider under test (a new instance or a shared one: providers are thread-safe) */
  protected abstract CheckProvider provider();

  /** @return the instant checks are evaluated at; fixed so results are reproducible */
  protected Instant now() {
    return Instant.parse("2026-01-15T12:00:00Z");
  }

  /**
   * @return responses every example check is evaluated on; override to add cases your check cares about (keep
   *     these: they include transport errors and odd bodies a check must survive)
   */
  protected List<ProbeResponse> sampleResponses() {
    return List.of(
        SyntheticResponses.ok(),
        SyntheticResponses.html("<html><head><title>Welcome</title></head><body>Version 2.4</body></html>"),
        SyntheticResponses.response(500).header("Content-Type", "text/plain").body("Internal Server Error").build(),
        SyntheticResponses.response(301).url("http://synthetic.example/")
            .header("Location", "https://synthetic.example/").build(),
        SyntheticResponses.response(204).took(Duration.ofSeconds(5)).build(),
        SyntheticResponses.response(200).header("Content-Type", "application/json").body("{\"broken\": ").build(),
        SyntheticResponses.response(200).body(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}).truncated(true).build(),
        SyntheticResponses.response(200).header("Content-Type", "application/json").body("[1, 2, null]").build(),
        SyntheticResponses.connectionRefused(),
        SyntheticResponses.failed("timeout", "no complete response within PT10S"));
  }

  private CheckContext context() {
    return new CheckContext(now());
  }

  private List<Check> exampleChecks() {
    CheckProvider p = provider();
    List<Check> checks = new ArrayList<>();
    for (Object parameter : p.exampleParameters()) {
      checks.add(p.create(JsonLike.copyOf(parameter, "check " + p.name())));
    }
    return checks;
  }

  @Test
  void nameIsLowerCaseWordsJoinedByDashes() {
    assertThat(provider().name()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  }

  @Test
  void describesItselfAndItsParameter() {
    CheckProvider p = provider();
    assertThat(p.description()).as("description of %s", p.name()).isNotBlank();
    assertThat(p.parameterHelp()).as("parameter help of %s", p.name()).isNotBlank();
  }

  @Test
  void offersJsonLikeExampleParameters() {
    CheckProvider p = provider();
    assertThat(p.exampleParameters()).as("example parameters of %s", p.name()).isNotEmpty();
    for (Object parameter : p.exampleParameters()) {
      assertThatCode(() -> JsonLike.copyOf(parameter, "example")).as("example %s is JSON-like", parameter)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void acceptsEveryExampleParameter() {
    CheckProvider p = provider();
    for (Object parameter : p.exampleParameters()) {
      // Passed as the engine passes it: an immutable JSON-like copy.
      Object copy = JsonLike.copyOf(parameter, "check " + p.name());
      Check check = p.create(copy);
      assertThat(check).as("%s: %s", p.name(), parameter).isNotNull();
    }
  }

  @Test
  void refusesEveryInvalidParameterNamingTheCheck() {
    CheckProvider p = provider();
    for (Object parameter : p.invalidParameters()) {
      @Nullable Object copy = JsonLike.copyOf(parameter, "check " + p.name());
      assertThatThrownBy(() -> p.create(copy))
          .as("%s must refuse %s", p.name(), parameter)
          .isInstanceOf(InvalidCheckParameterException.class)
          .hasMessageContaining(p.name());
    }
  }

  @Test
  void evaluatesSampleResponsesWithoutThrowing() {
    CheckContext ctx = context();
    for (Check check : exampleChecks()) {
      for (ProbeResponse response : sampleResponses()) {
        CheckResult result = check.evaluate(response, ctx);
        assertThat(result).as("%s on %s", provider().name(), describe(response)).isNotNull();
        assertThat(result.status()).isNotNull();
        assertThat(result.severity()).isNotNull();
      }
    }
  }

  @Test
  void evaluatesTransportErrorsWithoutThrowing() {
    CheckContext ctx = context();
    for (Check check : exampleChecks()) {
      for (ProbeResponse response : List.of(SyntheticResponses.connectionRefused(),
          SyntheticResponses.failed("tls", "PKIX path building failed"), SyntheticResponses.failed("dns", "no.such.host"))) {
        assertThat(check.evaluate(response, ctx)).as("%s on %s", provider().name(), describe(response)).isNotNull();
      }
    }
  }

  @Test
  void judgesAnAgentsReportOfItsOwnResultAsItEvaluatedIt() {
    // The same check, run on a remote agent that reports status, message and context: the server judges the report
    // (Check.judgeReport) and must reach the verdict the engine reaches in process, or a site's severity depends on
    // where its probe ran.
    CheckContext ctx = context();
    for (Check check : exampleChecks()) {
      for (ProbeResponse response : sampleResponses()) {
        CheckResult evaluated = check.evaluate(response, ctx);
        CheckResult judged = check.judgeReport(new AgentReport(evaluated.status().label(), evaluated.message(),
            evaluated.context()), ctx);
        assertThat(judged).as("%s judging its own report on %s", provider().name(), describe(response)).isNotNull();
        assertThat(List.of(judged.status(), judged.severity()))
            .as("%s on %s: an agent's report of %s %s is judged the same (override Check.judgeReport when evaluate "
                + "chooses its own severity)", provider().name(), describe(response), evaluated.status(),
                evaluated.severity())
            .containsExactly(evaluated.status(), evaluated.severity());
      }
    }
  }

  @Test
  void judgesOddAgentReportsWithoutThrowing() {
    CheckContext ctx = context();
    List<java.util.Map<String, @Nullable Object>> contexts = new ArrayList<>();
    contexts.add(java.util.Map.of());
    contexts.add(java.util.Map.of("error_type", "ConnectError", "error_message", "refused",
        "error_details", "Traceback"));
    java.util.Map<String, @Nullable Object> junk = new java.util.LinkedHashMap<>();
    for (String key : List.of("expires_in", "notAfter", "actual", "expected", "status", "error", "daysLeft")) {
      junk.put(key, "not what it should be");
    }
    junk.put("nothing", null);
    contexts.add(junk);
    contexts.add(java.util.Map.of("expires_in", 1e300, "actual", -1e300, "notAfter", "+999999999-12-31T23:59:59Z"));
    for (Check check : exampleChecks()) {
      for (String status : List.of("success", "failure", "error", "on-check", "", "SUCCESS", "later")) {
        for (java.util.Map<String, @Nullable Object> c : contexts) {
          CheckResult r = check.judgeReport(new AgentReport(status, "", c), ctx);
          assertThat(r).as("%s judging status '%s' with %s", provider().name(), status, c).isNotNull();
        }
      }
    }
  }

  @Test
  void requestsAValidProbeRequest() {
    java.util.Set<String> schemes = provider().schemes();
    String scheme = schemes.contains("https") || schemes.contains("*") ? "https"
        : new java.util.TreeSet<>(schemes).first();
    ProbeRequest base = scheme.equals("https") ? SyntheticResponses.request("https://synthetic.example/path?q=1")
        : SyntheticResponses.request(scheme + "://synthetic.example:4242/");
    for (Check check : exampleChecks()) {
      ProbeRequest own = check.request(base);
      assertThat(own).as("%s request", provider().name()).isNotNull();
      assertThat(check.request(base)).as("%s request is stable", provider().name()).isEqualTo(own);
      assertThat(schemes.contains(own.scheme()) || schemes.contains("*"))
          .as("%s requests %s, a scheme it reads (%s)", provider().name(), own.url(), schemes).isTrue();
    }
  }

  @Test
  void readsSomeSchemeNamedInLowerCase() {
    assertThat(provider().schemes()).as("%s schemes", provider().name()).isNotEmpty()
        .allSatisfy(s -> assertThat(s).matches("\\*|[a-z][a-z0-9+.-]*"));
  }

  @Test
  void evaluationIsThreadSafe() throws Exception {
    CheckContext ctx = context();
    List<Check> checks = exampleChecks();
    List<ProbeResponse> responses = sampleResponses();
    List<CheckResult> expected = new ArrayList<>();
    for (Check check : checks) {
      for (ProbeResponse response : responses) {
        expected.add(check.evaluate(response, ctx));
      }
    }
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<CheckResult>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          List<CheckResult> last = new ArrayList<>();
          for (int round = 0; round < 20; round++) {
            last = new ArrayList<>();
            for (Check check : checks) {
              for (ProbeResponse response : responses) {
                CheckResult r = check.evaluate(response, ctx);
                if (!r.equals(expected.get(last.size()))) {
                  return List.of(r);
                }
                last.add(r);
              }
            }
          }
          return last;
        }));
      }
      start.countDown();
      for (Future<List<CheckResult>> f : futures) {
        assertThat(f.get(60, TimeUnit.SECONDS)).as("%s results from concurrent threads", provider().name())
            .containsExactlyElementsOf(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String describe(ProbeResponse r) {
    return r.error() != null ? "transport error " + r.error().kind() : "status " + r.status() + " " + r.headers();
  }
}
