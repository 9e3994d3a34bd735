package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker can send without a token, or with an agent's: every hostile body gets a 4xx that says what is
 * wrong, nothing is read beyond its bound, no answer shows internals, and the log stays small.
 */
class HostileRequestsTest {
  private static final String AUTH = "Authorization: Bearer " + TestServers.TOKEN + "\r\n";
  private static final String WRITE_AUTH = "Authorization: Bearer " + TestServers.WRITE + "\r\n";
  private static final String FORM = "Content-Type: application/x-www-form-urlencoded\r\n";

  @TempDir Path dir;
  Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Server start() throws Exception {
    server = TestServers.startWithoutSites(dir, "  unauthenticated_access: all\n", "a-long-enough-password");
    return server;
  }

  private String api(String path) {
    return TestServers.base(server) + path;
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  @Test
  void aYamlAliasBombSentAsASiteIsRefusedAtOnce() throws Exception {
    start();
    String bomb = "domain: https://bomb.example\npaths:\n  - path: /\n    checks:\n      - status-in: &h ["
        + ConfigBudgetTest.aliasBomb().replace("\n", ", ").replace(": &", ": !!str ") + "]\n";
    Http.Response r = Http.send("PUT", api("/api/sites/bomb.example"), TestServers.WRITE, ConfigBudgetTest.aliasBomb());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).contains("not valid JSON", "line 1");
    assertThat(Http.send("PUT", api("/api/sites/bomb.example"), TestServers.WRITE, bomb).status()).isEqualTo(400);
    assertThat(Http.get(api("/healthz")).status()).isEqualTo(200);
    assertThat(server.argos().sites()).isEmpty();
  }

  @Test
  void aSiteBodyIsJsonWhoseErrorsNameTheFieldLineAndColumn() throws Exception {
    start();
    Http.Response deep = Http.send("PUT", api("/api/sites/a.example"), TestServers.WRITE, nested(10_000));
    assertThat(deep.status()).isEqualTo(400);
    assertThat(deep.json().path("error").asText()).contains("exceeds a limit", "nesting depth", "line 1");

    Http.Response twice = Http.send("PUT", api("/api/sites/a.example"), TestServers.WRITE, """
        {"domain": "https://a.example",
         "paths": [{"path": "/", "checks": [{"status-is": 200}]}],
         "domain": "https://b.example"}
        """);
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.json().path("field").asText()).isEqualTo("domain");
    assertThat(twice.json().path("errors").get(0).path("line").asInt()).isEqualTo(3);
    assertThat(twice.json().path("errors").get(0).path("column").asInt()).isEqualTo(2);
    assertThat(twice.json().path("error").asText()).contains("request body:3:2", "duplicate key 'domain'");

    Http.Response yamlOnly = Http.send("PUT", api("/api/sites/a.example"), TestServers.WRITE,
        "domain: https://a.example\npaths: []\n");
    assertThat(yamlOnly.status()).isEqualTo(400);
    assertThat(yamlOnly.json().path("error").asText()).contains("not valid JSON");

    Http.Response ok = Http.send("PUT", api("/api/sites/a.example"), TestServers.WRITE, """
        {"domain": "https://a.example", "frequency": "10m", "timeout": 5,
         "paths": [{"path": "/", "checks": [{"status-in": [200, 301]}, {"json-is": {"/ok": {"deep": [true]}}}]}]}
        """);
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(Http.get(api("/api/sites/a.example"), TestServers.WRITE).json().path("timeout").asText()).isEqualTo("5s");
  }

  @Test
  void deeplyNestedResultContextsAreRefusedNotAServerError() throws Exception {
    start();
    for (int depth : new int[] {10_000, 1_000, 100}) {
      Http.Response r = Http.send("POST", api("/api/results?agent_id=a1"), TestServers.TOKEN,
          "[{\"task_id\": 1, \"status\": \"success\", \"context\": " + nested(depth) + "}]");
      assertThat(r.status()).as("depth %d: %s", depth, r.body()).isEqualTo(400);
      assertThat(r.json().path("error").asText()).contains("exceeds a limit");
    }
    Http.Response fine = Http.send("POST", api("/api/results?agent_id=a1"), TestServers.TOKEN,
        "[{\"task_id\": 1, \"status\": \"success\", \"context\": " + nested(20) + "}]");
    assertThat(fine.status()).as(fine.body()).isLessThan(300);

    Http.Response silence = Http.send("PUT", api("/api/silences/s1"), TestServers.WRITE, nested(10_000));
    assertThat(silence.status()).isEqualTo(400);
    Http.Response notJson = Http.send("PUT", api("/api/silences/s1"), TestServers.WRITE, "{\"domain\": ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().path("error").asText()).contains("not valid JSON", "line 1");
  }

  @Test
  void whatAClientSizesIsBounded() throws Exception {
    start();
    Http.Response q = Http.get(api("/api/sites?q=" + "a".repeat(201)), TestServers.WRITE);
    assertThat(q.status()).isEqualTo(400);
    assertThat(q.json().path("field").asText()).isEqualTo("q");
    assertThat(Http.get(api("/api/sites?tag=" + "a".repeat(201)), TestServers.WRITE).json().path("field").asText())
        .isEqualTo("tag");
    assertThat(Http.get(api("/api/sites?q=" + "a".repeat(200)), TestServers.WRITE).status()).isEqualTo(200);
    Http.Response domain = Http.get(api("/api/sites/" + "a".repeat(301) + ".example"), TestServers.WRITE);
    assertThat(domain.status()).isEqualTo(400);
    assertThat(domain.json().path("field").asText()).isEqualTo("domain");
    // many tiny values: a small body whose tree would be large
    Http.Response tokens = Http.send("POST", api("/api/results?agent_id=a1"), TestServers.TOKEN,
        "[" + "0,".repeat(600_000) + "0]");
    assertThat(tokens.status()).isEqualTo(400);
    assertThat(tokens.json().path("error").asText()).contains("exceeds a limit", "Token count").doesNotContain("StreamReadConstraints");
  }

  @Test
  void largeBodiesGet413WithoutBeingRead() throws Exception {
    start();
    int port = server.port();
    long twoMb = 2L * 1024 * 1024;
    for (String path : new String[] {"/login", "/refresh", "/logout"}) {
      for (boolean chunked : new boolean[] {false, true}) {
        RawHttp.Answer a = RawHttp.send(port, "POST", path, FORM, twoMb, chunked);
        assertThat(a.status()).as("%s chunked=%s: %s", path, chunked, a.text()).isEqualTo(413);
        assertThat(a.text()).doesNotContain("Exception", "javalin", "jetty");
      }
    }
    for (boolean chunked : new boolean[] {false, true}) {
      RawHttp.Answer site = RawHttp.send(port, "PUT", "/api/sites/a.example", WRITE_AUTH, twoMb, chunked);
      assertThat(site.status()).isEqualTo(413);
      assertThat(site.text()).contains("larger than 1048576 bytes");
      // results may be larger: 2 MB is read (and refused as not JSON), 17 MB is not
      assertThat(RawHttp.send(port, "POST", "/api/results?agent_id=a1", AUTH, twoMb, chunked).status()).isEqualTo(400);
      assertThat(RawHttp.send(port, "POST", "/api/results?agent_id=a1", AUTH, 17L * 1024 * 1024, chunked).status())
          .isEqualTo(413);
    }
    assertThat(Http.get(api("/healthz")).status()).isEqualTo(200);
  }

  @Test
  void aServerErrorShowsAnIdNotItsInternals() throws Exception {
    String yaml = TestServers.config("").replace("url: memory", "url: \"h2:" + dir.resolve("data").resolve("argos") + "\"")
        .replace("  frequency: \"1s\"\n", "  frequency: \"1s\"\n  unauthenticated_access: all\n")
        .replace("websites:\n", "websites: []\n");
    server = TestServers.start(TestServers.write(dir, yaml));
    server.argos().store().close(); // every query now fails inside the store
    Http.Response api = Http.get(api("/api/severities"));
    assertThat(api.status()).isEqualTo(500);
    assertThat(api.json().path("request_id").asText()).matches("[0-9a-f]{16}");
    assertThat(api.body()).doesNotContainIgnoringCase("h2").doesNotContain("Hikari", "jdbc", "Exception", "argos-data",
        dir.toString(), "org.");
    Http.Response put = Http.send("PUT", api("/api/sites/a.example"), TestServers.WRITE, """
        {"domain": "https://a.example", "paths": [{"path": "/", "checks": [{"status-is": 200}]}]}""");
    assertThat(put.status()).isEqualTo(500);
    assertThat(put.body()).contains("request_id").doesNotContain("Hikari", "Could not", dir.toString(), "H2 at");
    Http.Response page = Http.get(api("/"));
    assertThat(page.status()).isEqualTo(500);
    assertThat(page.body()).contains("request ").doesNotContain("Hikari", "Exception", dir.toString(), "StoreException");
  }

  @Test
  void anErrorInARequestIsA500WithAnIdAndAFewLogLines() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
    Stores.Factory stores = db -> {
      org.argos.api.store.Store real = new org.argos.engine.InMemoryStore();
      return (org.argos.api.store.Store) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {org.argos.api.store.Store.class}, (proxy, m, args) -> {
            if (failing.get() && m.getName().equals("severityCounts")) {
              throw new StackOverflowError("as a hostile value would cause");
            }
            try {
              return m.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
    };
    Path cfg = TestServers.write(dir, TestServers.config("").replace("websites:\n", "websites: []\n"));
    server = Server.start(new Server.Options(cfg, "127.0.0.1", 0, java.util.Map.of(), dir, null, null, java.util.List.of(),
        stores));
    failing.set(true);
    PrintStream before = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 200; i++) {
        Http.Response r = Http.get(api("/api/severities"));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().path("request_id").asText()).matches("[0-9a-f]{16}");
        assertThat(r.body()).doesNotContain("StackOverflow");
      }
    } finally {
      System.setErr(before);
      failing.set(false);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log.lines().count()).as(log).isBetween(1L, 25L);
    assertThat(log).contains("java.lang.StackOverflowError").doesNotContain("\tat ");
  }

  @Test
  void aFloodOfAbortedAndBadRequestsWritesAFewLogLines() throws Exception {
    start();
    int port = server.port();
    PrintStream before = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 1000; i++) {
        RawHttp.abort(port, "POST", i % 2 == 0 ? "/api/results?agent_id=a1" : "/login", i % 2 == 0 ? AUTH : FORM);
      }
      for (int i = 0; i < 300; i++) {
        Http.send("POST", api("/api/results?agent_id=a1"), TestServers.TOKEN, "[{\"task_id\": \"x\"}]");
        RawHttp.send(port, "PUT", "/api/sites/a.example", WRITE_AUTH, 2L * 1024 * 1024, true);
      }
      Thread.sleep(500); // the last aborted requests are handled after their connection closed
    } finally {
      System.setErr(before);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    long lines = log.lines().count();
    assertThat(lines).as(log).isBetween(3L, 120L);
    assertThat(log).doesNotContain("\tat ").contains("similar messages suppressed", "[request ");
    assertThat(log.length()).as("bytes logged for 1,600 bad requests").isLessThan(40_000);
  }
}
