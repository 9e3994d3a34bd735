package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.JsonLike;
import org.junit.jupiter.api.Test;

/** The API's JSON-like copies: immutable, order kept, and an error that names the path to the bad value. */
class JsonLikeTest {
  @Test
  void copiesDeeplyIntoImmutableCollectionsKeepingOrder() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of(true, "x"));
    List<Object> list = new ArrayList<>(List.of(inner));
    Object copy = JsonLike.copyOf(Map.of("k", list), "ctx");
    list.clear();
    inner.put("late", 2);
    assertThat(copy).isEqualTo(Map.of("k", List.of(Map.of("z", 1, "a", List.of(true, "x")))));
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) ((List<?>) ((Map<?, ?>) copy).get("k")).get(0);
    assertThat(first.keySet()).containsExactly("z", "a");
    assertThatThrownBy(() -> first.put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void namesThePathToAValueThatIsNotJsonLike() {
    Object bad = Map.of("checks", List.of(Map.of("ok", 1), Map.of("when", new Object())));
    assertThatThrownBy(() -> JsonLike.copyOf(bad, "site example.org"))
        .isInstanceOf(org.argos.api.InvalidValueException.class)
        .hasMessageStartingWith("site example.org.checks[1].when: unsupported value of type java.lang.Object");
    Map<Object, Object> badKey = new LinkedHashMap<>();
    badKey.put(7, "x");
    assertThatThrownBy(() -> JsonLike.copyOf(List.of("a", badKey), "params"))
        .hasMessage("params[1]: map keys must be strings, got 7");
  }
}
