package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A result is bounded and immutable, and its copies change one thing each. */
class CheckResultTest {
  @Test
  void statusAndSeverityAreRequiredAndTheRestDefaulted() {
    assertThatThrownBy(() -> new CheckResult(null, Severity.OK, "", Map.of(), null))
        .isInstanceOf(InvalidValueException.class).hasMessage("status and severity are required");
    assertThatThrownBy(() -> new CheckResult(ResultStatus.SUCCESS, null, "", Map.of(), null))
        .isInstanceOf(InvalidValueException.class);
    CheckResult r = new CheckResult(ResultStatus.FAILURE, Severity.WARNING, null, null, null);
    assertThat(r.message()).isEmpty();
    assertThat(r.context()).isEmpty();
    assertThat(CheckResult.success().message()).isEmpty();
    assertThat(CheckResult.success("fine").status()).isEqualTo(ResultStatus.SUCCESS);
    assertThat(CheckResult.failure("down").status()).isEqualTo(ResultStatus.FAILURE);
    assertThat(CheckResult.error("bug").status()).isEqualTo(ResultStatus.ERROR);
  }

  @Test
  void aLongMessageIsCutToTheBoundSayingSoAndStaysCutThroughCopies() {
    String exact = "m".repeat(CheckResult.MAX_MESSAGE);
    assertThat(CheckResult.failure(exact).message()).isEqualTo(exact);
    String longer = "m".repeat(CheckResult.MAX_MESSAGE + 1);
    CheckResult cut = CheckResult.failure(longer);
    assertThat(cut.message()).hasSize(CheckResult.MAX_MESSAGE)
        .endsWith(" [cut: the message had 10001 characters]").startsWith("mmm");
    assertThat(cut.withSeverity(Severity.WARNING).message()).isEqualTo(cut.message());
    assertThat(cut.with("k", 1).message()).isEqualTo(cut.message());
  }

  @Test
  void theContextIsAnImmutableCopy() {
    Map<String, Object> ctx = new HashMap<>();
    ctx.put("expected", 200);
    CheckResult r = new CheckResult(ResultStatus.FAILURE, Severity.CRITICAL, "x", ctx, null);
    ctx.put("actual", 503);
    assertThat(r.context()).containsOnlyKeys("expected");
    assertThatThrownBy(() -> r.context().put("a", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new CheckResult(ResultStatus.FAILURE, Severity.CRITICAL, "x",
        Map.of("bad", new Object()), null)).hasMessageStartingWith("result context.bad: unsupported value");
  }

  @Test
  void copiesChangeOneThingAndKeepTheRest() {
    CheckResult r = CheckResult.failure("down").with("a", 1);
    assertThat(r.with("b", 2).context()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
    assertThat(r.with("a", 9).context()).containsExactly(Map.entry("a", 9));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("a", "extra");
    extra.put("c", 3);
    assertThat(r.withContext(extra).context()).as("existing keys win").containsEntry("a", 1).containsEntry("c", 3);
    assertThat(r.withSeverity(Severity.WARNING)).satisfies(w -> {
      assertThat(w.severity()).isEqualTo(Severity.WARNING);
      assertThat(w.status()).isEqualTo(ResultStatus.FAILURE);
      assertThat(w.context()).isEqualTo(r.context());
    });
    ProbeTimings t = ProbeTimings.ofTotal(Duration.ofMillis(12));
    assertThat(r.withTimings(t).timings()).isEqualTo(t);
    assertThat(t.dns()).isNull();
    assertThat(t.total()).isEqualTo(Duration.ofMillis(12));
    assertThat(r.timings()).isNull();
  }
}
