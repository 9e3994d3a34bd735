package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A check as written: a trimmed type and an immutable JSON-like parameter, shown as Argos shows it. */
class CheckSpecTest {
  @Test
  void theTypeIsRequiredAndTrimmed() {
    assertThat(CheckSpec.of("  status-is ", 200).type()).isEqualTo("status-is");
    assertThatThrownBy(() -> CheckSpec.of(" ", 200)).isInstanceOf(InvalidSiteException.class)
        .hasMessage("check type must not be empty");
    assertThatThrownBy(() -> new CheckSpec(null, 200)).isInstanceOf(InvalidSiteException.class);
  }

  @Test
  void theParameterIsCopiedAndImmutable() {
    List<Object> codes = new ArrayList<>(List.of(200, 201));
    CheckSpec c = CheckSpec.of("status-in", codes);
    codes.add(500);
    assertThat(c.parameter()).isEqualTo(List.of(200, 201));
    assertThatThrownBy(() -> ((List<?>) c.parameter()).clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(c).isEqualTo(CheckSpec.of("status-in", List.of(200, 201)));
  }

  @Test
  void aParameterThatIsNotJsonLikeIsAnInvalidSiteNamingTheCheck() {
    assertThatThrownBy(() -> CheckSpec.of("json-is", Map.of("when", new Object())))
        .isInstanceOf(InvalidSiteException.class).hasMessageStartingWith("check json-is.when: unsupported value");
  }

  @Test
  void expectedIsTheStringItselfOrCanonicalJson() {
    assertThat(CheckSpec.of("body-contains", "Welcome").expected()).isEqualTo("Welcome");
    assertThat(CheckSpec.of("status-is", 200).expected()).isEqualTo("200");
    assertThat(CheckSpec.of("ssl", null).expected()).isEqualTo("null");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1.0);
    m.put("a", List.of("x"));
    assertThat(CheckSpec.of("json-is", m).expected()).isEqualTo("{\"a\":[\"x\"],\"z\":1}");
    assertThat(CheckSpec.of("status-is", 200)).hasToString("status-is: 200");
  }
}
