package org.argos.daemon;

import org.argos.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.argos.api.store.Store;
import org.argos.config.TrustedProxies;
import org.argos.web.ui.WebUi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.web.auth.FileUserStore;

/** The login form over HTTP: throttling of failed logins (on a clock moved by hand) and LDAP logins through the daemon. */
class WebLoginTest {
  @TempDir Path dir;



  private static WebClient.Page attempt(WebClient web, String user, String password) {
    String token = web.get("/login").csrf();
    return web.post("/login", "_csrf", token, "username", user, "password", password, "next", "/");
  }

  @Test
  void repeatedFailuresGet429UntilTheLockEndsAndTheAuthenticatorIsNotAskedMeanwhile() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    AtomicInteger asked = new AtomicInteger();
    Store store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, a) -> {
      throw new AssertionError("the login form reads no status");
    });
    // A reverse proxy on this host: its X-Forwarded-For names the client.
    WebUi ui = new WebUi(() -> new WebUi.Settings("s3cret", Duration.ofDays(7), null, null, "",
        TrustedProxies.of(List.of("127.0.0.1", "::1"))), store, Map::of, false,
        new WebUi.Users((u, pw) -> {
          asked.incrementAndGet();
          return "alice".equals(u) && "right".equals(pw) ? WebUi.Verdict.ACCEPTED : WebUi.Verdict.REJECTED;
        }, u -> true), clock);
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      ui.routes(c.routes);
    }).start("127.0.0.1", 0);
    try {
      String base = "http://127.0.0.1:" + app.port();
      WebClient web = new WebClient(base);
      web.headers.put("X-Forwarded-For", "203.0.113.7"); // as a reverse proxy on this host would send it
      for (int i = 1; i <= 5; i++) {
        assertThat(attempt(web, "alice", "guess" + i).status()).as("failure %d", i).isEqualTo(401);
      }
      assertThat(asked).hasValue(5);
      WebClient.Page refused = attempt(web, "alice", "right");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.retryAfter()).isEqualTo("60");
      assertThat(refused.body()).contains("Too many failed logins for this user name or from this address. Try again in 1 minute.");
      assertThat(asked).as("a locked key's password is not even checked").hasValue(5);
      assertThat(web.cookie("argos_session")).isNull();

      // Another address, same user: the user name is locked too. Another user from the locked address: locked.
      WebClient elsewhere = new WebClient(base);
      elsewhere.headers.put("X-Forwarded-For", "198.51.100.1, 203.0.113.8");
      assertThat(attempt(elsewhere, "alice", "right").status()).isEqualTo(429);
      assertThat(attempt(web, "carol", "x").status()).isEqualTo(429);
      assertThat(attempt(elsewhere, "carol", "x").status()).as("neither key is locked").isEqualTo(401);

      clock.advance(Duration.ofSeconds(30));
      WebClient.Page half = attempt(web, "alice", "right");
      assertThat(half.status()).isEqualTo(429);
      assertThat(half.retryAfter()).isEqualTo("30");
      assertThat(half.body()).contains("Try again in 30 seconds.");

      clock.advance(Duration.ofSeconds(30));
      assertThat(attempt(web, "alice", "right").status()).isEqualTo(303);
      assertThat(web.cookie("argos_session")).isNotBlank();
    } finally {
      app.stop();
    }
  }

  private Server start(String general) throws Exception {
    return TestServers.startWithoutSites(dir, general, "file password");
  }

  private static final String SECRET = "  cookie_secret: \"Xq3v9LrT0bWm7Yc2Kp5NsH8dJf4Ga1Ue6Zi\"\n";

  @Test
  void aFailedLoginLooksAndTakesTheSameForAnUnknownUserAsForAWrongPassword() throws Exception {
    try (Server server = TestServers.startWithoutSites(dir, SECRET, "  trusted_proxies: [127.0.0.1]\n", "file password")) {
      FileUserStore users = new FileUserStore(dir.resolve("argos-users.json"));
      users.add("dave", "dave's password");
      users.setEnabled("dave", false);
      Map<String, List<Long>> millis = new HashMap<>();
      Map<String, List<String>> answers = new HashMap<>();
      Map<String, WebClient> clients = new java.util.LinkedHashMap<>();
      int address = 1;
      for (String user : new String[] {"alice", "nobody", "dave"}) {
        WebClient web = new WebClient(TestServers.base(server));
        web.headers.put("X-Forwarded-For", "203.0.113." + address++); // its own address: only the user name's count
        clients.put(user, web);
      }
      for (int i = 1; i <= 6; i++) {
        for (Map.Entry<String, WebClient> c : clients.entrySet()) { // in turns: a passing load weighs on all alike
          String user = c.getKey();
          String token = c.getValue().get("/login").csrf();
          long start = System.nanoTime();
          WebClient.Page p = c.getValue().post("/login", "_csrf", token, "username", user, "password", "dave's password",
              "next", "/");
          long took = (System.nanoTime() - start) / 1_000_000;
          if (p.status() == 401) {
            millis.computeIfAbsent(user, k -> new ArrayList<>()).add(took);
          }
          // Tokens and the name typed differ, and a lock's time left moves with the real clock: the rest must not.
          answers.computeIfAbsent(user, k -> new ArrayList<>()).add(p.status() + " " + p.retryAfter().replaceAll("\\d+", "N")
              + " " + p.body().replace(user, "NAME").replaceAll("value=\"[^\"]*\"", "value=\"…\"")
              .replaceAll("Try again in [^.<]*\\.", "Try again in ….").replaceAll("\\d+ (seconds|minutes?)", "N $1"));
        }
      }
      assertThat(answers.get("alice").get(0)).startsWith("401 ").contains("Wrong user name or password.");
      assertThat(answers.get("alice").get(5)).startsWith("429 N ").contains("Too many failed logins");
      assertThat(answers.get("nobody")).as("the same pages, lock included, for an unknown user").isEqualTo(answers.get("alice"));
      assertThat(answers.get("dave")).as("and for a disabled one with the right password").isEqualTo(answers.get("alice"));
      long existing = median(millis.get("alice"));
      // Before the fix an unknown or disabled user took a few ms against a quarter of a second.
      assertThat(median(millis.get("nobody"))).as("unknown %s ms vs existing %s ms", millis.get("nobody"), millis.get("alice"))
          .isGreaterThanOrEqualTo(existing / 2);
      assertThat(median(millis.get("dave"))).as("disabled %s ms vs existing %s ms", millis.get("dave"), millis.get("alice"))
          .isGreaterThanOrEqualTo(existing / 2);
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  @Test
  void aPasswordLongerThanBcryptReadsIsAWrongPasswordNotAnError() throws Exception {
    try (Server server = TestServers.startWithoutSites(dir, SECRET, "file password")) {
      WebClient web = new WebClient(TestServers.base(server));
      WebClient.Page p = attempt(web, "alice", "file password" + "x".repeat(100));
      assertThat(p.status()).isEqualTo(401);
      assertThat(p.body()).contains("Wrong user name or password.");
    }
  }

  @Test
  void withLdapConfiguredUsersLogInWithTheDirectoryAndTheUsersFileIsNotRead() throws Exception {
    try (TestLdap ldap = new TestLdap();
        Server server = start("  cookie_secret: \"0123456789abcdef0123456789abcdef\"\n" + ldap.yaml())) {
      WebClient web = new WebClient(TestServers.base(server));
      assertThat(attempt(web, "alice", "file password").status()).as("the users file is not read").isEqualTo(401);
      assertThat(attempt(web, "bob", "bob's password").status()).as("left out by user_filter").isEqualTo(401);
      assertThat(attempt(web, "a*", "alice's password").status()).as("filter syntax is escaped").isEqualTo(401);
      WebClient.Page ok = attempt(web, "alice", "alice's password");
      assertThat(ok.status()).isEqualTo(303);
      WebClient.Page dash = web.get("/");
      assertThat(dash.status()).isEqualTo(200);
      assertThat(dash.body()).contains("Signed in as <strong id=\"user\">alice</strong>");

      ldap.close();
      WebClient other = new WebClient(TestServers.base(server));
      WebClient.Page down = attempt(other, "alice", "alice's password");
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.body()).contains("the user directory (LDAP) cannot be reached").doesNotContain("Exception");
      assertThat(other.cookie("argos_session")).isNull();
    }
  }
}
