package org.argos.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.store.Incidents;
import org.argos.config.DaemonConfig;
import org.argos.config.TrustedProxies;
import org.argos.engine.Argos;
import org.argos.engine.InMemoryStore;
import org.argos.testkit.MutableClock;
import org.argos.web.auth.ApiAccess;
import org.argos.web.http.DatabaseOutage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The incidents API and Atom feed over real HTTP (issue 20 §5): reading needs the read scope, changing the write
 * scope; bad payloads are 400s naming their field; the feed parses back as Atom with every text escaped.
 */
class IncidentRoutesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final String READ = "r".repeat(40);
  private static final String WRITE = "w".repeat(40);
  private final MutableClock clock = new MutableClock(T0);
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  private final DatabaseOutage outage = new DatabaseOutage(() -> {
    throw new IllegalStateException("still away");
  }, clock, Duration.ofHours(1));
  private Argos argos;
  private Javalin app;
  private String base;

  @BeforeEach
  void start() {
    argos = Argos.builder().clock(clock).store(new InMemoryStore()).probe(r -> {
      throw new AssertionError("no probe here");
    }).build();
    ApiEdge edge = new ApiEdge(() -> new ApiAccess.Tokens(List.of(), List.of(
        new DaemonConfig.ApiToken("reader", READ, DaemonConfig.Scope.READ),
        new DaemonConfig.ApiToken("alice", WRITE, DaemonConfig.Scope.WRITE))), outage, () -> TrustedProxies.NONE);
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      edge.install(c);
      new IncidentRoutes(edge, argos).mount(c);
    }).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
    outage.close();
    argos.close();
  }

  private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(HttpResponse<String> r) throws Exception {
    return mapper.readTree(r.body());
  }

  @Test
  void aWriterOpensEditsAndPostsAndAReaderReadsTheTimeline() throws Exception {
    HttpResponse<String> r = send("POST", "/api/incidents", WRITE,
        "{\"title\":\"Payments down\",\"message\":\"Looking into it.\",\"domains\":[\"https://pay.test\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    long id = json(r).get("id").asLong();
    assertThat(json(r).get("status").asText()).isEqualTo("investigating");
    assertThat(json(r).get("timeline").get(0).get("author").asText()).isEqualTo("alice");

    clock.advance(Duration.ofMinutes(3));
    r = send("PATCH", "/api/incidents/" + id, WRITE, "{\"status\":\"identified\",\"title\":\"Payment provider down\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("title").asText()).isEqualTo("Payment provider down");
    r = send("POST", "/api/incidents/" + id + "/updates", WRITE, "{\"message\":\"Provider says 20 minutes.\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(json(r).get("message").asText()).isEqualTo("Provider says 20 minutes.");
    assertThat(json(r).get("status").asText()).isEqualTo("identified");
    clock.advance(Duration.ofMinutes(20));
    r = send("PATCH", "/api/incidents/" + id, WRITE, "{\"status\":\"resolved\",\"message\":\"Back.\"}");
    assertThat(json(r).get("resolved_at").asText()).isEqualTo(T0.plus(Duration.ofMinutes(23)).toString());

    r = send("GET", "/api/incidents/" + id, READ, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("timeline")).extracting(n -> n.get("status").asText() + ": " + n.get("message").asText())
        .containsExactly("investigating: Looking into it.", "identified: Status set to identified.",
            "identified: Provider says 20 minutes.", "resolved: Back.");
    assertThat(send("GET", "/api/incidents?state=past", READ, null).body()).contains("\"id\":" + id);
    assertThat(json(send("GET", "/api/incidents?state=active", READ, null)).get("incidents")).isEmpty();
  }

  @Test
  void theListIsPagedNewestFirst() throws Exception {
    Incidents store = argos.store().capability(Incidents.class).orElseThrow();
    for (int n = 1; n <= 5; n++) {
      store.open("default", "Incident " + n, IncidentStatus.INVESTIGATING, "m", "bob", List.of(), T0.plusSeconds(n));
    }
    JsonNode page = json(send("GET", "/api/incidents?limit=2", READ, null));
    assertThat(page.get("incidents")).extracting(n -> n.get("title").asText()).containsExactly("Incident 5",
        "Incident 4");
    page = json(send("GET", "/api/incidents?limit=2&before=" + page.get("next_before").asLong(), READ, null));
    assertThat(page.get("incidents")).extracting(n -> n.get("title").asText()).containsExactly("Incident 3",
        "Incident 2");
    page = json(send("GET", "/api/incidents?limit=2&before=" + page.get("next_before").asLong(), READ, null));
    assertThat(page.get("incidents")).extracting(n -> n.get("title").asText()).containsExactly("Incident 1");
    assertThat(page.get("next_before").isNull()).isTrue();
  }

  @Test
  void scopesAreEnforced() throws Exception {
    assertThat(send("GET", "/api/incidents", null, null).statusCode()).isEqualTo(403); // no token: 403, as elsewhere
    assertThat(send("GET", "/incidents.atom", null, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/incidents.atom", "x".repeat(40), null).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/api/incidents", READ, "{\"title\":\"t\",\"message\":\"m\"}").statusCode())
        .isEqualTo(403);
    assertThat(send("GET", "/api/incidents/999", READ, null).statusCode()).isEqualTo(404);
  }

  @Test
  void badPayloadsAreRefusedNamingTheField() throws Exception {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("{\"message\":\"m\"}", "title");
    cases.put("{\"title\":\"t\"}", "message");
    cases.put("{\"title\":\"" + "x".repeat(Incident.MAX_TITLE + 1) + "\",\"message\":\"m\"}", "title");
    cases.put("{\"title\":\"t\",\"message\":\"" + "m".repeat(10_001) + "\"}", "message");
    cases.put("{\"title\":\"t\",\"message\":\"m\",\"status\":\"fixed\"}", "status");
    cases.put("{\"title\":\"t\",\"message\":\"m\",\"status\":\"resolved\"}", "status");
    cases.put("{\"title\":\"t\",\"message\":\"m\",\"color\":\"red\"}", "color");
    cases.put("{\"title\":7,\"message\":\"m\"}", "title");
    cases.put("{\"title\":\"t\",\"message\":\"m\",\"domains\":[\"ok\", 3]}", "domains[1]");
    cases.put("[1]", "body");
    for (var c : cases.entrySet()) {
      HttpResponse<String> r = send("POST", "/api/incidents", WRITE, c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(json(r).get("field").asText()).as(c.getKey()).isEqualTo(c.getValue());
    }
    long id = json(send("POST", "/api/incidents", WRITE, "{\"title\":\"t\",\"message\":\"m\"}")).get("id").asLong();
    assertThat(json(send("PATCH", "/api/incidents/" + id, WRITE, "{}")).get("field").asText()).isEqualTo("body");
    assertThat(json(send("PATCH", "/api/incidents/" + id, WRITE, "{\"title\":\" \"}")).get("field").asText())
        .isEqualTo("title");
    assertThat(json(send("PATCH", "/api/incidents/x", WRITE, "{\"title\":\"a\"}")).get("field").asText())
        .isEqualTo("id");
    assertThat(json(send("GET", "/api/incidents?state=soon", READ, null)).get("field").asText()).isEqualTo("state");
    assertThat(json(send("GET", "/api/incidents?limit=100000", READ, null)).get("field").asText()).isEqualTo("limit");
    assertThat(json(send("POST", "/api/incidents/" + id + "/updates", WRITE, "{}")).get("field").asText())
        .isEqualTo("message");
  }

  @Test
  void theAtomFeedParsesBackWithEveryTextEscaped() throws Exception {
    Incidents store = argos.store().capability(Incidents.class).orElseThrow();
    Incident nasty = store.open("default", "<script>alert(1)</script> & \"quotes\"", IncidentStatus.INVESTIGATING,
        "first line\nsecond ]]> <b>bold</b> \u0001bell", "bob", List.of("https://a.test/?x=1&y=2"), T0);
    store.joinOutage("default", new Incident.Cause("address", "10.0.0.5:443"), "10.0.0.5:443 — 3 sites critical",
        "10.0.0.5:443 — 3 sites critical", Map.of(1L, "https://b.test"), T0.plusSeconds(60));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    String atom = "http://www.w3.org/2005/Atom";

    HttpResponse<String> r = send("GET", "/incidents.atom", READ, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/atom+xml");
    assertThat(r.body()).doesNotContain("<script>").contains("&lt;script&gt;");
    Element two = parse(f, r.body());
    NodeList entries = two.getElementsByTagNameNS(atom, "entry");
    assertThat(entries.getLength()).isEqualTo(2);
    Element entry = (Element) entries.item(1); // newest opened first: the nasty one is second
    assertThat(child(entry, "id")).isEqualTo("urn:argos:incident:" + nasty.id());
    assertThat(child(entry, "title")).isEqualTo("[investigating] <script>alert(1)</script> & \"quotes\"");
    assertThat(child(entry, "content")).contains("Affected: https://a.test/?x=1&y=2",
        "first line\nsecond ]]> <b>bold</b> bell");
    assertThat(child((Element) entries.item(0), "content")).contains("Affected: https://b.test",
        "investigating (argos)\n10.0.0.5:443 — 3 sites critical");

    // bounded to the latest MAX_ENTRIES
    for (int n = 0; n < IncidentFeed.MAX_ENTRIES + 5; n++) {
      store.open("default", "filler " + n, IncidentStatus.MONITORING, "m", "bob", List.of(), T0.plusSeconds(100 + n));
    }
    Element feed = parse(f, send("GET", "/incidents.atom?x=%3C&y=%22", READ, null).body());
    assertThat(feed.getNamespaceURI()).isEqualTo(atom);
    assertThat(feed.getLocalName()).isEqualTo("feed");
    assertThat(child(feed, "id")).isEqualTo("urn:argos:incidents");
    assertThat(child(feed, "title")).isEqualTo("Argos incidents");
    assertThat(Instant.parse(child(feed, "updated"))).isEqualTo(T0.plusSeconds(100 + IncidentFeed.MAX_ENTRIES + 4));
    entries = feed.getElementsByTagNameNS(atom, "entry");
    assertThat(entries.getLength()).isEqualTo(IncidentFeed.MAX_ENTRIES);
    for (int n = 0; n < entries.getLength(); n++) { // each has an id, a title, an updated time, content (RFC 4287)
      Element e = (Element) entries.item(n);
      assertThat(child(e, "id")).startsWith("urn:argos:incident:");
      assertThat(child(e, "title")).startsWith("[monitoring] filler ");
      Instant.parse(child(e, "updated"));
      assertThat(child(e, "content")).startsWith("Status: monitoring");
    }
  }

  private static Element parse(DocumentBuilderFactory f, String xml) throws Exception {
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement();
  }

  private static String child(Element parent, String name) {
    NodeList l = parent.getElementsByTagNameNS("http://www.w3.org/2005/Atom", name);
    assertThat(l.getLength()).as(name).isGreaterThan(0);
    return l.item(0).getTextContent();
  }
}
