package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.argos.api.CheckResult;
import org.argos.api.InvalidSiteException;
import org.argos.api.ProbeTimings;
import org.argos.api.Site;
import org.argos.api.TaskStatus;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.StoredResult;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine runs each group with the probe of its scheme, and refuses sites it could not probe or judge. */
class ProbeSchemesTest {
  private final FakeProbe http = new FakeProbe();
  private final AtomicBoolean echoClosed = new AtomicBoolean();
  private @Nullable Argos argos;

  private Argos start() {
    argos = Argos.builder().probe(http).install(new TestChecks.Status(), new Banner())
        .install(new EchoProvider())
        .firstRunSpread(Duration.ZERO)
        .claims(Duration.ofMillis(200), Duration.ofSeconds(30), 500)
        .build();
    argos.start();
    return argos;
  }

  @AfterEach
  void close() {
    if (argos != null) {
      argos.close();
    }
  }

  @Test
  void aGroupRunsWithTheProbeOfItsSchemeAndChecksReadTheOptionsTheySet() {
    Argos a = start();
    a.register(Site.builder("echo://mail.test:25").ipVersions(true, false).frequency(Duration.ofMillis(300))
        .path("/", p -> p.check("banner", "hello")).build());
    a.register(Site.builder("http://web.test").ipVersions(true, false).frequency(Duration.ofMillis(300))
        .path("/", p -> p.check("test-status", 200)).build());
    await().atMost(Duration.ofSeconds(20)).until(() -> a.status().counts().ok() == 2);
    TaskStatus task = a.store().tasks("echo://mail.test:25").get(0);
    StoredResult last = a.store().results(task.taskId(), 1).get(0);
    assertThat(last.result().message()).isEqualTo("banner hello");
    assertThat(last.result().context()).containsEntry("url", "echo://mail.test:25/");
    assertThat(http.calls("echo://mail.test:25/")).isZero();
    assertThat(http.calls("http://web.test/")).isPositive();
    a.close();
    assertThat(echoClosed).as("the engine closes the probes it made").isTrue();
  }

  @Test
  void aSchemeNoProbeServesOrACheckThatCannotReadItIsRefusedNamingBoth() {
    Argos a = start();
    assertThatThrownBy(() -> a.register(Site.builder("gopher://old.test:70")
        .path("/", p -> p.check("banner", "x")).build()))
        .isInstanceOf(InvalidSiteException.class)
        .hasMessageContaining("check banner")
        .hasMessageContaining("no probe serves the scheme 'gopher' (schemes served: echo, http, https, push)");
    assertThatThrownBy(() -> a.register(Site.builder("echo://mail.test:25")
        .path("/", p -> p.check("test-status", 200)).build()))
        .isInstanceOf(InvalidSiteException.class)
        .hasMessageContaining("check test-status")
        .hasMessageContaining("cannot read echo:// responses (it reads http, https)");
    assertThatThrownBy(() -> a.register(Site.builder("https://web.test")
        .path("/", p -> p.check("banner", "x")).build()))
        .hasMessageContaining("the check banner cannot read https:// responses (it reads echo)");
  }

  /** {@code banner: text}: the probe's bytes equal the text; asks the probe to send it first. */
  static final class Banner implements CheckProvider {
    @Override
    public String name() {
      return "banner";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("echo");
    }

    @Override
    public Check create(@Nullable Object parameter) {
      String expected = String.valueOf(parameter);
      return new Check() {
        @Override
        public ProbeRequest request(ProbeRequest base) {
          return base.withOption("send", expected);
        }

        @Override
        public CheckResult evaluate(ProbeResponse response, org.argos.api.spi.CheckContext context) {
          String got = new String(response.body(), StandardCharsets.UTF_8);
          return got.equals(expected) ? CheckResult.success("banner " + got)
              : CheckResult.failure("expected " + expected + ", got " + got);
        }
      };
    }
  }

  /** Serves {@code echo://}: answers with the bytes of its {@code send} option. */
  final class EchoProvider implements ProbeProvider {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("echo");
    }

    @Override
    public Probe create() {
      return new Probe() {
        @Override
        public ProbeResponse execute(ProbeRequest r) {
          byte[] body = String.valueOf(r.option("send")).getBytes(StandardCharsets.UTF_8);
          return ProbeResponse.of(r, body, false, List.of(), null, ProbeTimings.ofTotal(Duration.ofMillis(1)), null,
              null, Map.of("echo.length", List.of(String.valueOf(body.length))));
        }

        @Override
        public void close() {
          echoClosed.set(true);
        }
      };
    }
  }
}
