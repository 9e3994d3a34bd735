package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.api.spi.CheckProvider;
import org.junit.jupiter.api.Test;

/** docs/checks.md documents exactly the checks ServiceLoader finds, each with an example, so the doc cannot drift. */
class ChecksDocumentationTest {
  private static final Pattern SECTION = Pattern.compile("^## `([^`]+)`\\s*$", Pattern.MULTILINE);

  static Map<String, String> sections() throws Exception {
    // Surefire runs in the module directory; the docs live at the root of the reactor.
    Path doc = Path.of("..", "docs", "checks.md");
    assertThat(doc).as("docs/checks.md").exists();
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = SECTION.matcher(text);
    String name = null;
    int start = 0;
    while (m.find()) {
      if (name != null) {
        out.put(name, text.substring(start, m.start()));
      }
      assertThat(out).as("section %s appears once", m.group(1)).doesNotContainKey(m.group(1));
      name = m.group(1);
      start = m.end();
    }
    if (name != null) {
      out.put(name, text.substring(start));
    }
    return out;
  }

  static List<String> providerNames() {
    return ServiceLoader.load(CheckProvider.class).stream().map(p -> p.get().name()).toList();
  }

  @Test
  void everyCheckHasASectionAndEverySectionAnInstalledCheck() throws Exception {
    assertThat(sections().keySet()).containsExactlyInAnyOrderElementsOf(providerNames());
  }

  @Test
  void everySectionGivesTheParameterAndAnExampleUsingTheCheck() throws Exception {
    for (Map.Entry<String, String> e : sections().entrySet()) {
      assertThat(e.getValue()).as("section %s", e.getKey())
          .contains("**Parameter:**")
          .contains("```yaml")
          .contains("- " + e.getKey() + ":");
    }
  }
}
