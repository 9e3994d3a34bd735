package org.argos.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.InvalidValueException;
import org.argos.api.Severity;
import org.junit.jupiter.api.Test;

/** The typed reader: each getter, and errors that name the path, the value and, when known, the position. */
class SettingsTest {
  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void typedGettersReadWhatJacksonAndYamlProduce() {
    Settings s = Settings.of(map("host", " smtp.example.org ", "port", 587, "portText", "25", "tls", "TRUE",
        "timeout", "1m30s", "bare", 10, "severity", "critical", "to", List.of("a@x", "b@x"), "one", "c@x",
        "token", 12345, "ratio", 2.0), "mail");
    assertThat(s.string("host", "x")).isEqualTo("smtp.example.org");
    assertThat(s.get("host").asString()).isEqualTo(" smtp.example.org ");
    assertThat(s.integer("port", 25, 1, 65535)).isEqualTo(587);
    assertThat(s.integer("portText", 0, 1, 65535)).isEqualTo(25);
    assertThat(s.longValue("ratio", 0, 0, 10)).isEqualTo(2);
    assertThat(s.bool("tls", false)).isTrue();
    assertThat(s.duration("timeout", ChronoUnit.SECONDS, Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.duration("bare", ChronoUnit.SECONDS, Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.enumValue("severity", Severity.class, Severity.OK)).isEqualTo(Severity.CRITICAL);
    assertThat(s.strings("to")).containsExactly("a@x", "b@x");
    assertThat(s.strings("one")).containsExactly("c@x");
    assertThat(s.strings("absent")).isEmpty();
    assertThat(s.string("token")).contains("12345");
    assertThat(s.string("absent")).isEmpty();
    assertThat(s.integer("absent", 7, 1, 10)).isEqualTo(7);
    assertThat(s.bool("absent", true)).isTrue();
    assertThat(s.has("absent")).isFalse();
    assertThat(s.get("absent").isPresent()).isFalse();
  }

  @Test
  void aBadValueIsReportedAtItsPathWithTheValueShown() {
    Map<String, Object> doc = map("checks", List.of(map("a", 1), map("b", 2),
        map("parameter", map("max", "lots", "min", 0))));
    Settings root = Settings.of(doc, "");
    Settings third = root.objects("checks").get(2);
    assertThat(third.path()).isEqualTo("checks[2]");
    Settings parameter = third.object("parameter").orElseThrow();
    assertThatThrownBy(() -> parameter.integer("max", 1, 1, 100))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("checks[2].parameter.max: expected an integer between 1 and 100, got \"lots\"")
        .satisfies(e -> {
          InvalidValueException ive = (InvalidValueException) e;
          assertThat(ive.path()).isEqualTo("checks[2].parameter.max");
          assertThat(ive.problem()).isEqualTo("expected an integer between 1 and 100, got \"lots\"");
          assertThat(ive.position()).isNull();
        });
    assertThatThrownBy(() -> parameter.integer("min", 1, 1, 100)).hasMessageContaining("parameter.min:")
        .hasMessageContaining("got 0");
  }

  @Test
  void boundsAndTypesAreEnforced() {
    Settings s = Settings.of(map("n", 101, "big", "99999999999999999999", "f", 1.5, "b", "yes", "d", "1h",
        "e", "fine", "l", "x", "m", List.of(1)), "");
    assertThatThrownBy(() -> s.integer("n", 0, 1, 100)).hasMessageContaining("between 1 and 100, got 101");
    assertThatThrownBy(() -> s.integer("big", 0, 1, 100)).hasMessageContaining("big: expected an integer");
    assertThatThrownBy(() -> s.integer("f", 0, 1, 100)).hasMessageContaining("got 1.5");
    assertThatThrownBy(() -> s.integer("b", 0, 1, 100)).hasMessageContaining("got \"yes\"");
    assertThatThrownBy(() -> s.bool("b", false)).hasMessageContaining("b: expected true or false, got \"yes\"");
    assertThatThrownBy(() -> s.get("d").asDuration(ChronoUnit.SECONDS, Duration.ofSeconds(1), Duration.ofMinutes(5)))
        .hasMessageContaining("d: expected a duration between 1s and 5m, got \"1h\"");
    assertThatThrownBy(() -> s.get("b").asDuration(ChronoUnit.SECONDS)).hasMessageContaining("b: expected a duration");
    assertThatThrownBy(() -> s.enumValue("e", Severity.class, Severity.OK))
        .hasMessageContaining("e: expected one of ok, warning, critical, unknown, got \"fine\"");
    assertThatThrownBy(() -> s.get("l").asList()).hasMessageContaining("l: expected a list");
    assertThatThrownBy(() -> s.strings("m")).hasMessageContaining("m[0]: expected a non-empty string, got 1");
    assertThatThrownBy(() -> s.object("l")).hasMessageContaining("l: expected a map");
    assertThatThrownBy(() -> s.objects("m")).hasMessageContaining("m[0]: expected a map");
    assertThatThrownBy(() -> s.required("absent")).hasMessage("absent: is required");
    assertThatThrownBy(() -> Settings.of(List.of(), "x")).hasMessage("x: expected a map, got []");
    assertThatThrownBy(() -> Settings.of(Map.of(List.of(1), 2), "x")).hasMessageContaining("expected string keys");
    assertThat(Settings.of(Map.of(10, "warning"), "x").get("10").asString()).isEqualTo("warning"); // YAML's 10: warning
  }

  @Test
  void unknownKeysAreRefusedListingTheKnownOnes() {
    Settings s = Settings.of(map("host", "h", "prot", 25), "notifier 'ops' (mail)");
    assertThatThrownBy(() -> s.allowOnly("host", "port"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("notifier 'ops' (mail): prot: unknown key \"prot\" (did you mean \"port\"?); known keys are host, port");
    assertThatThrownBy(() -> Settings.of(map("colour", 1), "").allowOnly("host", "port"))
        .hasMessage("colour: unknown key \"colour\"; known keys are host, port"); // nothing close: no suggestion
    assertThatThrownBy(() -> Settings.of(map("x".repeat(100_000), 1), "").allowOnly("host"))
        .hasMessageContaining("unknown key").satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(100_000 + 300));
    assertThat(s.allowOnly("host", "prot")).isSameAs(s);
  }

  @Test
  void keysThatAreNotNamesAreQuotedInPaths() {
    Settings s = Settings.of(map("/data/0", map("x y", true)), "");
    assertThatThrownBy(() -> s.object("/data/0").orElseThrow().integer("x y", 0, 0, 1))
        .hasMessageStartingWith("[\"/data/0\"][\"x y\"]: expected an integer");
  }

  @Test
  void aSourceThatKnowsPositionsPutsThemInTheMessage() {
    ValuePositions yaml = path -> path.equals("websites[0].frequency") ? "argos.yaml:12:16" : null;
    Settings site = Settings.of(map("frequency", "often"), "", "websites[0]", yaml);
    assertThatThrownBy(() -> site.duration("frequency", ChronoUnit.MINUTES, Duration.ofMinutes(5)))
        .hasMessageStartingWith("argos.yaml:12:16: websites[0].frequency: expected a duration")
        .satisfies(e -> assertThat(((InvalidValueException) e).position()).isEqualTo("argos.yaml:12:16"));
  }

  @Test
  void anErrorFromAPluginIsPlacedInTheDocumentThatHeldItsParameter() {
    InvalidCheckParameterException fromPlugin = catchFrom(() -> {
      Setting p = Setting.checkParameter("response-time", map("critical", -5));
      p.asObject().required("critical").asLong(1, 60_000);
    });
    assertThat(fromPlugin).hasMessage("response-time: critical: expected an integer between 1 and 60000, got -5");
    ValuePositions yaml = path -> path.equals("websites[0].paths[0].checks[2].parameter.critical")
        ? "argos.yaml:20:27" : null;
    InvalidValueException placed = fromPlugin.within("websites[0].paths[0].checks[2].parameter", yaml);
    assertThat(placed).hasMessage("argos.yaml:20:27: response-time: websites[0].paths[0].checks[2].parameter.critical: "
        + "expected an integer between 1 and 60000, got -5").hasCause(fromPlugin);
    assertThat(placed.subject()).isEqualTo("response-time");
  }

  private static InvalidCheckParameterException catchFrom(Runnable r) {
    try {
      r.run();
    } catch (InvalidCheckParameterException e) {
      return e;
    }
    throw new AssertionError("nothing thrown");
  }

  @Test
  void secretsCanBeMaskedInMessages() {
    Settings s = Settings.of(map("password", "hunter2-long-secret", "port", "x"), "mail")
        .displaying(v -> v.key().equals("password") ? "\"hu***\"" : null);
    assertThatThrownBy(() -> s.integer("password", 0, 0, 1)).hasMessageContaining("got \"hu***\"")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> s.integer("port", 0, 0, 1)).hasMessageContaining("got \"x\"");
  }

  @Test
  void longValuesAreAbbreviated() {
    Setting s = Setting.of("a".repeat(100_000), "body-contains");
    assertThatThrownBy(() -> s.asInt(0, 1)).satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  @Test
  void listsAndSingleValues() {
    Setting list = Setting.of(Arrays.asList(1, null, "x"), "");
    assertThat(list.asList()).extracting(Setting::path).containsExactly("[0]", "[1]", "[2]");
    assertThat(Setting.of("x", "").asListOrOne()).extracting(Setting::raw).containsExactly("x");
    assertThat(Setting.of(null, "").asListOrOne()).isEmpty();
    assertThat(Setting.of(null, "").asObject().keys()).isEmpty();
    assertThat(Setting.of(Map.of("a", List.of(1)), "").asObject().get("a").asList().get(0).key()).isEqualTo("a");
  }

  @Test
  void checkParametersFailWithTheCheckSpiException() {
    assertThatThrownBy(() -> Setting.checkParameter("status-is", "two hundred").asInt(100, 599))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessage("status-is: expected an integer between 100 and 599, got \"two hundred\"");
  }
}
