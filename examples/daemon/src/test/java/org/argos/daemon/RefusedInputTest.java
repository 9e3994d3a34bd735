package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.config.ConfigError;
import org.argos.config.ConfigException;
import org.argos.config.ConfigParser;

/**
 * Values that would inject a header, hammer a site, break a URL or a log line are refused, in the config and through
 * the API, with an error naming the field.
 */
class RefusedInputTest {
  private final CheckRegistry checks = CheckRegistry.of(List.of(), true, getClass().getClassLoader());

  @TempDir Path dir;
  Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ConfigError error(String yamlSite, String key) {
    String yaml = """
        general:
          frequency: "5m"
        service:
          secrets: ["4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99"]
        websites:
          - domain: https://a.example
        """ + yamlSite.indent(4);
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigParser.parse("site.yaml", yaml, dir, Map.of(), checks));
    assertThat(e).as("refused:\n%s", yaml).isNotNull();
    return e.errors().stream().filter(err -> err.key().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no error on " + key + " in " + e.getMessage()));
  }

  private static final String PATH = """
      paths:
        - path: /
          checks:
            - status-is: 200
      """;

  @Test
  void headerValuesWithLineBreaksAndBadHeaderNamesAreRefused() {
    String site = """
        paths:
          - path: /
            request_data:
              headers:
                X-Test: "a\\r\\nX-Injected: yes"
            checks:
              - status-is: 200
        """;
    ConfigError e = error(site, "websites[0].paths[0].request_data.headers.X-Test");
    assertThat(e.message()).contains("control characters such as CR or LF", "CR at 2");
    assertThat(e.where().line()).isEqualTo(11);
    assertThat(error(site.replace("\\r\\n", "\\n"), "websites[0].paths[0].request_data.headers.X-Test").message())
        .contains("LF");
    assertThat(error(site.replace("\\r\\n", "\\u0000"), "websites[0].paths[0].request_data.headers.X-Test").message())
        .contains("U+0000");
    assertThat(error(site.replace("X-Test:", "\"X Test:\":"), "websites[0].paths[0].request_data.headers.X Test:")
        .message()).contains("a header name may only hold letters");
  }

  @Test
  void periodsUnderASecondAreRefused() {
    assertThat(error("frequency: 500ms\n" + PATH, "websites[0].frequency").message()).isEqualTo("must be at least 1s, got 500ms");
    assertThat(error("recheck_delay: 0.5s\n" + PATH, "websites[0].recheck_delay").message()).contains("at least 1s");
    assertThat(error("timeout: 100ms\n" + PATH, "websites[0].timeout").message()).contains("between 1s and 1h");
    assertThat(error("timeout: 2h\n" + PATH, "websites[0].timeout").message()).contains("between 1s and 1h, got 2h");
    assertThat(error(PATH.replace("- path: /", "- path: /\n    timeout: 0.2"), "websites[0].paths[0].timeout").message())
        .contains("got 200ms");
    assertThat(error("frequency: \"9999999999999999999999y9999999999999999999999y\"\n" + PATH, "websites[0].frequency")
        .message()).contains("at most 100 years");
    ConfigException general = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse("g.yaml", """
        general:
          frequency: "0.1s"
          recheck_delay: "10ms"
        websites: []
        """, dir, Map.of(), checks));
    assertThat(general.getMessage()).contains("g.yaml:2:14: general.frequency: must be at least 1s, got 100ms",
        "g.yaml:3:18: general.recheck_delay: must be at least 1s, got 10ms");
  }

  @Test
  void pathsAndTagsWithControlCharactersAreRefused() {
    assertThat(error(PATH.replace("path: /", "path: \"/a\\u007fb\""), "websites[0].paths[0].path").message())
        .contains("without spaces");
    assertThat(error("tags: [\"a\\u0085b\"]\n" + PATH, "websites[0]").message()).contains("without control characters");
  }

  @Test
  void unsafeSilenceIdsAreRefusedInTheConfig() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse("s.yaml", """
        general:
          frequency: "5m"
        argos_java:
          silences:
            - id: "night upgrade"
              tag: db
              from: "2026-12-01T22:00:00+01:00"
              until: "2026-12-01T23:30:00+01:00"
        websites: []
        """, dir, Map.of(), checks));
    assertThat(e.getMessage()).contains("s.yaml:5:11: argos_java.silences[0].id: a silence id is 1 to 200 letters");
  }

  @Test
  void theApiRefusesTheSameWithTheField() throws Exception {
    server = TestServers.start(TestServers.write(dir, TestServers.config("")));
    String base = TestServers.base(server);
    Http.Response header = Http.send("PUT", base + "/api/sites/a.example", TestServers.WRITE, """
        {"domain": "https://a.example", "paths": [{"path": "/", "request_data": {"headers": {"X-A": "1\\r\\nX-B: 2"}},
          "checks": [{"status-is": 200}]}]}""");
    assertThat(header.status()).isEqualTo(400);
    assertThat(header.json().path("field").asText()).isEqualTo("paths[0].request_data.headers.X-A");
    Http.Response fast = Http.send("PUT", base + "/api/sites/a.example", TestServers.WRITE, """
        {"domain": "https://a.example", "frequency": "0.2s", "paths": [{"path": "/", "checks": [{"status-is": 200}]}]}""");
    assertThat(fast.status()).isEqualTo(400);
    assertThat(fast.json().path("field").asText()).isEqualTo("frequency");
    assertThat(server.argos().sites()).hasSize(0);

    String silence = """
        {"tag": "db", "from": "2026-12-01T22:00:00+01:00", "until": "2026-12-01T23:00:00+01:00"}""";
    for (String id : List.of("a".repeat(201), "bad%20id", "a%0D%0Ab", "%E2%80%A8", "x%7Fy")) {
      Http.Response r = Http.send("PUT", base + "/api/silences/" + id, TestServers.WRITE, silence);
      assertThat(r.status()).as(id).isEqualTo(400);
      assertThat(r.json().path("field").asText()).isEqualTo("id");
    }
    assertThat(Http.send("PUT", base + "/api/silences/" + "a".repeat(200), TestServers.WRITE, silence).status())
        .isEqualTo(201);
    assertThat(Http.send("PUT", base + "/api/silences/db-2026.12:night_1", TestServers.WRITE, silence).status())
        .isEqualTo(201);
    Http.Response reason = Http.send("PUT", base + "/api/silences/r", TestServers.WRITE,
        silence.replace("}", ", \"reason\": \"" + "x".repeat(3000) + "\"}"));
    assertThat(reason.status()).isEqualTo(400);

    for (String agent : List.of("a%0Ab", "a%7Fb", "a%E2%80%A8b", "a%C2%85b", "a".repeat(201))) {
      Http.Response r = Http.get(base + "/api/tasks?agent_id=" + agent, TestServers.TOKEN);
      assertThat(r.status()).as(agent).isEqualTo(400);
      assertThat(r.json().path("field").asText()).isEqualTo("agent_id");
    }
    assertThat(Http.get(base + "/api/tasks?agent_id=agent-7.paris", TestServers.TOKEN).status()).isEqualTo(200);
  }

  @Test
  void theAgentRefusesABadIdAtStart() {
    // an agent that accepted the id would poll forever: the test gives up instead of waiting for it
    Cli.Run r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
        () -> Cli.run(dir, Map.of(), "agent", "http://127.0.0.1:1", "token", "--agent-id", "a\nb"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--agent-id must be 1 to 200 printable characters");
  }
}
