package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.argos.api.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over HTTP: a result counts only from the agent holding its task, presenting the token the task was taken with;
 * every other result is answered as ignored, with its reason, and changes nothing.
 */
class AgentHoldsItsTasksTest {
  private static final String OTHER_TOKEN = "another-agent-token-5c1e0b7d";
  private static final String DOMAIN = "http://127.0.0.1:9";

  @TempDir Path dir;
  Server server;

  @BeforeEach
  void setUp() throws Exception {
    String yaml = TestServers.config("  probing: agents\n  agent_grace: 5m", DOMAIN)
        .replace("secrets: [" + TestServers.TOKEN + "]", "secrets: [" + TestServers.TOKEN + ", " + OTHER_TOKEN + "]")
        .replace("frequency: \"1s\"", "frequency: \"10m\"");
    server = TestServers.start(TestServers.write(dir, yaml));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private String api(String path) {
    return TestServers.base(server) + path;
  }

  private static String results(List<Long> ids, String status) {
    return ids.stream().map(id -> "{\"task_id\": " + id + ", \"status\": \"" + status + "\", \"context\": {}}")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static List<String> ignored(Http.Response r) {
    List<String> out = new ArrayList<>();
    r.json().path("ignored").forEach(i -> out.add(i.path("task_id").asLong() + " " + i.path("reason").asText()));
    return out;
  }

  @Test
  void onlyTheAgentAndTokenThatTookATaskMayAnswerIt() {
    await().atMost(Duration.ofSeconds(30)).until(() -> server.remote().waitingGroups() == 2);
    JsonNode taken = Http.get(api("/api/tasks?limit=1&agent_id=agent-a"), TestServers.TOKEN).json();
    List<Long> held = new ArrayList<>();
    taken.forEach(t -> held.add(t.path("id").asLong()));
    assertThat(held).isNotEmpty();
    long notHandedOut = server.argos().store().tasks(DOMAIN).stream().map(TaskStatus::taskId)
        .filter(id -> !held.contains(id)).findFirst().orElseThrow();

    Http.Response spoofed = Http.send("POST", api("/api/results?agent_id=agent-b"), TestServers.TOKEN,
        results(held, "failure"));
    assertThat(spoofed.status()).isEqualTo(201);
    assertThat(spoofed.json().path("result_ids")).isEmpty();
    assertThat(ignored(spoofed)).containsExactlyElementsOf(held.stream().map(id -> id + " held-by-another-agent")
        .toList());

    Http.Response otherToken = Http.send("POST", api("/api/results?agent_id=agent-a"), OTHER_TOKEN,
        results(held, "failure"));
    assertThat(otherToken.json().path("result_ids")).isEmpty();
    assertThat(ignored(otherToken)).containsExactlyElementsOf(held.stream().map(id -> id + " taken-with-another-token")
        .toList());
    assertThat(held).allSatisfy(id -> assertThat(server.remote().knows(id)).as("still waiting for its holder")
        .isTrue());

    List<Long> mine = new ArrayList<>(held);
    mine.add(notHandedOut);
    Http.Response answer = Http.send("POST", api("/api/results?agent_id=agent-a"), TestServers.TOKEN,
        results(mine, "success"));
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().path("result_ids")).hasSize(held.size());
    assertThat(ignored(answer)).containsExactly(notHandedOut + " not-handed-out");
    assertThat(answer.json().path("ignored").get(0).path("message").asText()).contains("no agent took it");

    var store = server.argos().store();
    await().atMost(Duration.ofSeconds(30)).until(() -> held.stream().allMatch(id -> !store.results(id, 10).isEmpty()));
    for (long id : held) {
      assertThat(store.results(id, 10)).singleElement().satisfies(r -> {
        assertThat(r.node()).isEqualTo("agent-a");
        assertThat(r.result().severity().label()).isEqualTo("ok");
      });
    }
    assertThat(store.results(notHandedOut, 10)).isEmpty();
    assertThat(Set.copyOf(server.remote().agents().keySet())).containsExactlyInAnyOrder("agent-a", "agent-b");
  }
}
