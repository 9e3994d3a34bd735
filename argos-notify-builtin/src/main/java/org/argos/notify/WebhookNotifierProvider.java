package org.argos.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.argos.api.Alert;
import org.argos.api.NotificationException;
import org.argos.api.StateChange;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.jspecify.annotations.Nullable;

/**
 * The {@code webhook} channel: POSTs a JSON document (payload version {@value #PAYLOAD_VERSION}, described in
 * {@code docs/notifications.md}) to {@code url}. Settings: {@code url} (required), {@code secret} (when set, the
 * header {@code X-Argos-Signature: sha256=<hex>} carries the HMAC-SHA256 of the exact body bytes), {@code headers}
 * (extra headers) and {@code timeout} (default 10 s).
 */
public final class WebhookNotifierProvider implements NotifierProvider {
  /** The version of the JSON payload; raised only for changes that could break a receiver. */
  public static final int PAYLOAD_VERSION = 1;

  /** The header that carries the body's signature. */
  public static final String SIGNATURE_HEADER = "X-Argos-Signature";

  /**
   * The header that carries the notification's idempotency key (also in the body as {@code idempotency_key}): a repeat
   * of a message the engine cannot know arrived carries the same key, so a receiver that keeps the keys it saw drops
   * it.
   */
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  /** Used by {@link java.util.ServiceLoader}. */
  public WebhookNotifierProvider() {}

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public Notifier create(String channel, Map<String, Object> settings) {
    Settings s = Settings.of(type(), channel, settings, Set.of("url", "secret", "headers", "timeout"));
    URI url = s.httpUrl("url", null);
    String secret = s.optionalString("secret");
    Map<String, String> headers = s.stringMap("headers");
    headers.forEach((k, v) -> HttpPoster.checkHeader(s, "headers", k, v));
    for (String name : headers.keySet()) {
      if (name.equalsIgnoreCase(SIGNATURE_HEADER) || name.equalsIgnoreCase(IDEMPOTENCY_HEADER)
          || name.equalsIgnoreCase("Content-Type")) {
        throw s.invalid("headers." + name, headers.get(name), "this header is set by the webhook channel itself");
      }
    }
    return new WebhookNotifier(channel, url, Settings.maskUrl(url.toString()), secret, Map.copyOf(headers),
        new HttpPoster(s.timeout()));
  }

  /**
   * @param secret the shared secret
   * @param body the exact bytes sent
   * @return the value of {@value #SIGNATURE_HEADER}: {@code sha256=} and the lower-case hex HMAC-SHA256
   */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  /** The payload, as plain maps so that its shape is visible in one place (and matches the documentation). */
  static Map<String, Object> payload(String channel, Notification n) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("version", PAYLOAD_VERSION);
    p.put("channel", channel);
    p.put("idempotency_key", n.idempotencyKey());
    p.put("severity", n.severity().label());
    p.put("count", n.total());
    p.put("omitted", n.omitted());
    p.put("alert_ids", n.alertIds());
    p.put("title", AlertText.subject(n));
    p.put("text", AlertText.plain(n));
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Alert a : n.alerts()) {
      alerts.add(alert(a, n.baseUrl(), n.ackUrls().get(a.id())));
    }
    p.put("alerts", alerts);
    Map<String, Object> links = new LinkedHashMap<>();
    if (n.baseUrl() != null) {
      links.put("dashboard", AlertText.base(n.baseUrl()) + "/");
    }
    p.put("links", links);
    if (n.cause() != null) { // absent when the alerts were grouped by time only: older receivers see nothing new
      Map<String, Object> cause = new LinkedHashMap<>();
      cause.put("kind", n.cause().kind());
      cause.put("value", n.cause().value());
      cause.put("summary", n.cause().summary());
      cause.put("domains", n.cause().domains());
      if (n.cause().link() != null) {
        cause.put("link", n.cause().link());
        links.put("cause", n.cause().link());
      }
      p.put("cause", cause);
    }
    if (n.digest() != null) { // a daily digest: the failing tasks, worst first (absent from every other message)
      p.put("digest", digest(n.digest(), n.baseUrl()));
    }
    return p;
  }

  private static Map<String, Object> digest(Notification.Digest d, @Nullable String baseUrl) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channel", d.channel());
    m.put("date", d.date().toString());
    m.put("zone", d.zone().getId());
    m.put("failing", d.failing());
    m.put("acknowledged", d.acknowledged());
    m.put("omitted", d.omitted());
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (Notification.Digest.Entry e : d.tasks()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("task_id", e.taskId());
      t.put("domain", e.domain());
      t.put("url", e.url());
      t.put("check", e.check());
      t.put("severity", e.severity().label());
      t.put("since", AlertText.TIME_FULL.format(e.since()));
      t.put("message", e.message());
      t.put("acknowledged", e.acknowledged());
      t.put("acked_by", e.ackedBy());
      String link = DigestText.taskLink(baseUrl, e);
      if (link != null) {
        t.put("links", Map.of("task_results", link));
      }
      tasks.add(t);
    }
    m.put("tasks", tasks);
    return m;
  }

  private static Map<String, Object> alert(Alert a, @Nullable String baseUrl, @Nullable String ackUrl) {
    StateChange c = a.change();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("task_id", c.taskId());
    m.put("domain", c.domain());
    m.put("url", c.url());
    m.put("method", c.method());
    m.put("ip_version", c.ipVersion().label());
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("type", c.check().type());
    check.put("parameter", c.check().parameter());
    check.put("expected", c.check().expected());
    m.put("check", check);
    m.put("previous_severity", c.previous() == null ? null : c.previous().label());
    if (AlertText.stableAgain(a)) {
      m.put("stable_again", true); // a flapping task settled: previous_severity is the same as severity
    }
    m.put("severity", c.current().label());
    m.put("at", AlertText.TIME_FULL.format(c.at()));
    m.put("message", c.message());
    m.put("result_id", c.resultId());
    Map<String, Object> links = new LinkedHashMap<>();
    String result = AlertText.resultLink(baseUrl, c);
    String task = AlertText.taskLink(baseUrl, c);
    if (result != null) {
      links.put("result", result);
    }
    if (task != null) {
      links.put("task_results", task);
    }
    if (ackUrl != null) {
      links.put("acknowledge", ackUrl); // signed: acknowledges this task once, until it expires, without a login
    }
    m.put("links", links);
    return m;
  }

  private record WebhookNotifier(
      String channel, URI url, String shown, @Nullable String secret, Map<String, String> headers, HttpPoster http)
      implements Notifier {
    @Override
    public void send(Notification n) throws NotificationException {
      byte[] body = Json.bytes(payload(channel, n));
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(IDEMPOTENCY_HEADER, n.idempotencyKey());
      if (secret != null) {
        h.put(SIGNATURE_HEADER, signature(secret, body));
      }
      http.post(url, "webhook " + shown, h, "application/json", body);
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
