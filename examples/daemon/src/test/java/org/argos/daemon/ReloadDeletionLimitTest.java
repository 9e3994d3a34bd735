package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, failure 1: a reload removed 100 sites, with their results and history, and nothing warned. A reload says
 * how many sites it deletes and is refused above {@code argos_java.reload_max_deletions} unless forced.
 */
class ReloadDeletionLimitTest {
  @TempDir Path dir;
  Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Sites on loopback addresses nobody serves, checked hourly and first within the hour: few runs, none needed. */
  static String config(String argosJava, int sites) {
    StringBuilder sb = new StringBuilder("""
        general:
          db:
            url: memory
          frequency: "1h"
          ipv6: false
          alerts:
            ok: [local]
            critical: [local]
            unknown: [local]
        service:
          secrets: [%s]
        argos_java:
          first_run_spread: 1h
          api_tokens:
            - {name: admin, token: "%s", scopes: [admin]}
        %s
        websites:
        """.formatted(TestServers.TOKEN, TestServers.ADMIN, argosJava));
    for (int i = 0; i < sites; i++) {
      sb.append("""
            - domain: "http://127.0.%d.%d:9"
              paths:
                - path: "/"
                  checks:
                    - status-is: 200
          """.formatted(1 + i / 200, 1 + i % 200));
    }
    return sb.toString();
  }

  @Test
  void aReloadDroppingAHundredSitesIsRefusedUnlessForced() throws Exception {
    Path cfg = TestServers.write(dir, config("", 110));
    server = TestServers.start(cfg);
    assertThat(server.argos().store().siteCount()).isEqualTo(110);

    Files.writeString(cfg, config("", 10));
    Server.Reload refused = server.reload();
    assertThat(refused.ok()).isFalse();
    assertThat(refused.refused()).isEqualTo("deletions");
    assertThat(refused.removed()).as("it says how many it would delete").isEqualTo(100);
    assertThat(refused.errors().get(0)).contains("100 sites", "reload_max_deletions (10)", "--force");
    assertThat(server.argos().store().siteCount()).as("nothing deleted").isEqualTo(110);

    Http.Response viaApi = Http.send("POST", TestServers.base(server) + "/api/reload-config", TestServers.ADMIN, null);
    assertThat(viaApi.status()).isEqualTo(409);
    assertThat(viaApi.json().path("refused").asText()).isEqualTo("deletions");
    assertThat(viaApi.json().path("removed").asInt()).isEqualTo(100);
    assertThat(server.argos().store().siteCount()).isEqualTo(110);

    Http.Response forced = Http.send("POST", TestServers.base(server) + "/api/reload-config?force=true",
        TestServers.ADMIN, null);
    assertThat(forced.status()).as(forced.body()).isEqualTo(200);
    assertThat(forced.json().path("removed").asInt()).isEqualTo(100);
    assertThat(server.argos().store().siteCount()).isEqualTo(10);
  }

  @Test
  void theLimitIsASetting() throws Exception {
    Path cfg = TestServers.write(dir, config("  reload_max_deletions: 100\n", 110));
    server = TestServers.start(cfg);
    Files.writeString(cfg, config("  reload_max_deletions: 100\n", 10));
    Server.Reload r = server.reload();
    assertThat(r.ok()).as(r.errors().toString()).isTrue();
    assertThat(r.removed()).isEqualTo(100);
    assertThat(server.argos().store().siteCount()).isEqualTo(10);

    Files.writeString(cfg, config("  reload_max_deletions: 0\n", 9));
    assertThat(server.reload().refused()).isEqualTo("deletions");
    assertThat(server.reload(true, false).removed()).isEqualTo(1);
    assertThat(server.argos().store().siteCount()).isEqualTo(9);
  }

  @Test
  void theCommandLineForcesAReload() throws Exception {
    Path cfg = TestServers.write(dir, config("", 30));
    server = TestServers.start(cfg);
    Files.writeString(cfg, config("", 5));
    Cli.Run refused = Cli.run(dir, java.util.Map.of(), "server", "reload-config", "--config", cfg.toString(), "--server",
        TestServers.base(server));
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("HTTP 409", "25 sites");
    Cli.Run forced = Cli.run(dir, java.util.Map.of(), "server", "reload-config", "--config", cfg.toString(), "--server",
        TestServers.base(server), "--force");
    assertThat(forced.exit()).as(forced.err()).isEqualTo(0);
    assertThat(forced.out()).contains("25 removed");
    assertThat(server.argos().store().siteCount()).isEqualTo(5);

    Files.writeString(cfg, config("", 4));
    Cli.Run both = Cli.run(dir, java.util.Map.of(), "server", "reload-config", "--config", cfg.toString(), "--server",
        TestServers.base(server), "--force", "--adopt-config");
    assertThat(both.exit()).as(both.err()).isEqualTo(0);
    assertThat(both.out()).contains("1 removed");
  }
}
