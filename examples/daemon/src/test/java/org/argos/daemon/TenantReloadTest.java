package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload applies tenant changes: a site moved to another tenant is seen by that tenant's token alone, a removed token
 * is refused, a new one admitted.
 */
class TenantReloadTest {
  private static final String ACME = "acme-token-of-the-tests-3c5e7a9b1d";
  private static final String GLOBEX = "globex-token-of-the-tests-8f6d4b2a0c";
  private static final String GLOBEX_NEW = "globex-newer-token-of-the-tests-1a2b3c";

  @TempDir Path dir;
  Server server;
  Path config;

  private static String tenants(String siteTenant, String globexToken) {
    return """
        tenants:
          - slug: acme
            api_tokens: [{name: acme-ci, token: "%s", role: viewer}]
          - slug: globex
            api_tokens: [{name: globex-ci, token: "%s", role: viewer}]
        """.formatted(ACME, globexToken) + "websites:\n" + """
          - domain: "http://127.0.0.1:9"
            tenant: %s
            paths: [{path: /, checks: [{status-is: 200}]}]
        """.formatted(siteTenant);
  }

  private String yaml(String siteTenant, String globexToken) {
    return TestServers.config("").replace("websites:\n", tenants(siteTenant, globexToken));
  }

  @BeforeEach
  void setUp() throws Exception {
    config = TestServers.write(dir, yaml("acme", GLOBEX));
    server = TestServers.start(config);
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private int site(String token) {
    return Http.get(TestServers.base(server) + "/api/sites/127.0.0.1:9", token).status();
  }

  private String list(String token) {
    return Http.get(TestServers.base(server) + "/api/sites", token).body();
  }

  @Test
  void aReloadMovesASiteBetweenTenantsAndChangesTheirTokens() throws Exception {
    assertThat(site(ACME)).isEqualTo(200);
    assertThat(site(GLOBEX)).isEqualTo(404);
    assertThat(list(GLOBEX)).doesNotContain("127.0.0.1:9");

    Files.writeString(config, yaml("globex", GLOBEX_NEW));
    Http.Response reload = Http.send("POST", TestServers.base(server) + "/api/reload-config", TestServers.ADMIN, null);
    assertThat(reload.status()).as(reload.body()).isEqualTo(200);

    assertThat(site(ACME)).isEqualTo(404);
    assertThat(list(ACME)).doesNotContain("127.0.0.1:9");
    assertThat(site(GLOBEX_NEW)).isEqualTo(200);
    assertThat(list(GLOBEX_NEW)).contains("127.0.0.1:9");
    assertThat(site(GLOBEX)).as("the removed token").isEqualTo(401);
    assertThat(site(TestServers.READ)).as("the operator").isEqualTo(200);
  }
}
