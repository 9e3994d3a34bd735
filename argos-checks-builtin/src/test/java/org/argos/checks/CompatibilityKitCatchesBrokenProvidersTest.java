package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.CheckResult;
import org.argos.api.Severity;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeResponse;
import org.argos.testkit.CheckProviderCompatibilityKit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The kit must be able to fail: run it on deliberately broken providers and expect the matching tests to fail. The
 * broken kits are static nested classes, which Surefire does not run on its own.
 */
class CompatibilityKitCatchesBrokenProvidersTest {

  /** Refuses bad parameters with the wrong exception, and without naming itself. */
  static final class WrongRefusalKit extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new BrokenProvider("broken-refusal") {
        @Override
        public Check create(@Nullable Object parameter) {
          if (!"good".equals(parameter)) {
            throw new IllegalArgumentException("bad value");
          }
          return (response, context) -> CheckResult.success();
        }
      };
    }
  }

  /** Accepts anything, throws on transport errors, keeps state between evaluations, and has a bad name. */
  static final class UnsafeEvaluationKit extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      AtomicInteger calls = new AtomicInteger();
      return new BrokenProvider("Unsafe_Name") {
        @Override
        public Check create(@Nullable Object parameter) {
          return (response, context) -> {
            if (response.error() != null) {
              throw new IllegalStateException("no status");
            }
            return CheckResult.success().with("call", calls.incrementAndGet());
          };
        }
      };
    }
  }

  /** Warns by itself but judges an agent's report with the default mapping, and throws on a status it does not know. */
  static final class UnjudgedSeverityKit extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new BrokenProvider("unjudged-severity") {
        @Override
        public Check create(@Nullable Object parameter) {
          return new Check() {
            @Override
            public CheckResult evaluate(ProbeResponse response, CheckContext context) {
              return CheckResult.failure("always a warning").withSeverity(Severity.WARNING);
            }

            @Override
            public CheckResult judgeReport(AgentReport report, CheckContext context) {
              if (report.status().equals("later")) {
                throw new IllegalStateException("unknown status");
              }
              return report.defaultResult();
            }
          };
        }
      };
    }
  }

  private abstract static class BrokenProvider implements CheckProvider {
    private final String name;

    BrokenProvider(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "broken on purpose";
    }

    @Override
    public String parameterHelp() {
      return "\"good\"";
    }

    @Override
    public List<@Nullable Object> exampleParameters() {
      return List.of("good");
    }

    @Override
    public List<@Nullable Object> invalidParameters() {
      return List.of("bad", Map.of("x", 1));
    }
  }

  private static Events run(Class<?> kit) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
  }

  private static List<String> failed(Events events) {
    return events.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
  }

  @Test
  void catchesAWrongRefusal() {
    Events events = run(WrongRefusalKit.class);
    assertThat(failed(events)).containsExactly("refusesEveryInvalidParameterNamingTheCheck()");
  }

  @Test
  void catchesLaxParametersThrowingOnTransportErrorsUnsafeStateAndABadName() {
    Events events = run(UnsafeEvaluationKit.class);
    assertThat(failed(events)).containsExactlyInAnyOrder(
        "nameIsLowerCaseWordsJoinedByDashes()",
        "refusesEveryInvalidParameterNamingTheCheck()",
        "evaluatesSampleResponsesWithoutThrowing()",
        "evaluatesTransportErrorsWithoutThrowing()",
        "evaluationIsThreadSafe()",
        "judgesAnAgentsReportOfItsOwnResultAsItEvaluatedIt()");
  }

  @Test
  void catchesAnAgentsReportJudgedOtherwiseThanTheEvaluationAndAJudgementThatThrows() {
    Events events = run(UnjudgedSeverityKit.class);
    assertThat(failed(events)).containsExactlyInAnyOrder(
        "refusesEveryInvalidParameterNamingTheCheck()",
        "judgesAnAgentsReportOfItsOwnResultAsItEvaluatedIt()",
        "judgesOddAgentReportsWithoutThrowing()");
  }
}
