package org.argos.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.argos.api.store.PushHeartbeats;
import org.argos.engine.InMemoryStore;
import org.argos.engine.PushTokens;
import org.argos.testkit.MutableClock;
import org.argos.testkit.StorePlans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A push site's page shows its URL (a credential) to a logged-in user, never to a visitor without a login. */
class PushUrlPageTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryStore store = new InMemoryStore();
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;
  private String base;
  private String cookie = "";
  private String token;

  @BeforeEach
  void start() {
    store.register(StorePlans.plan(StorePlans.site("push://backup-job", "heartbeat"), T0), T0);
    token = new PushTokens(store.capability(PushHeartbeats.class).orElseThrow(), clock::instant)
        .token("push://backup-job");
    WebUi ui = new WebUi(() -> new WebUi.Settings("s3cret", Duration.ofDays(7), null, "all", ""), store, Map::of,
        false, new WebUi.Users(WebUi.Authenticator.of((u, pw) -> "alice".equals(u) && "pw".equals(pw)),
        "alice"::equals), clock);
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      ui.routes(c.routes);
    }).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r = http.send(b.header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    r.headers().allValues("Set-Cookie").stream().findFirst().ifPresent(c -> cookie = c.split(";", 2)[0]);
    return r;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)));
  }

  @Test
  void theUrlIsShownToALoggedInUserOnly() throws Exception {
    HttpResponse<String> anonymous = get("/domain/backup-job");
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).contains("push://backup-job").doesNotContain(token, "Push URL");

    Matcher m = CSRF.matcher(get("/login").body());
    assertThat(m.find()).isTrue();
    HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)
            + "&username=alice&password=pw")));
    assertThat(login.statusCode()).isEqualTo(303);

    String html = get("/domain/backup-job").body();
    assertThat(html).contains("Push URL", base + "/api/push/" + token);
  }
}
