package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.config.ConfigException;
import org.argos.config.ConfigParser;

/** A config file cannot make the daemon run out of memory or stack: aliases, nesting and includes have budgets. */
class ConfigBudgetTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  @TempDir Path dir;

  static final String HEAD = """
      general:
        frequency: "5m"
      service:
        secrets: ["4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99"]
      """;

  /** Seven levels of ten aliases each: a few hundred bytes that expand to ten million strings. */
  static String aliasBomb() {
    StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'h'; c++) {
      sb.append(c).append(": &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(10, "*" + prev)))
          .append("]\n");
      prev = c;
    }
    return sb.toString();
  }

  private ConfigException refused(String name, String yaml) throws Exception {
    Path f = Files.writeString(dir.resolve(name), yaml);
    long started = System.nanoTime();
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.load(f, Map.of(), checks));
    assertThat(e).as("%s must be refused", name).isNotNull();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused at once").isLessThan(Duration.ofSeconds(20));
    return e;
  }

  @Test
  void anAliasBombIsRefusedNamingTheFileAndLine() throws Exception {
    String yaml = HEAD + "websites: []\nargos_java:\n  notifiers:\n    bomb:\n      type: local\n"
        + aliasBomb().indent(6);
    assertThat(yaml.length()).isLessThan(1000);
    ConfigException e = refused("bomb.yaml", yaml);
    assertThat(e.errors()).anySatisfy(err -> {
      assertThat(err.where().file()).endsWith("bomb.yaml");
      assertThat(err.where().line()).isBetween(10, 20);
      assertThat(err.message()).contains("YAML aliases expand to more than");
    });
  }

  @Test
  void aliasesOfNestedValuesCannotNestPastTheDepthLimit() throws Exception {
    StringBuilder sb = new StringBuilder(HEAD + "websites: []\nx0: &x0 1\n");
    for (int i = 1; i <= 200; i++) {
      sb.append("x").append(i).append(": &x").append(i).append(" [[[*x").append(i - 1).append("]]]\n");
    }
    ConfigException e = refused("deep.yaml", sb.toString());
    assertThat(e.getMessage()).contains("deep.yaml:", "nested deeper than 64 levels");
  }

  @Test
  void directNestingIsBoundedToo() throws Exception {
    ConfigException e = refused("nested.yaml", HEAD + "websites: []\nx: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    assertThat(e.getMessage()).contains("nested.yaml:", "invalid YAML");
  }

  @Test
  void includesCannotChainForever() throws Exception {
    for (int i = 0; i < 20; i++) {
      Files.writeString(dir.resolve("part" + i + ".yaml"), "- !include part" + (i + 1) + ".yaml\n");
    }
    Files.writeString(dir.resolve("part20.yaml"), "[]\n");
    ConfigException e = refused("chain.yaml", HEAD + "websites: !include part0.yaml\n");
    assertThat(e.getMessage()).contains("part14.yaml:1:3", "includes nested deeper than 16 files");
  }

  @Test
  void aRealConfigSharingDefaultsThroughMergeKeysStaysWithinBudget() throws Exception {
    StringBuilder sb = new StringBuilder(HEAD + "defaults: &defaults\n  frequency: 10m\n  paths:\n    - path: /\n      checks:\n"
        + "        - status-is: 200\n        - body-contains: ok\nwebsites:\n");
    for (int i = 0; i < 30_000; i++) {
      sb.append("  - <<: *defaults\n    domain: https://site").append(i).append(".example\n");
    }
    Path f = Files.writeString(dir.resolve("fleet.yaml"), sb.toString().replace("defaults: &defaults", "x_defaults: &defaults"));
    // the unknown top key aside, nothing is refused: aliases that merely share defaults fit the budget
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.load(f, Map.of(), checks));
    assertThat(e.errors()).as(e.getMessage()).singleElement().satisfies(err -> assertThat(err.key()).isEqualTo("x_defaults"));
  }
}
