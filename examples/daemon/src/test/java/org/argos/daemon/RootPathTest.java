package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** general.root_path puts the whole API under a prefix, as Argos does behind a reverse proxy. */
class RootPathTest {
  @TempDir Path dir;

  @Test
  void theApiLivesUnderTheRootPath() throws Exception {
    String yaml = TestServers.config("").replace("  frequency: \"1s\"\n", "  frequency: \"1s\"\n  root_path: \"/argos\"\n")
        .replace("websites:\n", "websites: []\n");
    try (Server server = TestServers.start(TestServers.write(dir, yaml))) {
      String base = TestServers.base(server);
      assertThat(Http.get(base + "/argos/api/severities").status()).isEqualTo(200);
      assertThat(Http.get(base + "/argos/healthz").json().path("status").asText()).isEqualTo("ok");
      assertThat(Http.get(base + "/api/severities").status()).isEqualTo(404);
    }
  }
}
