package org.argos.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.NotificationException;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ntfy} channel: {@code POST {url}/{topic}} with the text as body and the {@code Title},
 * {@code Priority}, {@code Tags} and {@code Click} headers. Settings: {@code url} (default {@code https://ntfy.sh}),
 * {@code topic} (required; a string or a list, each topic gets the message), {@code token} (access token, sent as
 * bearer) or {@code username} + {@code password} (basic auth), {@code tags} (extra tags) and {@code timeout}
 * (default 10 s).
 *
 * <p>Priorities: ok 2 (low), warning 4 (high), critical 5 (max), unknown 4. The title is RFC 2047-encoded when it is
 * not ASCII (ntfy decodes it); the body is cut below ntfy's 4096-byte message limit, above which ntfy would turn
 * it into an attachment.
 */
public final class NtfyNotifierProvider implements NotifierProvider {
  private static final int MAX_BODY_CHARS = 1300; // 4096 bytes even when every character takes three bytes

  /** Used by {@link java.util.ServiceLoader}. */
  public NtfyNotifierProvider() {}

  @Override
  public String type() {
    return "ntfy";
  }

  @Override
  public Notifier create(String channel, Map<String, Object> settings) {
    Settings s = Settings.of(type(), channel, settings,
        Set.of("url", "topic", "token", "username", "password", "tags", "timeout"));
    URI url = s.httpUrl("url", "https://ntfy.sh");
    List<URI> topics = new ArrayList<>();
    List<String> names = s.requiredStringList("topic");
    for (String t : names) {
      if (!t.matches("[-_A-Za-z0-9]{1,64}")) {
        throw s.invalid("topic", t, "expected letters, digits, '-' or '_' (at most 64)");
      }
      topics.add(Settings.join(url, "/" + t));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String token = s.optionalString("token");
    String username = s.optionalString("username");
    String password = s.optionalString("password");
    if (token != null && username != null) {
      throw s.invalid("token", token, "give either 'token' or 'username' and 'password', not both");
    }
    if ((username == null) != (password == null)) {
      throw username == null ? s.missing("username", "'password' needs a 'username'")
          : s.missing("password", "'username' needs a 'password'");
    }
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
      HttpPoster.checkHeader(s, "token", "Authorization", headers.get("Authorization"));
    } else if (username != null) {
      headers.put("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    List<String> tags = s.optionalStringList("tags");
    return new NtfyNotifier(channel, List.copyOf(topics), Map.copyOf(headers), tags == null ? List.of() : tags,
        new HttpPoster(s.timeout()));
  }

  static int priority(Severity severity) {
    return switch (severity) {
      case OK -> 2;
      case WARNING, UNKNOWN -> 4;
      case CRITICAL -> 5;
    };
  }

  static String tag(Severity severity) {
    return switch (severity) {
      case OK -> "white_check_mark";
      case WARNING -> "warning";
      case CRITICAL -> "x";
      case UNKNOWN -> "grey_question";
    };
  }

  /** RFC 2047 "B" encoding: the way to put UTF-8 in a header value that ntfy understands. */
  static String headerText(String s) {
    boolean ascii = s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    return ascii ? s : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
  }

  private record NtfyNotifier(
      String channel, List<URI> topics, Map<String, String> auth, List<String> extraTags, HttpPoster http)
      implements Notifier {
    @Override
    public void send(Notification n) throws NotificationException {
      Map<String, String> headers = new LinkedHashMap<>(auth);
      headers.put("Title", headerText(AlertText.headline(n)));
      headers.put("Priority", String.valueOf(priority(n.severity())));
      List<String> tags = new ArrayList<>();
      tags.add(tag(n.severity()));
      tags.add("argos");
      tags.addAll(extraTags);
      headers.put("Tags", headerText(String.join(",", tags)));
      @Nullable String click = AlertText.clickUrl(n);
      if (click != null) {
        headers.put("Click", click);
      }
      byte[] body = AlertText.truncate(AlertText.plain(n), MAX_BODY_CHARS).getBytes(StandardCharsets.UTF_8);
      List<String> failures = new ArrayList<>();
      NotificationException first = null;
      for (URI topic : topics) {
        try {
          http.post(topic, "ntfy " + topic, headers, "text/plain; charset=utf-8", body);
        } catch (NotificationException e) {
          failures.add(e.getMessage());
          if (first == null) {
            first = e;
          }
        }
      }
      if (first != null) {
        throw new NotificationException(
            "ntfy: " + failures.size() + " of " + topics.size() + " topics failed: " + String.join("; ", failures), first);
      }
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
