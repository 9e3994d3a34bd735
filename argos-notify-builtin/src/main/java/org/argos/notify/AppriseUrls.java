package org.argos.notify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.argos.api.InvalidValueException;
import org.jspecify.annotations.Nullable;

/**
 * Maps <a href="https://github.com/caronc/apprise/wiki">Apprise</a> URLs, as Argos configs list them under
 * {@code general.apprise}, onto the built-in channels, so an Argos config keeps working without Python.
 *
 * <table>
 *   <caption>Supported URLs</caption>
 *   <tr><th>Apprise URL</th><th>Channel</th></tr>
 *   <tr><td>{@code mailto://user:pass@domain[:port][/to@x][?smtp=host&from=a@b&to=c@d&mode=ssl|starttls]};
 *       {@code mailtos://} (STARTTLS on 587 by default, {@code mode=ssl} or port 465 for SMTPS)</td><td>mail</td></tr>
 *   <tr><td>{@code gotify://host[:port][/path]/token}, {@code gotifys://} (https)</td><td>gotify</td></tr>
 *   <tr><td>{@code ntfy://topic} (ntfy.sh), {@code ntfy://[user:pass@]host[:port]/topic[/topic2][?token=tk_...]},
 *       {@code ntfys://} (https)</td><td>ntfy</td></tr>
 *   <tr><td>{@code json://[user:pass@]host[:port][/path][?+Header=value]}, {@code jsons://} (https)</td>
 *       <td>webhook (Argos' payload, not Apprise's)</td></tr>
 *   <tr><td>{@code slack://[botname@]TokenA/TokenB/TokenC[/#channel]},
 *       {@code https://hooks.slack.com/services/...}</td><td>slack</td></tr>
 *   <tr><td>{@code mmost://[botname@]host[:port][/path]/token[?channel=x]} (port 8065 by default, as in Apprise),
 *       {@code mmosts://} (https)</td><td>mattermost</td></tr>
 * </table>
 *
 * <p>Any other scheme is refused with a message that names the URL (secrets masked) and lists these.
 */
public final class AppriseUrls {
  /** The schemes {@link #map} understands, in the order the documentation lists them. */
  public static final List<String> SUPPORTED = List.of(
      "mailto://", "mailtos://", "gotify://", "gotifys://", "ntfy://", "ntfys://", "json://", "jsons://", "slack://",
      "https://hooks.slack.com/", "mmost://", "mmosts://");

  private static final java.util.Set<String> HOST_SCHEMES = java.util.Set.of(
      "mailto", "mailtos", "gotify", "gotifys", "ntfy", "ntfys", "json", "jsons", "mmost", "mmosts", "http", "https");

  private AppriseUrls() {}

  /**
   * A channel an Apprise URL maps to.
   *
   * @param type the notifier type ({@code mail}, {@code gotify}, {@code ntfy}, {@code webhook}, {@code slack},
   *     {@code mattermost})
   * @param settings the settings for that type's provider (immutable)
   */
  public record Target(String type, Map<String, Object> settings) {
    /** Copies the settings. */
    public Target {
      settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
  }

  /**
   * @param url an Apprise URL
   * @return the channel type and settings it stands for
   * @throws InvalidValueException naming the URL (masked) when the scheme is not supported or the URL is malformed
   */
  public static Target map(String url) {
    Parsed p = Parsed.parse(url);
    if (p == null) {
      throw new InvalidValueException("'" + mask(url) + "' is not an Apprise URL (expected scheme://...); supported: "
          + String.join(", ", SUPPORTED));
    }
    if ("no".equalsIgnoreCase(p.param("verify")) || "false".equalsIgnoreCase(p.param("verify"))) {
      throw bad(url, "verify=no is not supported: Argos always checks TLS certificates");
    }
    return switch (p.scheme) {
      case "mailto", "mailtos" -> mail(url, p);
      case "gotify", "gotifys" -> gotify(url, p);
      case "ntfy", "ntfys" -> ntfy(url, p);
      case "json", "jsons" -> json(url, p);
      case "slack" -> slack(url, p);
      case "https" -> {
        if (p.host.equalsIgnoreCase("hooks.slack.com")) {
          yield new Target("slack", Map.of("url", url.strip()));
        }
        throw unsupported(url, p.scheme);
      }
      case "mmost", "mmosts" -> mattermost(url, p);
      default -> throw unsupported(url, p.scheme);
    };
  }

  /**
   * @param url an Apprise URL
   * @return the URL with its password, tokens, path and query replaced by {@code ***}, for logs and error messages
   */
  public static String mask(String url) {
    Parsed p = Parsed.parse(url);
    if (p == null) {
      String u = url.strip();
      return u.length() <= 4 ? "***" : u.substring(0, 4) + "***";
    }
    // Slack's and ntfy-cloud's "host" is a token or a topic, and other services' may be an id or a key: show only
    // the hosts of schemes known to put a server name there.
    boolean hostSecret = !HOST_SCHEMES.contains(p.scheme) || (p.scheme.startsWith("ntfy") && p.segments.isEmpty());
    StringBuilder sb = new StringBuilder(p.scheme).append("://");
    if (p.user != null) {
      sb.append(p.password != null ? p.user + ":***" : "***").append('@');
    }
    sb.append(hostSecret ? "***" : p.host);
    if (p.port != null) {
      sb.append(':').append(p.port);
    }
    if (!p.segments.isEmpty()) {
      sb.append("/***");
    }
    if (!p.params.isEmpty()) {
      sb.append("?***");
    }
    return sb.toString();
  }

  private static InvalidValueException unsupported(String url, String scheme) {
    return new InvalidValueException("unsupported Apprise URL '" + mask(url) + "' (scheme '" + scheme
        + "'); supported: " + String.join(", ", SUPPORTED)
        + ". For another service, use a webhook or slack channel directly.");
  }

  private static InvalidValueException bad(String url, String why) {
    return new InvalidValueException("Apprise URL '" + mask(url) + "': " + why);
  }

  private static String httpBase(Parsed p, boolean secure, @Nullable Integer defaultPort) {
    Integer port = p.port != null ? p.port : defaultPort;
    String host = p.host.contains(":") && !p.host.startsWith("[") ? "[" + p.host + "]" : p.host;
    return (secure ? "https" : "http") + "://" + host + (port == null ? "" : ":" + port);
  }

  private static Target mail(String url, Parsed p) {
    boolean secure = p.scheme.equals("mailtos");
    if (p.host.isEmpty()) {
      throw bad(url, "the mail domain (host) is missing");
    }
    String user = p.param("user") != null ? p.param("user") : p.user;
    String password = p.param("pass") != null ? p.param("pass") : p.password;
    String from = p.param("from");
    if (from == null) {
      if (user == null) {
        throw bad(url, "give a user (mailto://user:password@domain) or ?from=address");
      }
      from = user.contains("@") ? user : user + "@" + p.host;
    }
    List<String> to = new ArrayList<>();
    for (String key : new String[] {"to"}) {
      String v = p.param(key);
      if (v != null) {
        for (String a : v.split("[,\\s]+")) {
          if (!a.isBlank()) {
            to.add(a.strip());
          }
        }
      }
    }
    for (String segment : p.segments) {
      if (!segment.contains("@")) {
        throw bad(url, "path element '" + segment + "' is not a mail address");
      }
      to.add(segment);
    }
    if (to.isEmpty()) {
      to.add(from);
    }
    String mode = p.param("mode");
    boolean ssl;
    boolean starttls;
    if (mode == null) {
      ssl = secure && p.port != null && p.port == 465;
      starttls = secure && !ssl;
    } else {
      switch (mode.toLowerCase(Locale.ROOT)) {
        case "ssl" -> { ssl = true; starttls = false; }
        case "starttls" -> { ssl = false; starttls = true; }
        case "insecure" -> { ssl = false; starttls = false; }
        default -> throw bad(url, "mode='" + mode + "' is not one of ssl, starttls, insecure");
      }
    }
    int port = p.port != null ? p.port : ssl ? 465 : starttls ? 587 : 25;
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("mailfrom", from);
    s.put("host", p.param("smtp") != null ? p.param("smtp") : p.host);
    s.put("port", port);
    s.put("ssl", ssl);
    s.put("starttls", starttls);
    if (user != null && password != null) {
      s.put("auth", Map.of("login", user, "password", password));
    }
    s.put("addresses", List.copyOf(to));
    return new Target("mail", s);
  }

  private static Target gotify(String url, Parsed p) {
    if (p.host.isEmpty() || p.segments.isEmpty()) {
      throw bad(url, "expected gotify://host[:port][/path]/token");
    }
    List<String> path = p.segments.subList(0, p.segments.size() - 1);
    String base = httpBase(p, p.scheme.equals("gotifys"), null) + (path.isEmpty() ? "" : "/" + String.join("/", path));
    return new Target("gotify", Map.of("url", base, "tokens", List.of(p.segments.get(p.segments.size() - 1))));
  }

  private static Target ntfy(String url, Parsed p) {
    Map<String, Object> s = new LinkedHashMap<>();
    List<String> topics;
    if (p.segments.isEmpty()) {
      // Apprise's "cloud mode": ntfy://topic publishes on ntfy.sh.
      if (p.host.isEmpty()) {
        throw bad(url, "expected ntfy://topic or ntfy://host/topic");
      }
      s.put("url", "https://ntfy.sh");
      topics = List.of(p.host);
    } else {
      s.put("url", httpBase(p, p.scheme.equals("ntfys"), null));
      topics = p.segments;
    }
    s.put("topic", List.copyOf(topics));
    String token = p.param("token");
    if (token == null && p.user != null && p.password == null && p.user.startsWith("tk_")) {
      token = p.user;
    }
    if (token != null) {
      s.put("token", token);
    } else if (p.user != null) {
      if (p.password == null) {
        throw bad(url, "user '" + p.user + "' needs a password (ntfy://user:password@host/topic)");
      }
      s.put("username", p.user);
      s.put("password", p.password);
    }
    return new Target("ntfy", s);
  }

  private static Target json(String url, Parsed p) {
    if (p.host.isEmpty()) {
      throw bad(url, "expected json://host[:port][/path]");
    }
    String target = httpBase(p, p.scheme.equals("jsons"), null)
        + (p.segments.isEmpty() ? "/" : "/" + String.join("/", p.rawSegments));
    Map<String, String> headers = new LinkedHashMap<>();
    if (p.user != null) {
      String pair = p.user + ":" + (p.password == null ? "" : p.password);
      headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    p.params.forEach((k, v) -> {
      if (k.startsWith("+") && k.length() > 1) {
        headers.put(p.originalKeys.get(k).substring(1), v);
      }
    });
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("url", target);
    if (!headers.isEmpty()) {
      s.put("headers", headers);
    }
    return new Target("webhook", s);
  }

  private static Target slack(String url, Parsed p) {
    List<String> parts = new ArrayList<>();
    if (!p.host.isEmpty()) {
      parts.add(p.host);
    }
    List<String> channels = new ArrayList<>();
    for (String segment : p.segments) {
      if (segment.startsWith("#") || segment.startsWith("@") || parts.size() >= 3) {
        channels.add(segment);
      } else {
        parts.add(segment);
      }
    }
    if (!parts.isEmpty() && (parts.get(0).startsWith("xoxb-") || parts.get(0).startsWith("xoxp-"))) {
      throw bad(url, "Slack bot/user tokens (xoxb-, xoxp-) are not supported; use an incoming webhook "
          + "(slack://TokenA/TokenB/TokenC or https://hooks.slack.com/services/...)");
    }
    if (parts.size() != 3) {
      throw bad(url, "expected slack://[botname@]TokenA/TokenB/TokenC[/#channel]");
    }
    if (channels.size() > 1) {
      throw bad(url, "an incoming webhook posts to one channel; give at most one #channel (one URL per channel)");
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("url", "https://hooks.slack.com/services/" + String.join("/", parts));
    if (p.user != null) {
      s.put("username", p.user);
    }
    if (!channels.isEmpty()) {
      s.put("channel", channels.get(0));
    }
    return new Target("slack", s);
  }

  private static Target mattermost(String url, Parsed p) {
    if (p.host.isEmpty() || p.segments.isEmpty()) {
      throw bad(url, "expected mmost://[botname@]host[:port][/path]/token");
    }
    boolean secure = p.scheme.equals("mmosts");
    List<String> path = p.segments.subList(0, p.segments.size() - 1);
    String base = httpBase(p, secure, secure ? null : 8065)
        + (path.isEmpty() ? "" : "/" + String.join("/", path)) + "/hooks/" + p.segments.get(p.segments.size() - 1);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("url", base);
    if (p.user != null) {
      s.put("username", p.user);
    }
    String channel = p.param("channel") != null ? p.param("channel") : p.param("to");
    if (channel != null) {
      s.put("channel", channel);
    }
    return new Target("mattermost", s);
  }

  /**
   * Apprise URLs are not always valid {@link java.net.URI}s ({@code #channel} in a path, raw characters in a
   * password), so they are split by hand, the way Apprise does.
   */
  private static final class Parsed {
    String scheme = "";
    String host = "";
    @Nullable Integer port;
    @Nullable String user;
    @Nullable String password;
    List<String> segments = new ArrayList<>();
    List<String> rawSegments = new ArrayList<>();
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, String> originalKeys = new LinkedHashMap<>();

    @Nullable String param(String key) {
      return params.get(key);
    }

    static @Nullable Parsed parse(String url) {
      String u = url.strip();
      int sep = u.indexOf("://");
      if (sep <= 0 || !u.substring(0, sep).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        return null;
      }
      Parsed p = new Parsed();
      p.scheme = u.substring(0, sep).toLowerCase(Locale.ROOT);
      String rest = u.substring(sep + 3);
      int q = rest.indexOf('?');
      if (q >= 0) {
        for (String pair : rest.substring(q + 1).split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String k = decode(eq < 0 ? pair : pair.substring(0, eq));
          String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
          String lower = k.toLowerCase(Locale.ROOT);
          p.params.put(lower, v);
          p.originalKeys.put(lower, k);
        }
        rest = rest.substring(0, q);
      }
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash + 1);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        String userInfo = authority.substring(0, at);
        authority = authority.substring(at + 1);
        int colon = userInfo.indexOf(':');
        p.user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        p.password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        if (p.user.isEmpty()) {
          p.user = null;
        }
      }
      String host = authority;
      if (host.startsWith("[")) {
        int close = host.indexOf(']');
        if (close > 0) {
          String after = host.substring(close + 1);
          host = host.substring(1, close);
          if (after.matches(":\\d{1,5}")) {
            p.port = Integer.parseInt(after.substring(1));
          }
        }
      } else {
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.substring(colon + 1).matches("\\d{1,5}")) {
          p.port = Integer.parseInt(host.substring(colon + 1));
          host = host.substring(0, colon);
        }
      }
      if (p.port != null && (p.port < 1 || p.port > 65535)) {
        return null;
      }
      p.host = decode(host);
      for (String s : path.split("/")) {
        if (!s.isEmpty()) {
          p.rawSegments.add(s);
          p.segments.add(decode(s));
        }
      }
      return p;
    }

    private static String decode(String s) {
      try {
        // Apprise URLs encode spaces as %20; a literal '+' is kept (Gotify and Slack tokens may contain one).
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return s;
      }
    }
  }
}
