package org.argos.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.argos.api.CheckResult;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.ProbeTimings;
import org.argos.api.RequestData;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.engine.CheckRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Built-in checks evaluating a prepared response: what each task costs once the probe is done. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CheckEvaluationBenchmark {
  private Check statusIn;
  private Check bodyContains;
  private Check jsonHas;
  private ProbeResponse html;
  private ProbeResponse json;
  private CheckContext context;

  /** Builds the checks and two responses: a 10 KB HTML page (marker at its end) and a small JSON document. */
  @Setup
  public void setUp() {
    CheckRegistry registry = CheckRegistry.of(List.of(), true, CheckEvaluationBenchmark.class.getClassLoader());
    statusIn = registry.check(CheckSpec.of("status-in", List.of(200, 204)));
    bodyContains = registry.check(CheckSpec.of("body-contains", "argos-fleet-end"));
    jsonHas = registry.check(CheckSpec.of("json-has", Map.of("/status", "ok", "/count", 2)));
    ProbeRequest request = new ProbeRequest("http://site1.bench/", "GET", RequestData.NONE, IpVersion.IPV4,
        Duration.ofSeconds(10), false, 0);
    StringBuilder page = new StringBuilder("<html><body>");
    while (page.length() < 10 * 1024) {
      page.append("<p>lorem ipsum dolor sit amet, consectetur adipiscing elit</p>\n");
    }
    page.append("argos-fleet-end</body></html>");
    html = response(request, "text/html; charset=utf-8", page.toString());
    json = response(request, "application/json",
        "{\"status\":\"ok\",\"count\":2,\"items\":[{\"id\":1},{\"id\":2}],\"version\":\"1.2.3\"}");
    context = new CheckContext(Instant.now());
  }

  private static ProbeResponse response(ProbeRequest request, String type, String body) {
    return new ProbeResponse(request, 200, Map.of("Content-Type", List.of(type)),
        body.getBytes(StandardCharsets.UTF_8), false, List.of(), "http/1.1", request.url(), List.of(),
        ProbeTimings.ofTotal(Duration.ofMillis(3)), null);
  }

  /** @return the result of {@code status-in: [200, 204]} */
  @Benchmark
  public CheckResult statusIn() {
    return statusIn.evaluate(html, context);
  }

  /** @return the result of {@code body-contains} on a 10 KB page, the text at its end */
  @Benchmark
  public CheckResult bodyContains10k() {
    return bodyContains.evaluate(html, context);
  }

  /** @return the result of {@code json-has} with two pointers */
  @Benchmark
  public CheckResult jsonHas() {
    return jsonHas.evaluate(json, context);
  }
}
