package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.ArgosException;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static Settings of(Map<String, Object> map) {
    return Settings.of("webhook", "ops", map, Set.of("timeout", "port", "secret", "url", "token", "on"));
  }

  @Test
  void timeoutAcceptsSecondsAndDurations() {
    assertThat(of(Map.of()).timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(of(Map.of("timeout", 3)).timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(of(Map.of("timeout", 1.5)).timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(of(Map.of("timeout", "250ms")).timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(of(Map.of("timeout", "20s")).timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(of(Map.of("timeout", "2m")).timeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void badTimeoutsNameSettingAndValue() {
    assertThatThrownBy(() -> of(Map.of("timeout", "soon")).timeout())
        .isInstanceOf(ArgosException.class)
        .hasMessage("notifier 'ops' (webhook): setting 'timeout' = 'soon' is invalid: "
            + "expected seconds (number) or a duration such as 500ms, 10s, 1m");
    assertThatThrownBy(() -> of(Map.of("timeout", "1h")).timeout()).hasMessageContaining("'timeout' = '1h'");
    assertThatThrownBy(() -> of(Map.of("timeout", 0)).timeout()).hasMessageContaining("above 0 and at most 5m");
  }

  @Test
  void unknownKeysAreRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> of(Map.of("timout", 3)))
        .hasMessage("notifier 'ops' (webhook): unknown setting 'timout'; known settings are on, port, secret, timeout, token, url");
  }

  @Test
  void secretsAreMaskedInErrors() {
    assertThatThrownBy(() -> { throw of(Map.of()).invalid("secret", "my-long-shared-secret", "too short"); })
        .hasMessageContaining("'secret' = 'my***'").hasMessageNotContaining("long-shared");
    assertThatThrownBy(() -> { throw of(Map.of()).invalid("token", "abc", "bad"); })
        .hasMessageContaining("'token' = '***'");
    assertThatThrownBy(() -> { throw of(Map.of()).invalid("url", "https://hooks.slack.com/services/T/B/SECRET", "bad"); })
        .hasMessageContaining("'url' = 'https://hooks.slack.com/***'").hasMessageNotContaining("SECRET");
  }

  @Test
  void integersAndBooleansAreStrictButAcceptYamlStrings() {
    assertThat(of(Map.of("port", "587")).integer("port", 25, 1, 65535)).isEqualTo(587);
    assertThat(of(Map.of("on", "true")).bool("on", false)).isTrue();
    assertThatThrownBy(() -> of(Map.of("port", 2.5)).integer("port", 25, 1, 65535))
        .hasMessageContaining("'port' = 2.5 is invalid: expected an integer between 1 and 65535");
    assertThatThrownBy(() -> of(Map.of("on", "yes")).bool("on", false)).hasMessageContaining("expected true or false");
  }

  @Test
  void nullValuesCountAsAbsent() {
    Map<String, Object> map = new HashMap<>();
    map.put("port", null);
    assertThat(of(map).integer("port", 25, 1, 65535)).isEqualTo(25);
  }

  @Test
  void nestedErrorsNameTheFullPath() {
    Settings s = Settings.of("gotify", "gotify", Map.of("servers", List.of(Map.of("url", "x", "tokenz", "t"))),
        Set.of("servers"));
    assertThatThrownBy(() -> s.optionalSectionList("servers", Set.of("url", "tokens")))
        .hasMessage("notifier 'gotify': unknown setting 'servers[0].tokenz'; known settings are tokens, url");
  }
}
