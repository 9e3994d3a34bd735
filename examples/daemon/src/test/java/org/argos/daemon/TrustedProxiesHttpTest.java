package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.argos.engine.CheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.config.ConfigException;
import org.argos.config.ConfigParser;

/**
 * {@code X-Forwarded-For} is believed only from {@code argos_java.trusted_proxies}: in the login throttle, and for the
 * agent id an agent that gives none is known by. Over real HTTP against a running daemon; the tests' peer is 127.0.0.1.
 */
class TrustedProxiesHttpTest {
  private static final String SECRET = "  cookie_secret: \"Xq3v9LrT0bWm7Yc2Kp5NsH8dJf4Ga1Ue6Zi\"\n";
  @TempDir Path dir;

  private static WebClient.Page attempt(Server server, String forwardedFor, String user) {
    WebClient web = new WebClient(TestServers.base(server));
    if (forwardedFor != null) {
      web.headers.put("X-Forwarded-For", forwardedFor);
    }
    String token = web.get("/login").csrf();
    return web.post("/login", "_csrf", token, "username", user, "password", "wrong password", "next", "/");
  }

  @Test
  void aSpoofedForwardedForFromAnUntrustedPeerDoesNotEscapeTheLoginThrottleUntilTheProxyIsTrusted() throws Exception {
    try (Server server = TestServers.startWithoutSites(dir, SECRET, "file password")) {
      // A new address and a new user name at each try: only the per-address count can stop this.
      for (int i = 1; i <= 5; i++) {
        assertThat(attempt(server, "198.51.100." + i, "user" + i).status()).as("try %d", i).isEqualTo(401);
      }
      WebClient.Page locked = attempt(server, "198.51.100.99, 198.51.100.6", "user6");
      assertThat(locked.status()).as("the header is ignored: every try came from 127.0.0.1").isEqualTo(429);
      assertThat(locked.body()).contains("Too many failed logins");

      // The operator puts a reverse proxy on this host and says so: the reload applies at once.
      Path config = dir.resolve("argos-config.yaml");
      Files.writeString(config, Files.readString(config).replace("  first_run_spread: 0\n",
          "  first_run_spread: 0\n  trusted_proxies: [127.0.0.1, \"::1\"]\n"));
      assertThat(server.reload().ok()).isTrue();
      assertThat(attempt(server, "198.51.100.7", "user7").status()).as("the proxy's client is believed now").isEqualTo(401);
      assertThat(attempt(server, null, "user8").status()).as("the proxy itself is still locked").isEqualTo(429);
      assertThat(attempt(server, "198.51.100.99, 127.0.0.1", "user9").status())
          .as("a chain ending in trusted hops: the right-most untrusted one, not yet locked").isEqualTo(401);
    }
  }

  @Test
  void aBadEntryIsAnErrorAtItsLineAndAReloadWithItKeepsTheRunningConfig() throws Exception {
    String yaml = TestServers.config("  trusted_proxies:\n    - 10.0.0.0/8\n    - 10.0.0.1/8\n    - localhost\n")
        .replace("websites:\n", "websites: []\n");
    Path file = TestServers.write(dir, yaml);
    List<String> lines = yaml.lines().toList();
    int hostBits = lines.indexOf("    - 10.0.0.1/8") + 1;
    int name = lines.indexOf("    - localhost") + 1;
    assertThatThrownBy(() -> ConfigParser.load(file, Map.of(), CheckRegistry.of(List.of(), true, getClass().getClassLoader())))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.errors()).hasSize(2);
          assertThat(e.errors().get(0).toString()).isEqualTo(file + ":" + hostBits + ":7: argos_java.trusted_proxies[1]: "
              + "'10.0.0.1/8' has host bits set: did you mean 10.0.0.0/8 (the range) or 10.0.0.1 (one address)?");
          assertThat(e.errors().get(1).where().line()).isEqualTo(name);
          assertThat(e.errors().get(1).key()).isEqualTo("argos_java.trusted_proxies[2]");
          assertThat(e.errors().get(1).message()).contains("expected an IP address or a CIDR range", "'localhost'");
        });

    Files.writeString(file, yaml.replace("    - 10.0.0.1/8\n    - localhost\n", ""));
    try (Server server = TestServers.start(file)) {
      assertThat(server.config().daemon().trustedProxies().entries()).containsExactly("10.0.0.0/8");
      Files.writeString(file, yaml);
      Server.Reload r = server.reload();
      assertThat(r.ok()).isFalse();
      assertThat(String.join("\n", r.errors())).contains("trusted_proxies[2]");
      assertThat(server.config().daemon().trustedProxies().entries()).containsExactly("10.0.0.0/8");
    }
  }

  private static void takeTasks(Server server, String forwardedFor) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(TestServers.base(server) + "/api/tasks?limit=1"))
        .header("Authorization", "Bearer " + TestServers.TOKEN).header("X-Forwarded-For", forwardedFor).GET().build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void anAgentWithoutAgentIdIsKnownByItsRealAddress() throws Exception {
    String yaml = TestServers.config("  probing: agents\n").replace("websites:\n", "websites: []\n");
    try (Server server = TestServers.start(TestServers.write(dir, yaml))) {
      takeTasks(server, "203.0.113.50");
      assertThat(server.remote().agents()).containsOnlyKeys("127.0.0.1");
    }
    try (Server server = TestServers.start(TestServers.write(dir, yaml.replace("  probing: agents\n",
        "  probing: agents\n  trusted_proxies: [127.0.0.0/8]\n")))) {
      takeTasks(server, "203.0.113.50");
      assertThat(server.remote().agents()).containsOnlyKeys("203.0.113.50");
    }
  }
}
