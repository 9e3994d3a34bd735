package org.argos.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.argos.api.NotificationException;

/**
 * POSTs one body and checks the answer. One per notifier: {@link HttpClient} is thread-safe and pools connections.
 * The connect timeout and the request timeout are both the channel's {@code timeout}, so a receiver that accepts the
 * connection and then hangs cannot hold a delivery thread for longer than that.
 */
final class HttpPoster implements AutoCloseable {
  private static final int SNIPPET = 300;

  private final HttpClient client;
  private final Duration timeout;

  HttpPoster(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        // A redirect on a notification endpoint is a configuration error; following it could leak the body elsewhere.
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * Validates header names and values the way {@link HttpRequest.Builder} will, at config time rather than at the
   * first alert.
   */
  static void checkHeader(Settings settings, String key, String name, String value) {
    try {
      HttpRequest.newBuilder().header(name, value);
    } catch (IllegalArgumentException e) {
      throw settings.invalid(key + "." + name, value, "not an allowed HTTP header (" + e.getMessage() + ")");
    }
  }

  /**
   * @param uri where to POST
   * @param shown how to name the target in errors (with its secrets masked)
   * @param headers extra headers
   * @param contentType the body's content type
   * @param body the exact bytes to send
   * @throws NotificationException on a transport error, a timeout or a non-2xx status (with a bounded body snippet),
   *     or when the delivery thread is interrupted (shutdown; the interrupt flag is kept)
   */
  void post(URI uri, String shown, Map<String, String> headers, String contentType, byte[] body)
      throws NotificationException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", contentType)
        .header("User-Agent", "Argos notifier")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new NotificationException("POST " + shown + " timed out after " + timeout.toMillis() + " ms", e);
    } catch (ConnectException e) {
      throw new NotificationException("POST " + shown + " failed: cannot connect (" + e + ")", e);
    } catch (IOException e) {
      throw new NotificationException("POST " + shown + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotificationException("POST " + shown + " interrupted: the engine is stopping", e);
    }
    int status = response.statusCode();
    try (InputStream in = response.body()) {
      if (status / 100 == 2) {
        return;
      }
      String snippet = new String(in.readNBytes(SNIPPET + 1), StandardCharsets.UTF_8).strip();
      if (snippet.length() > SNIPPET) {
        snippet = snippet.substring(0, SNIPPET) + "...";
      }
      throw new NotificationException(
          "POST " + shown + " answered HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet));
    } catch (IOException e) {
      throw new NotificationException("POST " + shown + " answered HTTP " + status + " (body unreadable: " + e + ")", e);
    }
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
