package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.testkit.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with its default embedded database, its data directory on a real file system that fills up (a tmpfs
 * mounted for the test): {@code /healthz} and {@code /metrics} say that store writes fail and why, and once space is
 * freed the daemon records results again by itself, without a restart.
 */
class DaemonDiskFullTest {
  @TempDir Path temp;

  @Test
  void aFullDiskShowsInHealthzAndMetricsAndTheDaemonRecordsAgainOnceSpaceIsFreed() throws Exception {
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/", ex -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    site.start();
    // the default embedded store keeps 64 MiB free: a disk of 96 MiB leaves room to start
    try (Tmpfs disk = Tmpfs.mount(temp.resolve("disk"), 96)) {
      String yaml = TestServers.config("", "http://127.0.0.1:" + site.getAddress().getPort())
          .replace("url: memory", "url: \"h2:" + disk.dir().resolve("argos-data/argos") + "\"");
      Path config = TestServers.write(disk.dir(), yaml);
      try (Server server = Server.start(new Server.Options(config, "127.0.0.1", 0, Map.of(), disk.dir(), null, null,
          List.of(), Stores.DEFAULT))) {
        assertThat(Files.exists(disk.dir().resolve("argos-data/argos.mv.db"))).as("the embedded default").isTrue();
        String healthz = TestServers.base(server) + "/healthz";
        await().atMost(Duration.ofSeconds(20)).until(() -> server.argos().metrics().resultsWritten() >= 2);
        assertThat(Http.get(healthz).json().path("store_writes").path("failing").asBoolean()).isFalse();

        disk.fill(1 << 20);
        await().atMost(Duration.ofSeconds(20))
            .until(() -> Http.get(healthz).json().path("store_writes").path("failing").asBoolean());
        Http.Response r = Http.get(healthz);
        assertThat(r.status()).as("a full disk alone does not ask for a restart").isEqualTo(200);
        JsonNode w = r.json().path("store_writes");
        assertThat(w.path("problem").asText()).startsWith("store writes failing since ")
            .contains("No space left on device", "…/argos-data").doesNotContain(temp.toString());
        assertThat(server.metrics().scrape()).contains("argos_store_writes_failing 1.0");

        disk.free();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> !Http.get(healthz).json().path("store_writes").path("failing").asBoolean());
        long written = server.argos().metrics().resultsWritten();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.argos().metrics().resultsWritten() >= written + 2);
        assertThat(server.metrics().scrape()).contains("argos_store_writes_failing 0.0",
            "argos_results_lost_total 0.0");
      }
    } finally {
      site.stop(0);
    }
  }
}
