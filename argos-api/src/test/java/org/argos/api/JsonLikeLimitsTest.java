package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON-like values are bounded: a hostile context or parameter is refused with a message, never a stack overflow. */
class JsonLikeLimitsTest {
  private static Object nested(int depth) {
    Object v = 1;
    for (int i = 0; i < depth; i++) {
      v = Map.of("a", v);
    }
    return v;
  }

  @Test
  void valuesNestedTooDeepAreRefusedNotOverflowingTheStack() {
    assertThat(JsonLike.copyOf(nested(100), "ctx")).isEqualTo(nested(100));
    assertThatThrownBy(() -> JsonLike.copyOf(nested(100 + 1), "ctx"))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("nested deeper than 100 levels");
    assertThatThrownBy(() -> JsonLike.copyOf(nested(100_000), "ctx"))
        .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("ctx.a.a.a");
    @SuppressWarnings("unchecked")
    Map<String, Object> deep = (Map<String, Object>) nested(100_000);
    assertThatThrownBy(() -> new CheckResult(ResultStatus.SUCCESS, Severity.OK, "", deep, null))
        .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("result context.a.a");
    assertThatThrownBy(() -> new CheckSpec("json-is", deep)).hasMessageContaining("nested deeper");
  }

  @Test
  void valuesWithTooManyPartsAreRefused() {
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      many.add(i);
    }
    assertThatThrownBy(() -> JsonLike.copyOf(many, "ctx")).hasMessageContaining("more than 1000000 values");
    many.remove(0);
    assertThat((List<?>) JsonLike.copyOf(many, "ctx")).hasSize(1_000_000 - 1);
  }
}
