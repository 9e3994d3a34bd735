package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.argos.api.Severity;
import org.argos.api.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledging failing tasks through the API (issue 19 §6): one task, a list, the write scope, bounds. */
class AckApiTest {
  @TempDir Path dir;
  private Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFailingTaskIsAcknowledgedAndUnacknowledgedWithTheWriteScope() throws Exception {
    server = TestServers.start(TestServers.write(dir, TestServers.config("", "http://127.0.0.1:1")));
    await().atMost(Duration.ofSeconds(20)).until(() -> server.argos().store().tasks("http://127.0.0.1:1").stream()
        .allMatch(t -> t.state() != null && t.state().severity() != Severity.OK));
    List<TaskStatus> tasks = server.argos().store().tasks("http://127.0.0.1:1");
    long id = tasks.get(0).taskId();
    String api = TestServers.base(server) + "/api/tasks/";

    assertThat(Http.send("POST", api + id + "/ack", null, "").status()).isEqualTo(403);
    assertThat(Http.send("POST", api + id + "/ack", TestServers.READ, "").status()).isEqualTo(403);
    Http.Response acked = Http.send("POST", api + id + "/ack", TestServers.WRITE, "");
    assertThat(acked.status()).isEqualTo(200);
    assertThat(acked.json().path("acknowledged_by").asText()).isEqualTo("writer");
    assertThat(acked.json().path("acknowledged_at").asText()).isNotEmpty();
    Http.Response site = Http.get(TestServers.base(server) + "/api/sites/127.0.0.1:1", TestServers.READ);
    assertThat(site.json().path("tasks").findValuesAsText("acknowledged_by")).contains("writer");

    assertThat(Http.send("POST", api + "999999/ack", TestServers.WRITE, "").status()).isEqualTo(404);
    assertThat(Http.send("POST", api + "x/ack", TestServers.WRITE, "").status()).isEqualTo(400);
    Http.Response un = Http.send("DELETE", api + id + "/ack", TestServers.WRITE, null);
    assertThat(un.status()).isEqualTo(200);
    assertThat(un.json().path("acknowledged_by").isNull()).isTrue();

    String all = tasks.stream().map(t -> Long.toString(t.taskId())).reduce((a, b) -> a + "," + b).orElseThrow();
    Http.Response bulk = Http.send("POST", api + "ack", TestServers.WRITE, "{\"task_ids\": [" + all + ", 999999]}");
    assertThat(bulk.status()).isEqualTo(200);
    assertThat(bulk.json().path("acknowledged")).hasSize(tasks.size());
    Http.Response again = Http.send("POST", api + "ack", TestServers.WRITE, "{\"task_ids\": [" + all + "]}");
    assertThat(again.json().path("acknowledged")).isEmpty();
    Http.Response unBulk = Http.send("POST", api + "unack", TestServers.WRITE, "{\"task_ids\": [" + all + "]}");
    assertThat(unBulk.json().path("unacknowledged")).hasSize(tasks.size());

    StringBuilder many = new StringBuilder("{\"task_ids\": [1");
    for (int i = 2; i <= 1001; i++) {
      many.append(',').append(i);
    }
    Http.Response tooMany = Http.send("POST", api + "ack", TestServers.WRITE, many.append("]}").toString());
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().path("field").asText()).isEqualTo("task_ids");
    assertThat(Http.send("POST", api + "ack", TestServers.WRITE, "{\"task_ids\": [\"1\"]}").status()).isEqualTo(400);
    assertThat(Http.send("POST", api + "ack", TestServers.WRITE, "{\"ids\": [1]}").status()).isEqualTo(400);
  }
}
