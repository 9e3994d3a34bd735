package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.agents.protocol.Json;

/**
 * Site request headers and bodies hold credentials for the sites checked (Authorization, API keys, login forms): only
 * a client that may change the site sees them; every other view masks them. Agents still get them in their tasks.
 */
class SiteCredentialsMaskingTest {
  private static final String HEADER_SECRET = "Bearer upstream-credential-4471";
  private static final String KEY_SECRET = "api-key-value-9320";
  private static final String FORM_SECRET = "form-password-5518";
  private static final String SITE = """
      {"domain": "http://127.0.0.1:1", "paths": [{"path": "/login", "method": "POST",
       "request_data": {"data": {"user": "argos", "password": "%s"},
                        "headers": {"Authorization": "%s", "X-Api-Key": "%s"}},
       "checks": [{"status-is": 200}]}]}""".formatted(FORM_SECRET, HEADER_SECRET, KEY_SECRET);

  @TempDir Path dir;
  Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Server start(String argosJava, String general) throws Exception {
    String yaml = TestServers.config(argosJava).replace("  frequency: \"1s\"\n", "  frequency: \"1s\"\n" + general)
        .replace("websites:\n", "websites: []\n");
    server = TestServers.start(TestServers.write(dir, yaml));
    assertThat(Http.send("PUT", TestServers.base(server) + "/api/sites/127.0.0.1:1", TestServers.WRITE, SITE).status())
        .isEqualTo(201);
    return server;
  }

  private static void assertNoSecret(String text) {
    assertThat(text).doesNotContain(HEADER_SECRET, "upstream-credential", KEY_SECRET, FORM_SECRET);
  }

  @Test
  void theSitesApiShowsRequestDataOnlyToWriters() throws Exception {
    start("", "");
    String url = TestServers.base(server) + "/api/sites/127.0.0.1:1";
    Http.Response read = Http.get(url, TestServers.READ);
    assertThat(read.status()).isEqualTo(200);
    assertNoSecret(read.body());
    JsonNode rd = read.json().path("paths").get(0).path("request_data");
    assertThat(rd.path("headers").path("Authorization").asText()).isEqualTo("***");
    assertThat(rd.path("headers").path("X-Api-Key").asText()).isEqualTo("***");
    assertThat(rd.path("data").asText()).isEqualTo("***");
    assertNoSecret(Http.get(TestServers.base(server) + "/api/sites", TestServers.READ).body());

    for (String token : new String[] {TestServers.WRITE, TestServers.ADMIN}) {
      JsonNode full = Http.get(url, token).json().path("paths").get(0).path("request_data");
      assertThat(full.path("headers").path("Authorization").asText()).isEqualTo(HEADER_SECRET);
      assertThat(full.path("headers").path("X-Api-Key").asText()).isEqualTo(KEY_SECRET);
      assertThat(full.path("data").path("password").asText()).isEqualTo(FORM_SECRET);
    }
    // Masking is a view: the site itself keeps its credentials.
    assertThat(server.argos().sites().get(0).paths().get(0).requestData().headers())
        .containsEntry("X-Api-Key", KEY_SECRET);
  }

  @Test
  void theWebUiNeverShowsThem() throws Exception {
    start("", "  unauthenticated_access: all\n");
    long task = server.argos().store().tasks("http://127.0.0.1:1").get(0).taskId();
    for (String page : new String[] {"/", "/domains", "/domain/127.0.0.1:1", "/task/" + task + "/results"}) {
      Http.Response r = Http.get(TestServers.base(server) + page);
      assertThat(r.status()).as(page).isEqualTo(200);
      assertNoSecret(r.body());
    }
  }

  @Test
  void agentsStillReceiveThemInTheirTasks() throws Exception {
    start("  probing: agents\n", "");
    String base = TestServers.base(server);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> server.remote().waitingGroups() == 1);
    Http.Response tasks = Http.get(base + "/api/tasks?limit=5&agent_id=a", TestServers.TOKEN);
    assertThat(tasks.status()).isEqualTo(200);
    JsonNode requestData = Json.MAPPER.readTree(tasks.json().get(0).path("request_data").asText());
    assertThat(requestData.path("headers").path("Authorization").asText()).isEqualTo(HEADER_SECRET);
    assertThat(requestData.path("data").path("password").asText()).isEqualTo(FORM_SECRET);
  }
}
