package org.argos.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.NotificationException;
import org.argos.api.Severity;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.NotifierProvider;

/**
 * The {@code gotify} channel. Argos' {@code general.gotify} is a list of servers, each with several application
 * tokens; the settings take that list as {@code servers: [{url, tokens: [...]}]}, or a single server as
 * {@code url} + {@code tokens} (a string or a list), plus {@code timeout} (default 10 s).
 *
 * <p>Each (server, token) receives {@code POST {url}/message} with the token in the {@code X-Gotify-Key} header (so it
 * stays out of access logs), a title, a Markdown message, the priority Argos uses (ok 1, warning 5, unknown 5,
 * critical 9) and, when the web UI's URL is known, a click URL. Every target is tried; the send fails when any failed,
 * naming which.
 */
public final class GotifyNotifierProvider implements NotifierProvider {
  private static final Set<String> SERVER_KEYS = Set.of("url", "tokens");

  /** Used by {@link java.util.ServiceLoader}. */
  public GotifyNotifierProvider() {}

  @Override
  public String type() {
    return "gotify";
  }

  @Override
  public Notifier create(String channel, Map<String, Object> settings) {
    Settings s = Settings.of(type(), channel, settings, Set.of("servers", "url", "tokens", "timeout"));
    List<Target> targets = new ArrayList<>();
    List<Settings> servers = s.optionalSectionList("servers", SERVER_KEYS);
    if (servers != null && (s.has("url") || s.has("tokens"))) {
      throw s.invalid("url", s.optionalString("url"), "give either 'servers' or 'url' and 'tokens', not both");
    }
    if (servers == null) {
      if (!s.has("url")) {
        throw s.missing("servers", "a list of {url, tokens} (or give 'url' and 'tokens' for a single server)");
      }
      servers = List.of(s);
    }
    if (servers.isEmpty()) {
      throw s.missing("servers", "at least one {url, tokens}");
    }
    for (Settings server : servers) {
      URI url = server.httpUrl("url", null);
      for (String token : server.requiredStringList("tokens")) {
        targets.add(new Target(Settings.join(url, "/message"), token));
      }
    }
    return new GotifyNotifier(channel, List.copyOf(targets), new HttpPoster(s.timeout()));
  }

  static int priority(Severity severity) {
    return switch (severity) {
      case OK -> 1;
      case WARNING, UNKNOWN -> 5;
      case CRITICAL -> 9;
    };
  }

  private record Target(URI uri, String token) {
    String shown() {
      return uri + " (token " + Settings.mask(token) + ")";
    }
  }

  private record GotifyNotifier(String channel, List<Target> targets, HttpPoster http) implements Notifier {
    @Override
    public void send(Notification n) throws NotificationException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("title", AlertText.headline(n));
      body.put("message", AlertText.markdown(n));
      body.put("priority", priority(n.severity()));
      Map<String, Object> extras = new LinkedHashMap<>();
      extras.put("client::display", Map.of("contentType", "text/markdown"));
      String click = AlertText.clickUrl(n);
      if (click != null) {
        extras.put("client::notification", Map.of("click", Map.of("url", click)));
      }
      body.put("extras", extras);
      byte[] bytes = Json.bytes(body);
      List<String> failures = new ArrayList<>();
      NotificationException first = null;
      for (Target t : targets) {
        try {
          http.post(t.uri(), t.shown(), Map.of("X-Gotify-Key", t.token()), "application/json", bytes);
        } catch (NotificationException e) {
          failures.add(e.getMessage());
          if (first == null) {
            first = e;
          }
        }
      }
      if (first != null) {
        throw new NotificationException(
            "gotify: " + failures.size() + " of " + targets.size() + " targets failed: " + String.join("; ", failures), first);
      }
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
