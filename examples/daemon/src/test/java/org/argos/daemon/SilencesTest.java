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

  @Test
  void recurringWindowsListsOfDomainsAndAddressesGoThroughTheApiAndEachBadFieldIsNamed() throws Exception {
    server = TestServers.start(TestServers.write(dir, TestServers.config("")));
    String api = TestServers.base(server) + "/api/silences";
    String weekly = """
        {"tag": "db", "address": "10.0.0.0/24", "domains": ["http://a.test", "http://B.test/"],
         "every": {"days": ["sat", "sun"], "at": "02:00", "for": "2h", "zone": "Europe/Paris"}, "reason": "backups"}""";
    Http.Response put = Http.send("PUT", api + "/weekend", TestServers.WRITE, weekly);
    assertThat(put.status()).as(put.body()).isEqualTo(201);
    var json = Http.get(api, TestServers.READ).json().path("silences").get(0);
    assertThat(json.path("every").path("cron").asText()).isEqualTo("0 2 * * sat,sun");
    assertThat(json.path("every").path("for").asText()).isEqualTo("PT2H");
    assertThat(json.path("every").path("zone").asText()).isEqualTo("Europe/Paris");
    assertThat(json.path("until").isNull()).as("no overall end").isTrue();
    assertThat(json.path("address").asText()).isEqualTo("10.0.0.0/24");
    assertThat(json.path("domains").toString()).isEqualTo("[\"http://a.test\",\"http://b.test\"]");
    Silence stored = server.argos().silences().get(0);
    assertThat(stored.every().cron()).isEqualTo("0 2 * * sat,sun");
    assertThat(stored.domains()).containsExactlyInAnyOrder("http://a.test", "http://b.test");

    String cron = "{\"tag\": \"db\", \"until\": \"2027-01-01T00:00:00Z\", \"every\": {\"cron\": \"30 1 1 * *\", "
        + "\"for\": \"90m\", \"zone\": \"UTC\"}}";
    assertThat(Http.send("PUT", api + "/monthly", TestServers.WRITE, cron).status()).isEqualTo(201);

    record Bad(String body, String field, String says) {}
    for (Bad b : java.util.List.of(
        new Bad("{\"tag\": \"db\", \"every\": {\"cron\": \"0 25 * * *\", \"for\": \"1h\", \"zone\": \"UTC\"}}",
            "every.cron", "the hour field ('25')"),
        new Bad("{\"tag\": \"db\", \"every\": {\"days\": [\"funday\"], \"at\": \"02:00\", \"for\": \"1h\", "
            + "\"zone\": \"UTC\"}}", "every.days", "unknown day 'funday'"),
        new Bad("{\"tag\": \"db\", \"every\": {\"days\": [\"sat\"], \"at\": \"25:00\", \"for\": \"1h\", "
            + "\"zone\": \"UTC\"}}", "every.at", "HH:MM"),
        new Bad("{\"tag\": \"db\", \"every\": {\"days\": [\"sat\"], \"at\": \"02:00\", \"for\": \"40d\", "
            + "\"zone\": \"UTC\"}}", "every.for", "1 minute to 31 days"),
        new Bad("{\"tag\": \"db\", \"every\": {\"days\": [\"sat\"], \"at\": \"02:00\", \"for\": \"1h\", "
            + "\"zone\": \"Mars/Olympus\"}}", "every.zone", "unknown time zone"),
        new Bad("{\"tag\": \"db\", \"every\": {\"for\": \"1h\", \"zone\": \"UTC\", \"when\": 1}}", "every.when",
            "unknown field"),
        new Bad("{\"address\": \"backend.example\", \"from\": \"2026-12-01T22:00:00Z\", "
            + "\"until\": \"2026-12-01T23:00:00Z\"}", "address", "host names are not resolved"),
        new Bad("{\"domains\": [\"http://a.test\", 5], \"from\": \"2026-12-01T22:00:00Z\", "
            + "\"until\": \"2026-12-01T23:00:00Z\"}", "domains[1]", "must be a string"))) {
      Http.Response r = Http.send("PUT", api + "/bad", TestServers.WRITE, b.body);
      assertThat(r.status()).as(b.body).isEqualTo(400);
      assertThat(r.json().path("field").asText()).as(b.body).isEqualTo(b.field);
      assertThat(r.body()).as(b.body).contains(b.says);
    }
    assertThat(server.argos().silences()).extracting(Silence::id).containsExactlyInAnyOrder("weekend", "monthly");
  }
}
