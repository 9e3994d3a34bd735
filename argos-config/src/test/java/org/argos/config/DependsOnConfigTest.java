package org.argos.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.api.Site;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;

/** {@code depends_on} (Argos-YAML extension): a parent named by domain, host or address becomes its domain. */
class DependsOnConfigTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  private static String site(String domain, String dependsOn) {
    return "  - domain: \"" + domain + "\"\n" + (dependsOn == null ? "" : "    depends_on: \"" + dependsOn + "\"\n")
        + "    paths:\n      - path: \"/\"\n        checks:\n          - status-is: 200\n";
  }

  @Test
  void aParentNamedByHostAddressOrDomainIsResolvedToItsDomain() {
    String yaml = "general:\n  frequency: 5\nservice:\n  secrets: []\nwebsites:\n"
        + site("https://db.example.org", null) + site("http://10.0.0.5:8080", null)
        + site("https://shop.example.org", "db.example.org") + site("https://blog.example.org", "10.0.0.5")
        + site("https://wiki.example.org", "https://DB.example.org/") + site("https://api.example.org", "shop.example.org");
    DaemonConfig c = ConfigParser.parse("deps.yaml", yaml, Path.of("."), Map.of(), checks);
    Map<String, String> parents = new java.util.TreeMap<>();
    for (Site s : c.sites()) {
      parents.put(s.domain(), String.valueOf(s.dependsOn()));
    }
    assertThat(parents).containsEntry("https://shop.example.org", "https://db.example.org")
        .containsEntry("https://blog.example.org", "http://10.0.0.5:8080")
        .containsEntry("https://wiki.example.org", "https://db.example.org")
        .containsEntry("https://api.example.org", "https://shop.example.org") // a chain is fine, a cycle is not
        .containsEntry("https://db.example.org", "null");
  }
}
