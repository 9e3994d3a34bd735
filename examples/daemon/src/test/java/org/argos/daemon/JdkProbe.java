package org.argos.daemon;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;

/** A java.net.http probe for tests (the OkHttp HttpProbe of argos-checks-builtin replaces it in production). */
final class JdkProbe implements Probe {
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public ProbeResponse execute(ProbeRequest request) throws InterruptedException {
    long start = System.nanoTime();
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(request.url())).timeout(request.timeout());
      request.requestData().headers().forEach(b::header);
      Object data = request.requestData().data();
      b.method(request.method(), data == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(request.requestData().json() ? Json.write(data) : String.valueOf(data)));
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new ProbeResponse(request, r.statusCode(), r.headers().map(), r.body(), false, List.of(), "http/1.1",
          request.url(), List.of(), ProbeTimings.ofTotal(Duration.ofNanos(System.nanoTime() - start)), null);
    } catch (IOException e) {
      return ProbeResponse.failed(request, new ProbeResponse.TransportError("io", e.getClass().getName(), String.valueOf(e.getMessage())),
          ProbeTimings.ofTotal(Duration.ofNanos(System.nanoTime() - start)));
    }
  }
}
