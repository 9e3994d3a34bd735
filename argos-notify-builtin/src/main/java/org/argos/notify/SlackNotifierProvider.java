package org.argos.notify;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.argos.api.NotificationException;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;

/**
 * The {@code slack} channel: a Slack incoming webhook, or anything that accepts the same JSON (Mattermost, Rocket.Chat,
 * Zulip's Slack-compatible endpoint...). Settings: {@code url} (required; the webhook URL, treated as a secret),
 * {@code username}, {@code channel}, {@code icon_emoji}, {@code icon_url} (each passed through when set) and
 * {@code timeout} (default 10 s). The body is {@code {"text": ...}} plus those optional fields.
 */
public class SlackNotifierProvider implements NotifierProvider {
  private static final int MAX_TEXT = 39_000; // Slack truncates text at 40,000 characters

  /** Used by {@link java.util.ServiceLoader}. */
  public SlackNotifierProvider() {}

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public final Notifier create(String channel, Map<String, Object> settings) {
    Settings s = Settings.of(type(), channel, settings,
        Set.of("url", "username", "channel", "icon_emoji", "icon_url", "timeout"));
    URI url = s.httpUrl("url", null);
    Map<String, Object> extra = new LinkedHashMap<>();
    for (String key : new String[] {"username", "channel", "icon_emoji", "icon_url"}) {
      String v = s.optionalString(key);
      if (v != null) {
        extra.put(key, v);
      }
    }
    return new SlackNotifier(channel, type(), url, Settings.maskUrl(url.toString()), Map.copyOf(extra),
        new HttpPoster(s.timeout()));
  }

  private record SlackNotifier(
      String channel, String type, URI url, String shown, Map<String, Object> extra, HttpPoster http)
      implements Notifier {
    @Override
    public void send(Notification n) throws NotificationException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("text", AlertText.truncate(AlertText.slack(n), MAX_TEXT));
      body.putAll(extra);
      http.post(url, type + " " + shown, Map.of(), "application/json", Json.bytes(body));
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
