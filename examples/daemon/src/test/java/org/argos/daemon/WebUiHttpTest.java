package org.argos.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.web.auth.FileUserStore;

/** The web UI's login, sessions, CSRF and access modes, over plain HTTP (no browser, no site to probe). */
class WebUiHttpTest {
  @TempDir Path dir;

  private Server start(String general) throws Exception {
    return TestServers.startWithoutSites(dir, general, "correct horse");
  }

  @Test
  void everyPageNeedsALoginByDefaultAndTheLoginFormWorks() throws Exception {
    try (Server server = start("  cookie_secret: \"0123456789abcdef0123456789abcdef\"\n")) {
      WebClient web = new WebClient(TestServers.base(server));
      for (String path : new String[] {"/", "/domains", "/agents", "/domain/example.org", "/task/1/results", "/result/1"}) {
        WebClient.Page p = web.get(path);
        assertThat(p.status()).as(path).isEqualTo(303);
        assertThat(p.location()).as(path).startsWith("/login?next=");
      }
      assertThat(web.get("/domains?severity=ok").location()).isEqualTo("/login?next=%2Fdomains%3Fseverity%3Dok");

      WebClient.Page form = web.get("/login");
      assertThat(form.status()).isEqualTo(200);
      assertThat(form.body()).contains("<label for=\"username\">", "<label for=\"password\">").doesNotContain("Remember me");

      WebClient.Page wrong = web.post("/login", "_csrf", form.csrf(), "username", "alice", "password", "wrong", "next", "/");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.body()).contains("Wrong user name or password.");
      assertThat(web.cookie("argos_session")).isNull();

      WebClient.Page ok = web.post("/login", "_csrf", form.csrf(), "username", "alice", "password", "correct horse",
          "next", "/domains?severity=critical");
      assertThat(ok.status()).isEqualTo(303);
      assertThat(ok.location()).isEqualTo("/domains?severity=critical");
      assertThat(web.cookie("argos_session")).isNotBlank();

      WebClient.Page dash = web.get("/");
      assertThat(dash.status()).isEqualTo(200);
      assertThat(dash.body()).contains("Signed in as <strong id=\"user\">alice</strong>", "id=\"count-ok\"");
      assertThat(web.get("/domains").status()).isEqualTo(200);
      assertThat(web.get("/agents").body()).contains("No agent has reported");
      assertThat(web.get("/domain/nowhere.example").status()).isEqualTo(404);
      assertThat(web.get("/task/999999/results").status()).isEqualTo(404);
      assertThat(web.get("/result/abc").status()).isEqualTo(404);
      assertThat(web.get("/domains?severity=bad").body()).contains("unknown severity 'bad'");

      WebClient.Page out = web.post("/logout", "_csrf", dash.csrf());
      assertThat(out.status()).isEqualTo(303);
      assertThat(web.get("/").status()).isEqualTo(303);
    }
  }

  @Test
  void postsWithoutTheSessionsTokenAreRefused() throws Exception {
    try (Server server = start("  cookie_secret: \"0123456789abcdef0123456789abcdef\"\n")) {
      WebClient web = new WebClient(TestServers.base(server));
      WebClient.Page noToken = web.post("/login", "username", "alice", "password", "correct horse");
      assertThat(noToken.status()).isEqualTo(403);
      assertThat(noToken.body()).contains("CSRF");
      assertThat(web.cookie("argos_session")).isNull();

      WebClient.Page before = web.get("/login");
      web.login("alice", "correct horse");
      WebClient.Page dash = web.get("/");
      // The anonymous token stops working once logged in: tokens are tied to the session.
      assertThat(web.post("/refresh", "_csrf", before.csrf(), "auto_refresh", "on", "interval", "10").status()).isEqualTo(403);
      assertThat(web.post("/refresh", "auto_refresh", "on", "interval", "10").status()).isEqualTo(403);
      assertThat(web.post("/logout").status()).isEqualTo(403);
      assertThat(web.get("/").status()).as("a refused logout leaves the session").isEqualTo(200);

      // Another user's session has another token.
      WebClient other = new WebClient(TestServers.base(server));
      other.login("alice", "correct horse");
      assertThat(web.post("/refresh", "_csrf", other.get("/").csrf(), "interval", "10").status()).isEqualTo(403);

      WebClient.Page saved = web.post("/refresh", "_csrf", dash.csrf(), "auto_refresh", "on", "interval", "7");
      assertThat(saved.status()).isEqualTo(303);
      assertThat(web.cookie("argos_refresh")).isEqualTo("on:7");
      assertThat(web.get("/").body()).contains("<meta http-equiv=\"refresh\" content=\"7\">");
      assertThat(web.post("/refresh", "_csrf", dash.csrf(), "interval", "2").status()).isEqualTo(400);
      assertThat(web.post("/refresh", "_csrf", dash.csrf(), "interval", "10").status()).isEqualTo(303);
      assertThat(web.get("/").body()).doesNotContain("http-equiv=\"refresh\"").contains("auto-refresh off");
    }
  }

  @Test
  void forgedOrDisabledUsersSessionsAreRejected() throws Exception {
    try (Server server = start("  cookie_secret: \"0123456789abcdef0123456789abcdef\"\n  session_duration: 60\n")) {
      WebClient web = new WebClient(TestServers.base(server));
      web.login("alice", "correct horse");
      String good = web.cookie("argos_session");
      assertThat(web.get("/").status()).isEqualTo(200);

      // Another user name with alice's signature: refused.
      String[] parts = good.split("\\.");
      parts[0] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("mallory".getBytes());
      WebClient forged = new WebClient(TestServers.base(server));
      forged.cookies.getCookieStore().add(java.net.URI.create(TestServers.base(server)), cookie("argos_session", String.join(".", parts)));
      assertThat(forged.get("/").status()).isEqualTo(303);

      new FileUserStore(dir.resolve("argos-users.json")).setEnabled("alice", false);
      assertThat(web.get("/").status()).as("a disabled user's session ends at once").isEqualTo(303);
      WebClient again = new WebClient(TestServers.base(server));
      String token = again.get("/login").csrf();
      assertThat(again.post("/login", "_csrf", token, "username", "alice", "password", "correct horse").status()).isEqualTo(401);
    }
  }

  private static java.net.HttpCookie cookie(String name, String value) {
    java.net.HttpCookie c = new java.net.HttpCookie(name, value);
    c.setPath("/");
    c.setVersion(0);
    return c;
  }

  @Test
  void rememberMeMakesALongerPersistentCookieAndNextCannotLeaveTheSite() throws Exception {
    try (Server server = start("  cookie_secret: \"0123456789abcdef0123456789abcdef\"\n  remember_me_duration: 43200\n")) {
      WebClient web = new WebClient(TestServers.base(server));
      WebClient.Page form = web.get("/login?next=//evil.example/");
      assertThat(form.body()).contains("Remember me").contains("name=\"next\" value=\"/\"");
      WebClient.Page ok = web.post("/login", "_csrf", form.csrf(), "username", "alice", "password", "correct horse",
          "remember", "on", "next", "https://evil.example/");
      assertThat(ok.location()).isEqualTo("/");
      java.net.HttpCookie c = web.cookies.getCookieStore().getCookies().stream()
          .filter(k -> k.getName().equals("argos_session")).findFirst().orElseThrow();
      assertThat(c.getMaxAge()).isEqualTo(43200L * 60);
      assertThat(c.isHttpOnly()).isTrue();
    }
  }

  @Test
  void unauthenticatedAccessDashboardOpensOnlyTheDashboard() throws Exception {
    try (Server server = start("  unauthenticated_access: dashboard\n")) {
      WebClient web = new WebClient(TestServers.base(server));
      WebClient.Page dash = web.get("/");
      assertThat(dash.status()).isEqualTo(200);
      assertThat(dash.body()).contains("id=\"count-ok\"", "id=\"login-link\"");
      assertThat(web.get("/domains").status()).isEqualTo(303);
      assertThat(web.get("/agents").status()).isEqualTo(303);
      // The dashboard's own form works for visitors, with their anonymous token.
      assertThat(web.post("/refresh", "_csrf", dash.csrf(), "auto_refresh", "on", "interval", "5").status()).isEqualTo(303);
      assertThat(web.post("/refresh", "auto_refresh", "on", "interval", "5").status()).isEqualTo(403);
    }
  }

  @Test
  void unauthenticatedAccessAllOpensEverything() throws Exception {
    try (Server server = start("  unauthenticated_access: all\n")) {
      WebClient web = new WebClient(TestServers.base(server));
      assertThat(web.get("/").status()).isEqualTo(200);
      assertThat(web.get("/domains").status()).isEqualTo(200);
      assertThat(web.get("/agents").status()).isEqualTo(200);
      assertThat(web.get("/").body()).doesNotContain("id=\"login-link\"");
      assertThat(web.get("/static/argos.css").body()).contains("--critical");
    }
  }

  @Test
  void pagesAndLinksLiveUnderTheRootPath() throws Exception {
    try (Server server = start("  root_path: \"/argos\"\n  unauthenticated_access: dashboard\n")) {
      WebClient web = new WebClient(TestServers.base(server));
      WebClient.Page dash = web.get("/argos/");
      assertThat(dash.status()).isEqualTo(200);
      assertThat(dash.body()).contains("href=\"/argos/static/argos.css\"", "href=\"/argos/domains\"", "action=\"/argos/refresh\"");
      assertThat(web.get("/argos/domains").location()).isEqualTo("/argos/login?next=%2Fdomains");
      String token = web.get("/argos/login").csrf();
      WebClient.Page in = web.post("/argos/login", "_csrf", token, "username", "alice", "password", "correct horse",
          "next", "/domains");
      assertThat(in.location()).isEqualTo("/argos/domains");
      assertThat(web.get("/argos/domains").status()).isEqualTo(200);
      assertThat(web.get("/").status()).isEqualTo(404);
    }
  }
}
