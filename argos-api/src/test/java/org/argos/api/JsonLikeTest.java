package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON-like copies are immutable, keep their order and name the path to a bad value; canonical renderings are equal
 * for equal values.
 */
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
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("site example.org.checks[1].when: unsupported value of type java.lang.Object");
    Map<Object, Object> badKey = new LinkedHashMap<>();
    badKey.put(7, "x");
    assertThatThrownBy(() -> JsonLike.copyOf(List.of("a", badKey), "params"))
        .hasMessage("params[1]: map keys must be strings, got 7");
  }

  @Test
  void scalarsAndNullAreKeptAsTheyAre() {
    assertThat(JsonLike.copyOf(null, "x")).isNull();
    assertThat(JsonLike.copyOf("s", "x")).isEqualTo("s");
    assertThat(JsonLike.copyOf(42L, "x")).isEqualTo(42L);
    assertThat(JsonLike.copyOf(false, "x")).isEqualTo(false);
    assertThatThrownBy(() -> JsonLike.copyOf('c', "param")).hasMessageStartingWith("param: unsupported value of type "
        + "java.lang.Character");
    assertThatThrownBy(() -> JsonLike.copyOf(java.util.Set.of(1), "param")).hasMessageContaining("unsupported value");
  }

  @Test
  void theCanonicalFormSortsKeysAndWritesNumbersOneWay() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("a", List.of(2.50, 1.0, 3.0f, new java.math.BigDecimal("1E+2"), -0.5, 7L));
    m.put("c", null);
    assertThat(JsonLike.canonical(m)).isEqualTo("{\"a\":[2.5,1,3,100,-0.5,7],\"b\":1,\"c\":null}");
    Map<String, Object> reversed = new LinkedHashMap<>();
    reversed.put("c", null);
    reversed.put("a", List.of(2.5, 1, 3, 100, -0.5, 7));
    reversed.put("b", 1L);
    assertThat(JsonLike.canonical(reversed)).isEqualTo(JsonLike.canonical(m));
    assertThat(JsonLike.canonical(List.of(1, 2))).isNotEqualTo(JsonLike.canonical(List.of(2, 1)));
    assertThat(JsonLike.canonical(null)).isEqualTo("null");
    assertThat(JsonLike.canonical(true)).isEqualTo("true");
    assertThat(JsonLike.canonical(Map.of())).isEqualTo("{}");
  }

  @Test
  void theCanonicalFormEscapesStrings() {
    assertThat(JsonLike.canonical("a\"b\\c\nd\re\tf\u0001g\u00e9")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\u00e9\"");
    assertThat(JsonLike.canonical(Map.of("k\"ey", "v"))).isEqualTo("{\"k\\\"ey\":\"v\"}");
  }
}
