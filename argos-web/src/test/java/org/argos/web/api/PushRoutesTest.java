package org.argos.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.argos.api.CheckResult;
import org.argos.api.Site;
import org.argos.api.StoreException;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.store.PushBeat;
import org.argos.config.TrustedProxies;
import org.argos.engine.Argos;
import org.argos.engine.InMemoryStore;
import org.argos.web.ArgosWeb;
import org.argos.web.auth.ApiAccess;
import org.argos.web.http.CallRateLimit;
import org.argos.web.http.DatabaseOutage;
import org.argos.testkit.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push URL over real HTTP: a registered push site's token records a call without any API or agent token; a wrong
 * token is 404, an oversize body 413, calls past the burst 429 (with a hand-moved time for the refill), and while the
 * database is out of reach 503.
 */
class PushRoutesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final AtomicLong nanos = new AtomicLong();
  private final HttpClient http = HttpClient.newHttpClient();
  private final DatabaseOutage outage = new DatabaseOutage(() -> {
    throw new IllegalStateException("still away");
  }, clock, Duration.ofHours(1));
  private Argos argos;
  private Javalin app;
  private String base;
  private String token;

  /** A check that reads push responses, so a push site registers without the built-in checks. */
  static final class PushSeen implements CheckProvider {
    @Override
    public String name() {
      return "push-seen";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("push");
    }

    @Override
    public Check create(@Nullable Object parameter) {
      return (ProbeResponse r, org.argos.api.spi.CheckContext c) -> r.attribute("push.last") == null
          ? CheckResult.failure("no call") : CheckResult.success("called");
    }
  }

  @BeforeEach
  void start() {
    argos = Argos.builder().clock(clock).store(new InMemoryStore()).probe(r -> {
      throw new AssertionError("no http site here");
    }).install(new PushSeen()).build();
    argos.register(Site.builder("push://backup-job").ipVersions(true, false)
        .path("/", p -> p.check("push-seen", null)).build());
    token = argos.pushTokens().token("push://backup-job");
    ApiEdge edge = new ApiEdge(() -> new ApiAccess.Tokens(List.of("agent-secret"), List.of()), outage,
        () -> TrustedProxies.NONE);
    CallRateLimit limit = new CallRateLimit(PushRoutes.BURST, PushRoutes.REFILL, 100, nanos::get);
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      edge.install(c);
      new PushRoutes(edge, argos, limit).mount(c);
    }).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
    outage.close();
    argos.close();
  }

  private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private PushBeat last() {
    return argos.pushTokens().last("push://backup-job").orElseThrow();
  }

  @Test
  void theTokenAloneRecordsACallWithItsStatusAndMessage() throws Exception {
    HttpResponse<String> r = get("/api/push/" + token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"site\":\"push://backup-job\"", "\"status\":\"ok\"", T0.toString());
    assertThat(last()).isEqualTo(new PushBeat(T0, true, null));

    clock.advance(Duration.ofMinutes(5));
    r = post("/api/push/" + token + "?status=fail&msg=disk%20full", "");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(last()).isEqualTo(new PushBeat(T0.plus(Duration.ofMinutes(5)), false, "disk full"));

    // no msg: a short body is the message, cut to its bound
    r = post("/api/push/" + token, "x".repeat(1000));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(last().message()).hasSize(PushBeat.MAX_MESSAGE);
    assertThat(last().ok()).isTrue();
  }

  @Test
  void aWrongTokenIsNotFoundAndRecordsNothing() throws Exception {
    String mac = token.substring(token.indexOf('.') + 1);
    String otherName = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("other-job".getBytes());
    char flipped = mac.charAt(0) == 'A' ? 'B' : 'A';
    for (String bad : List.of("nope", token + "x", token.substring(0, token.indexOf('.') + 1) + flipped
        + mac.substring(1), otherName + "." + mac, "." + mac, "a.b.c")) {
      HttpResponse<String> r = post("/api/push/" + bad, "");
      assertThat(r.statusCode()).as(bad).isEqualTo(404);
      assertThat(r.body()).contains("no push monitor has this token");
    }
    // a well-signed token of a site that is not registered
    String unregistered = argos.pushTokens().token("push://other-job");
    assertThat(post("/api/push/" + unregistered, "").statusCode()).isEqualTo(404);
    assertThat(argos.pushTokens().last("push://backup-job")).isEmpty();
  }

  @Test
  void aBadStatusIsRefusedByName() throws Exception {
    HttpResponse<String> r = post("/api/push/" + token + "?status=maybe", "");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"status\"");
  }

  @Test
  void anOversizeBodyIs413() throws Exception {
    HttpResponse<String> r = post("/api/push/" + token, "x".repeat((int) PushRoutes.MAX_BODY + 1));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(argos.pushTokens().last("push://backup-job")).isEmpty();
  }

  @Test
  void callsPastTheBurstAre429UntilTimeGivesOneBack() throws Exception {
    for (int i = 0; i < PushRoutes.BURST; i++) {
      assertThat(post("/api/push/" + token, "").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> r = post("/api/push/" + token, "");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains(Long.toString(PushRoutes.REFILL.toSeconds()));
    nanos.addAndGet(PushRoutes.REFILL.toNanos());
    assertThat(post("/api/push/" + token, "").statusCode()).isEqualTo(200);
    assertThat(post("/api/push/" + token, "").statusCode()).isEqualTo(429);
  }

  @Test
  void whileTheDatabaseIsAwayItIs503() throws Exception {
    outage.failed(new StoreException("down", new SQLTransientConnectionException("refused")));
    HttpResponse<String> r = post("/api/push/" + token, "");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void argosWebMountsItWithTheApiAndAnApiTokenIsNotNeeded() throws Exception {
    try (ArgosWeb web = ArgosWeb.builder(argos).tokens(new ApiAccess.Tokens(List.of("agent-secret"), List.of()))
        .build()) {
      Javalin mounted = web.start("127.0.0.1", 0, "");
      try {
        String at = "http://127.0.0.1:" + mounted.port();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(at + "/api/push/" + token))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(at + "/api/push/nope")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        // the other API routes still want a token
        assertThat(http.send(HttpRequest.newBuilder(URI.create(at + "/api/sites")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(401, 403);
      } finally {
        mounted.stop();
      }
    }
  }
}
