package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of src/test/resources/broken gives the error listed for it in EXPECTED.txt, at that line and column. */
class BrokenConfigTest {
  private static final Path DIR = Path.of("src/test/resources/broken");
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  static Stream<Arguments> corpus() throws IOException {
    return Files.readAllLines(DIR.resolve("EXPECTED.txt")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split(" \\| ", 4))
        .map(p -> Arguments.of(p[0].trim(), p[1].trim(), p[2].trim(), p[3]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void brokenConfigGivesTheExpectedError(String file, String lineColumn, String key, String message) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.load(DIR.resolve(file), Map.of(), checks));
    assertThat(e).as("%s must be refused", file).isNotNull();
    assertThat(e.errors()).as("errors of %s", file).anySatisfy(err -> {
      assertThat(err.where().file()).endsWith(file);
      assertThat(err.where().line() + ":" + err.where().column()).isEqualTo(lineColumn);
      assertThat(err.key()).isEqualTo(key);
      assertThat(err.message()).startsWith(message);
    });
    assertThat(e.getMessage()).contains(file + ":" + lineColumn);
  }

  @Test
  void theCorpusIsLargeAndEveryFileIsListed() throws IOException {
    List<String> listed = corpus().map(a -> (String) a.get()[0]).toList();
    try (Stream<Path> files = Files.list(DIR)) {
      List<String> present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
      assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
    }
    assertThat(listed).hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void everyErrorIsReportedNotOnlyTheFirst() {
    String yaml = """
        general:
          frequency: "often"
          env: staging
        service:
          secrets: [abc]
        websites:
          - domain: "ftp://127.0.0.1"
            paths:
              - path: "/"
                checks:
                  - status-iz: 200
        """;
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigParser.parse("multi.yaml", yaml, Path.of("."), Map.of(), checks));
    assertThat(e.errors()).extracting(ConfigError::key).containsExactly("general.frequency", "general.env",
        "service.secrets[0]", "websites[0].domain", "websites[0].paths[0].checks[0]");
    assertThat(e.getMessage()).startsWith("5 errors in the configuration:")
        .contains("multi.yaml:2:14: general.frequency", "multi.yaml:5:13: service.secrets[0]: is 3 characters long");
  }

  @Test
  void aValidConfigParsesWhenTheEnvironmentProvidesTheVariables() {
    String yaml = """
        general:
          frequency: 2
          cookie_secret: "${COOKIE}"
        service:
          secrets: [!env AGENT_TOKEN, "$${literal}"]
        websites: []
        """;
    String cookie = "c00k1e-from-the-environment-1f3e";
    String token = "t0k3n-from-the-environment-9a7b";
    DaemonConfig c = ConfigParser.parse("ok.yaml", yaml.replace("$${literal}", "$${literal-but-long-enough}"),
        Path.of("."), Map.of("COOKIE", cookie, "AGENT_TOKEN", token), checks);
    assertThat(c.general().cookieSecret()).isEqualTo(cookie);
    assertThat(c.secrets()).containsExactly(token, "${literal-but-long-enough}");
    assertThat(c.general().frequency()).hasMinutes(2);
    assertThatThrownBy(() -> ConfigParser.parse("ok.yaml", yaml, Path.of("."), Map.of("COOKIE", cookie), checks))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ok.yaml:5:13: service.secrets[0]: environment variable AGENT_TOKEN is not set");
  }
}
