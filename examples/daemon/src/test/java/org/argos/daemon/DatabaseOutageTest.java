package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.argos.testkit.TcpRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon on PostgreSQL whose database goes out of reach (a relay between them is cut): pages and API calls answer
 * 503 with Retry-After within about a second, and at once while it lasts, never a 500 after 11-14 s; the dashboard
 * shows the last summary it read with a "database unreachable since" banner; no answer names the database's host,
 * port, name, user or driver; all answer normally again once the database is back.
 */
class DatabaseOutageTest {
  private static final String ADMIN_URL = TestPostgres.ADMIN_URL;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private final String database = "argos_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    TestPostgres.admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  private record Answer(int status, String body, String retryAfter, long millis) {}

  private static Answer get(String url, String token) throws Exception {
    return send("GET", url, token, null);
  }

  private static Answer send(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    long start = System.nanoTime();
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(""),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** What no answer may show: where the database is, who connects, and the driver's or pool's words. */
  private List<String> secrets(TcpRelay relay) {
    return List.of("127.0.0.1", String.valueOf(relay.port()), database, "postgres", "jdbc", "JDBC", "SQL state", "PSQL",
        "Hikari", "Connection", "refused", "Exception", "argos-store", "Could not");
  }

  @Test
  void anAgentPostingResultsDuringAnOutageGetsA503WithoutConnectionDetails() throws Exception {
    TestPostgres.admin("CREATE DATABASE " + database);
    TcpRelay relay = new TcpRelay("127.0.0.1", 5432);
    open.add(relay);
    String yaml = TestServers.config("  probing: agents\n  agent_grace: 5s", "http://nowhere.invalid")
        .replace("url: memory", "url: \"postgresql://postgres@127.0.0.1:" + relay.port() + "/" + database + "\"");
    Server server = TestServers.start(TestServers.write(dir, yaml));
    open.add(server);
    String base = TestServers.base(server);
    await().atMost(Duration.ofSeconds(20)).until(() -> server.remote().waitingGroups() >= 1);
    var tasks = Http.get(base + "/api/tasks?limit=5&agent_id=manual", TestServers.TOKEN).json();
    assertThat(tasks.size()).isPositive();
    StringBuilder results = new StringBuilder("[");
    for (int i = 0; i < tasks.size(); i++) {
      results.append(i == 0 ? "" : ",").append("{\"task_id\": ").append(tasks.get(i).path("id").asLong())
          .append(", \"status\": \"success\", \"context\": {}}");
    }
    results.append("]");

    relay.cut();
    Answer posted = send("POST", base + "/api/results?agent_id=manual", TestServers.TOKEN, results.toString());
    for (String s : secrets(relay)) {
      assertThat(posted.body()).as(posted.body()).doesNotContain(s);
    }
    assertThat(posted.status()).as(posted.body()).isEqualTo(503);
    assertThat(posted.retryAfter()).isEqualTo("5");
    relay.restore(); // the server stops quickly: it releases its claims in the database
  }

  @Test
  void anOutageIsA503AtOnceWithTheLastSummaryAndNoConnectionDetails() throws Exception {
    TestPostgres.admin("CREATE DATABASE " + database);
    TcpRelay relay = new TcpRelay("127.0.0.1", 5432);
    open.add(relay);
    String yaml = TestServers.config("", "http://nowhere.invalid")
        .replace("url: memory", "url: \"postgresql://postgres@127.0.0.1:" + relay.port() + "/" + database + "\"")
        .replace("  frequency: \"1s\"\n", "  frequency: \"1s\"\n  unauthenticated_access: all\n");
    Server server = TestServers.start(TestServers.write(dir, yaml));
    open.add(server);
    String base = TestServers.base(server);
    // the site's failure is recorded, and the dashboard and the summary API have read it
    await().atMost(Duration.ofSeconds(30)).until(() -> get(base + "/", null).body().contains("nowhere.invalid"));
    assertThat(get(base + "/api/severities", TestServers.READ).status()).isEqualTo(200);

    relay.cut();
    List<String> secrets = secrets(relay);

    // the first call finds the database out of reach: a 503 within about a second, not a 500 after 11-14 s
    Answer first = get(base + "/api/severities", TestServers.READ);
    assertThat(first.status()).as(first.body()).isEqualTo(503);
    assertThat(first.millis()).isLessThan(5_000);
    assertThat(first.retryAfter()).isEqualTo("5");
    assertThat(first.body()).contains("\"unreachable_since\"", "\"last_known\"", "\"critical\":3", "\"read_at\"");

    // while it lasts, every page and call that needs the database answers at once, none with a detail of it
    List<Answer> during = new ArrayList<>();
    for (String path : List.of("/api/severities", "/api/stats", "/api/sites", "/api/sites/nowhere.invalid",
        "/api/silences", "/", "/domains", "/domain/nowhere.invalid")) {
      during.add(get(base + path, TestServers.ADMIN));
    }
    during.add(first);
    for (Answer a : during) {
      assertThat(a.status()).as(a.body()).isEqualTo(503);
      assertThat(a.retryAfter()).isEqualTo("5");
      for (String s : secrets) {
        assertThat(a.body()).as(a.body()).doesNotContain(s);
      }
    }
    assertThat(during.subList(0, during.size() - 1).stream().mapToLong(Answer::millis).sum())
        .as("8 calls while the circuit is open").isLessThan(4_000);
    Answer dashboard = during.get(5);
    assertThat(dashboard.body()).contains("Database unreachable since", "nowhere.invalid", "last known summary");
    Answer domains = during.get(6);
    assertThat(domains.body()).contains("The database is unreachable since");

    // back: the circuit closes by itself, and pages answer normally
    relay.restore();
    await().atMost(Duration.ofSeconds(20)).until(() -> get(base + "/api/severities", TestServers.READ).status() == 200);
    Answer again = get(base + "/", null);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).contains("nowhere.invalid").doesNotContain("Database unreachable");
  }
}
