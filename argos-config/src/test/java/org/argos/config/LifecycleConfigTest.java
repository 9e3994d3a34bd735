package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.AlertLifecycle;
import org.argos.api.Site;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** success_threshold and flapping: defaults in general, overridden per site, off by default (issue 19 §6). */
class LifecycleConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  private List<Site> sites(String general) {
    String yaml = """
        general:
          frequency: "5m"
        %s
        service:
          secrets: [abcdefghijklmnopqrstuvwxyz012345]
        websites:
          - domain: "https://plain.example"
            paths: [{path: "/", checks: [{status-is: 200}]}]
          - domain: "https://own.example"
            success_threshold: 2
            flapping: {changes: 4, within: 30m}
            paths: [{path: "/", checks: [{status-is: 200}]}]
          - domain: "https://quiet.example"
            flapping: off
            paths: [{path: "/", checks: [{status-is: 200}]}]
        """.formatted(general);
    return ConfigParser.parse("lifecycle.yaml", yaml, Path.of("."), Map.of(), checks).sites();
  }

  @Test
  void offByDefault() {
    List<Site> s = sites("");
    assertThat(s.get(0).lifecycle()).isEqualTo(AlertLifecycle.DEFAULT);
    assertThat(s.get(1).lifecycle()).isEqualTo(new AlertLifecycle(2, new AlertLifecycle.Flapping(4,
        Duration.ofMinutes(30))));
    assertThat(s.get(2).lifecycle()).isEqualTo(AlertLifecycle.DEFAULT);
  }

  @Test
  void generalGivesTheDefaultsAndASiteOverridesThem() {
    List<Site> s = sites("""
          success_threshold: 3
          flapping: {}
        """);
    AlertLifecycle.Flapping hour = new AlertLifecycle.Flapping(3, Duration.ofHours(1)); // the defaults
    assertThat(s.get(0).lifecycle()).isEqualTo(new AlertLifecycle(3, hour));
    assertThat(s.get(1).lifecycle()).isEqualTo(new AlertLifecycle(2, new AlertLifecycle.Flapping(4,
        Duration.ofMinutes(30))));
    assertThat(s.get(2).lifecycle()).isEqualTo(new AlertLifecycle(3, null));
  }
}
