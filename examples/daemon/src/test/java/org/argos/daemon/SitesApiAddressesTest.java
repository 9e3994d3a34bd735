package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.argos.api.Site;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code addresses} through the sites API: kept by the store, shown, and a bad value refused naming the field. */
class SitesApiAddressesTest {
  @TempDir Path dir;
  Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String site(String addresses) {
    return """
        {"domain": "http://127.0.0.1:1", "addresses": "%s",
         "paths": [{"path": "/", "checks": [{"status-is": 200}]}]}""".formatted(addresses);
  }

  @Test
  void everyAddressIsKeptShownAndABadValueRefused() throws Exception {
    String yaml = TestServers.config("").replace("websites:\n", "websites: []\n");
    server = TestServers.start(TestServers.write(dir, yaml));
    String base = TestServers.base(server) + "/api/sites/";
    Http.Response refused = Http.send("PUT", base + "127.0.0.1:1", TestServers.WRITE, site("some"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("addresses").contains("expected one of all, one");

    assertThat(Http.send("PUT", base + "127.0.0.1:1", TestServers.WRITE, site("all")).status()).isEqualTo(201);
    assertThat(Http.get(base + "127.0.0.1:1", TestServers.READ).json().path("addresses").asText()).isEqualTo("all");
    assertThat(server.argos().store().site("http://127.0.0.1:1").orElseThrow().addresses())
        .isEqualTo(Site.Addresses.ALL);
  }
}
