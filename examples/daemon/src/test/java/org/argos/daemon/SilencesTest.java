package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.argos.api.Silence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance windows from the config and through the API. */
class SilencesTest {
  @TempDir Path dir;
  private Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static final String CONFIG_SILENCE = """
      silences:
          - id: nightly-upgrade
            tag: db
            from: "2026-12-01T22:00:00+01:00"
            until: "2026-12-01T23:30:00+01:00"
            reason: "database upgrade"
      """;

  @Test
  void configSilencesApplyAndAReloadReplacesThem() throws Exception {
    Path cfg = TestServers.write(dir, TestServers.config("").replace("  first_run_spread: 0\n",
        "  first_run_spread: 0\n  " + CONFIG_SILENCE.strip().replace("\n", "\n  ") + "\n"));
    server = TestServers.start(cfg);
    assertThat(server.argos().silences()).extracting(Silence::id, Silence::tag, Silence::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("nightly-upgrade", "db", "database upgrade"));

    TestServers.write(dir, TestServers.config(""));
    assertThat(server.reload().ok()).isTrue();
    assertThat(server.argos().silences()).isEmpty();
  }

  @Test
  void silencesCanBeAddedListedAndRemovedThroughTheApi() throws Exception {
    server = TestServers.start(TestServers.write(dir, TestServers.config("")));
    String api = TestServers.base(server) + "/api/silences";
    String body = """
        {"tag": "db", "from": "2026-12-01T22:00:00+01:00", "until": "2026-12-01T23:00:00+01:00", "reason": "upgrade"}""";
    assertThat(Http.send("PUT", api + "/upgrade", null, body).status()).isEqualTo(403);
    assertThat(Http.send("PUT", api + "/upgrade", TestServers.READ, body).status()).isEqualTo(403);
    assertThat(Http.send("PUT", api + "/upgrade", TestServers.WRITE, body).status()).isEqualTo(201);
    assertThat(Http.send("PUT", api + "/upgrade", TestServers.WRITE, body).status()).isEqualTo(200);
    Http.Response list = Http.get(api, TestServers.READ);
    assertThat(list.json().path("silences")).hasSize(1);
    assertThat(list.json().path("silences").get(0).path("until").asText()).isEqualTo("2026-12-01T22:00:00Z");

    Http.Response bad = Http.send("PUT", api + "/oops", TestServers.WRITE,
        "{\"domain\": \"http://a.test\", \"from\": \"2026-12-01T22:00:00Z\", \"until\": \"2026-12-01T21:00:00Z\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("'until' must be after 'from'");
    Http.Response unknown = Http.send("PUT", api + "/oops", TestServers.WRITE, "{\"tag\": \"db\", \"form\": \"x\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("field").asText()).isEqualTo("form");
    assertThat(server.argos().silences()).extracting(Silence::id).containsExactly("upgrade"); // nothing else stored

    assertThat(Http.send("DELETE", api + "/upgrade", TestServers.WRITE, null).status()).isEqualTo(204);
    assertThat(Http.send("DELETE", api + "/upgrade", TestServers.WRITE, null).status()).isEqualTo(404);
  }
}
