package org.argos.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.InvalidValueException;
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
    assertThat(of(Map.of("timeout", "2min")).timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(of(Map.of("timeout", "1m30s")).timeout()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void badTimeoutsNameSettingAndValue() {
    assertThatThrownBy(() -> of(Map.of("timeout", "soon")).timeout())
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("notifier 'ops' (webhook): timeout: "
            + "expected a duration such as 30s, 5m, 1h, 7d, 1M (month = 30 days) or a number of seconds, got 'soon'");
    assertThatThrownBy(() -> of(Map.of("timeout", "1h")).timeout()).hasMessageContaining("timeout: ")
        .hasMessageContaining("got \"1h\"");
    assertThatThrownBy(() -> of(Map.of("timeout", 0)).timeout()).hasMessageContaining("above 0 and at most 5m");
  }

  @Test
  void unknownKeysAreRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> of(Map.of("timout", 3)))
        .hasMessage("notifier 'ops' (webhook): timout: unknown key \"timout\" (did you mean \"timeout\"?); known keys are "
            + "on, port, secret, timeout, token, url");
  }

  @Test
  void secretsAreMaskedInErrors() {
    assertThatThrownBy(() -> { throw of(Map.of()).invalid("secret", "my-long-shared-secret", "too short"); })
        .hasMessageContaining("secret: too short, got \"my***\"").hasMessageNotContaining("long-shared");
    assertThatThrownBy(() -> { throw of(Map.of()).invalid("token", "abc", "bad"); })
        .hasMessageContaining("token: bad, got \"***\"");
    assertThatThrownBy(() -> { throw of(Map.of()).invalid("url", "https://hooks.slack.com/services/T/B/SECRET", "bad"); })
        .hasMessageContaining("url: bad, got \"https://hooks.slack.com/***\"").hasMessageNotContaining("SECRET");
    assertThatThrownBy(() -> of(Map.of("token", "a-long-bearer-token")).integer("token", 0, 0, 1))
        .hasMessageContaining("got \"a-***\"").hasMessageNotContaining("bearer");
    assertThatThrownBy(() -> of(Map.of("token", Map.of("nested", "a-long-bearer-token"))).string("token", ""))
        .hasMessageContaining("got ***").hasMessageNotContaining("bearer");
  }

  @Test
  void integersAndBooleansAreStrictButAcceptYamlStrings() {
    assertThat(of(Map.of("port", "587")).integer("port", 25, 1, 65535)).isEqualTo(587);
    assertThat(of(Map.of("on", "true")).bool("on", false)).isTrue();
    assertThatThrownBy(() -> of(Map.of("port", 2.5)).integer("port", 25, 1, 65535))
        .hasMessageContaining("port: expected an integer between 1 and 65535, got 2.5");
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
        .hasMessage("notifier 'gotify': servers[0].tokenz: unknown key \"tokenz\" (did you mean \"tokens\"?); known keys "
            + "are tokens, url");
  }
}
