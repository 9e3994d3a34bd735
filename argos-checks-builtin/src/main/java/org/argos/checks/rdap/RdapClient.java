package org.argos.checks.rdap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Asks one RDAP server about one domain ({@code GET <base>domain/<name>}) with the JDK's HTTP client, bounded in time
 * (the whole exchange, body included), size and JSON depth, and reads the expiry and the registrar from the answer.
 */
final class RdapClient implements AutoCloseable {
  private final HttpClient http;
  private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors
      .newVirtualThreadPerTaskExecutor();
  private final int maxBytes;
  private final JsonMapper json;

  /**
   * @param maxBytes the largest answer body read; a larger one is an error
   * @param maxDepth the deepest JSON nesting accepted
   */
  RdapClient(int maxBytes, int maxDepth) {
    // virtual threads for the client's work, so a closed probe leaves no platform thread but the client's selector,
    // which shutdownNow ends
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).executor(executor)
        .connectTimeout(Duration.ofSeconds(10)).build();
    this.maxBytes = maxBytes;
    this.json = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(maxDepth).maxDocumentLength(maxBytes).build()).build()).build();
  }

  /**
   * What the server said about the domain.
   *
   * @param url the URL asked
   * @param status the HTTP status (200 found, 404 unknown to the registry)
   * @param expiration the {@code expiration} event's date, or null when there is none or it cannot be read
   * @param expirationText the date as the server wrote it, or null when there is no {@code expiration} event
   * @param registrar the registrar's name (or handle), or null
   * @param body the answer's bytes as received
   */
  record Answer(String url, int status, @Nullable Instant expiration, @Nullable String expirationText,
      @Nullable String registrar, byte[] body) {}

  /**
   * No usable answer: {@code kind} is {@code timeout}, {@code connect}, {@code status} (neither 200 nor 404),
   * {@code too-large}, {@code invalid} or {@code io}.
   */
  static final class Failure extends Exception {
    private final String kind;
    private final byte[] received;

    Failure(String kind, String message, @Nullable Throwable cause) {
      this(kind, message, cause, new byte[0]);
    }

    Failure(String kind, String message, @Nullable Throwable cause, byte[] received) {
      super(message, cause);
      this.kind = kind;
      this.received = received;
    }

    String kind() {
      return kind;
    }

    /** @return the bytes received before the failure (the first {@code maxBytes} of a too large answer), or none */
    byte[] received() {
      return received;
    }
  }

  /**
   * @param base the server's base URL (ends with {@code /})
   * @param domain the registrable domain, ASCII
   * @param timeout the bound on the whole exchange
   * @return the answer (200 or 404)
   * @throws Failure for a transport failure, another status, or a body that is too large or not RDAP JSON
   * @throws InterruptedException when interrupted while waiting
   */
  Answer lookup(URI base, String domain, Duration timeout) throws Failure, InterruptedException {
    String b = base.toString();
    URI uri = URI.create((b.endsWith("/") ? b : b + "/") + "domain/" + domain);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Accept", "application/rdap+json, application/json")
        .header("User-Agent", org.argos.checks.http.HttpProbe.defaultUserAgent()).GET().build();
    CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, r -> new Capped(maxBytes));
    HttpResponse<byte[]> response;
    try {
      response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new Failure("timeout", "no complete answer from " + uri + " within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof TooLarge tooLarge) {
        throw new Failure("too-large", uri + " answered more than " + maxBytes + " bytes", c, tooLarge.first);
      }
      if (c instanceof HttpTimeoutException) {
        throw new Failure("timeout", "no answer from " + uri + " within " + timeout.toMillis() + " ms", c);
      }
      if (c instanceof java.net.ConnectException) {
        throw new Failure("connect", "cannot connect to " + uri + ": " + c.getMessage(), c);
      }
      throw new Failure("io", uri + ": " + c, c);
    }
    int status = response.statusCode();
    if (status == 404) {
      return new Answer(uri.toString(), 404, null, null, null, response.body());
    }
    if (status != 200) {
      throw new Failure("status", uri + " answered HTTP " + status, null, response.body());
    }
    JsonNode root;
    try {
      root = json.readTree(response.body());
    } catch (StreamConstraintsException e) {
      throw new Failure("invalid", uri + " answered JSON beyond the bounds (" + e.getOriginalMessage() + ")", e,
          response.body());
    } catch (IOException e) {
      throw new Failure("invalid", uri + " did not answer JSON: " + e.getMessage(), e, response.body());
    }
    if (root == null || !root.isObject()) {
      throw new Failure("invalid", uri + " did not answer a JSON object", null, response.body());
    }
    String when = RdapAnswers.expiration(root);
    return new Answer(uri.toString(), 200, when == null ? null : RdapAnswers.instant(when), when,
        RdapAnswers.registrar(root), response.body());
  }

  @Override
  public void close() {
    http.shutdownNow();
    executor.shutdownNow();
  }

  private static final class TooLarge extends IOException {
    private final byte[] first;

    TooLarge(byte[] first) {
      super("answer too large");
      this.first = first;
    }
  }

  /** Collects the body, and gives up (cancelling the exchange) past the cap. */
  private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.@Nullable Subscription subscription;

    Capped(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        if (bytes.size() + b.remaining() > max) {
          byte[] fits = new byte[max - bytes.size()];
          b.get(fits);
          bytes.writeBytes(fits);
          body.completeExceptionally(new TooLarge(bytes.toByteArray()));
          if (subscription != null) {
            subscription.cancel();
          }
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(bytes.toByteArray());
    }
  }
}
