package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Extra request headers go on the wire as written, so none may carry a line break or a bad name, whatever built them. */
class RequestDataHeadersTest {
  private static RequestData headers(String name, String value) {
    return new RequestData(null, false, Map.of(name, value));
  }

  @Test
  void lineBreaksAndControlCharactersInValuesAreRefused() {
    for (String value : new String[] {"a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "a\u0085b", "a\u2028b"}) {
      assertThatThrownBy(() -> headers("X-Test", value)).as(value).isInstanceOf(InvalidSiteException.class)
          .hasMessageStartingWith("request_data.headers.X-Test: a header value must not hold control characters");
    }
    assertThat(headers("X-Test", "a\tb; q=\"é\"").headers()).containsEntry("X-Test", "a\tb; q=\"é\"");
  }

  @Test
  void namesAreTokensAndEverythingIsBounded() {
    for (String name : new String[] {"X Test", "X-Test:", "X\r\nY", "Ñame", "a/b"}) {
      assertThatThrownBy(() -> headers(name, "v")).as(name).hasMessageContaining("a header name may only hold");
    }
    assertThat(headers("X-Custom_1.2~!", "v").headers()).containsKey("x-custom_1.2~!");
    assertThatThrownBy(() -> headers("X", "v".repeat(RequestData.MAX_HEADER_VALUE + 1))).hasMessageContaining("at most 8192");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i <= RequestData.MAX_HEADERS; i++) {
      many.put("X-" + i, "v");
    }
    assertThatThrownBy(() -> new RequestData(null, false, many)).hasMessageContaining("at most 100 headers");
  }
}
