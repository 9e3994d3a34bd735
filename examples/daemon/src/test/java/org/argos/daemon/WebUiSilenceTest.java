package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.argos.api.Silence;
import org.argos.web.auth.FileUserStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 §5: from a filtered domain list, "silence these N for 2h" makes one silence of exactly those domains. */
class WebUiSilenceTest {
  @TempDir Path dir;

  private Server start() throws Exception {
    String yaml = TestServers.config("", "http://127.0.0.1:9", "http://127.0.0.2:9", "http://127.0.0.3:9",
        "http://localhost:9").replace("  frequency: \"1s\"\n",
        "  frequency: \"1s\"\n  cookie_secret: \"0123456789abcdef0123456789abcdef\"\n");
    new FileUserStore(dir.resolve("argos-users.json")).add("alice", "correct horse");
    return TestServers.start(TestServers.write(dir, yaml));
  }

  @Test
  void theFilteredListIsSilencedForTheChosenDurationByALoggedInUserWithTheFormsToken() throws Exception {
    try (Server server = start()) {
      WebClient anonymous = new WebClient(TestServers.base(server));
      String token = anonymous.get("/login").csrf();
      assertThat(anonymous.post("/domains/silence", "_csrf", token, "q", "127.0.0", "for", "2h").status())
          .as("not logged in").isEqualTo(401);

      WebClient web = new WebClient(TestServers.base(server));
      web.login("alice", "correct horse");
      WebClient.Page list = web.get("/domains?q=127.0.0");
      assertThat(list.body()).contains("Silence these 3 for", "id=\"silence-form\"");
      assertThat(web.post("/domains/silence", "q", "127.0.0", "for", "2h").status()).as("no CSRF token").isEqualTo(403);
      WebClient.Page bad = web.post("/domains/silence", "_csrf", list.csrf(), "q", "127.0.0", "for", "soon");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body()).contains("for:");
      assertThat(web.post("/domains/silence", "_csrf", list.csrf(), "q", "127.0.0", "for", "40d").status())
          .isEqualTo(400);
      assertThat(web.post("/domains/silence", "_csrf", list.csrf(), "q", "nothing-matches", "for", "2h").body())
          .contains("No domain matches");
      assertThat(server.argos().silences()).as("nothing stored by refused forms").isEmpty();

      WebClient.Page done = web.post("/domains/silence", "_csrf", list.csrf(), "severity", "", "tag", "", "q",
          "127.0.0", "for", "2h", "reason", "switch replacement");
      assertThat(done.status()).as(done.body()).isEqualTo(303);
      assertThat(done.location()).startsWith("/domains?q=127.0.0&silenced=ui-");
      assertThat(server.argos().silences()).singleElement().satisfies(s -> {
        assertThat(s.domains()).containsExactlyInAnyOrder("http://127.0.0.1:9", "http://127.0.0.2:9",
            "http://127.0.0.3:9");
        assertThat(Duration.between(s.from(), s.until())).isEqualTo(Duration.ofHours(2));
        assertThat(s.reason()).startsWith("switch replacement").contains("by alice");
        assertThat(s.tag()).isNull();
        assertThat(s.every()).isNull();
      });
      Silence made = server.argos().silences().get(0);
      assertThat(web.get(done.location()).body()).contains("id=\"silenced\"", made.id());
    }
  }
}
