package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code depends_on} through the sites API: a parent named by domain is kept and shown; a host alone is refused. */
class SitesApiDependsOnTest {
  private static final String PARENT = """
      {"domain": "http://127.0.0.1:1", "paths": [{"path": "/", "checks": [{"status-is": 200}]}]}""";

  @TempDir Path dir;
  Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String child(String dependsOn) {
    return """
        {"domain": "http://127.0.0.1:2", "depends_on": "%s",
         "paths": [{"path": "/", "checks": [{"status-is": 200}]}]}""".formatted(dependsOn);
  }

  @Test
  void aParentNamedByDomainIsKeptAndAHostAloneIsRefusedNamingTheField() throws Exception {
    String yaml = TestServers.config("").replace("websites:\n", "websites: []\n");
    server = TestServers.start(TestServers.write(dir, yaml));
    String base = TestServers.base(server) + "/api/sites/";
    assertThat(Http.send("PUT", base + "127.0.0.1:1", TestServers.WRITE, PARENT).status()).isEqualTo(201);

    Http.Response refused = Http.send("PUT", base + "127.0.0.1:2", TestServers.WRITE, child("127.0.0.1"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("depends_on").contains("name the parent by its domain");

    assertThat(Http.send("PUT", base + "127.0.0.1:2", TestServers.WRITE, child("http://127.0.0.1:1/")).status())
        .isEqualTo(201);
    assertThat(Http.get(base + "127.0.0.1:2", TestServers.READ).json().path("depends_on").asText())
        .isEqualTo("http://127.0.0.1:1");
    assertThat(server.argos().store().site("http://127.0.0.1:2").orElseThrow().dependsOn())
        .isEqualTo("http://127.0.0.1:1");
  }
}
