package org.argos.checks.rdap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.spi.ProbeResponse.TransportError;
import org.jspecify.annotations.Nullable;

/**
 * The probe of {@code domain://name} requests: looks the name's registrable domain up over RDAP (the server that
 * IANA's bootstrap file names for it, or the {@code server} option, an RDAP base URL), and caches the answer per
 * registrable domain (12 hours by default; a failure 10 minutes). Its response has status 0, the server's answer as
 * its body when this run asked the server (none from the cache; the first 1 MiB of a larger answer, marked truncated),
 * and these attributes:
 *
 * <ul>
 *   <li>{@code rdap.domain}: the registrable domain ({@code example.org} for {@code www.example.org});
 *   <li>{@code rdap.status}: the RDAP server's HTTP status, 200 or 404 (the registry does not know the domain);
 *   <li>{@code rdap.expiration}: the {@code expiration} event's date ({@code 2027-08-13T04:00:00Z}), when there is
 *       one; {@code rdap.expiration.unreadable} holds the text instead when it is no date;
 *   <li>{@code rdap.registrar}: the registrar's name, when given; {@code rdap.server}: the URL asked;
 *       {@code rdap.fetched}: when the answer was got; {@code rdap.cached}: whether it came from the cache.
 * </ul>
 *
 * No answer is a transport error: {@code no-domain} (the name has no registrable domain), {@code no-rdap} (no RDAP
 * server is known for its top-level domain), {@code timeout}, {@code connect}, {@code status} (neither 200 nor 404),
 * {@code too-large} (over 1 MiB), {@code invalid} (not JSON, or nested deeper than 64), {@code io}, or
 * {@code invalid-request} (a {@code server} option that is no http(s) URL).
 */
public final class DomainProbe implements Probe {
  /** The scheme this probe serves. */
  public static final String SCHEME = "domain";

  private final Registrations registrations;
  private final RdapClient client;

  /** A probe with IANA's bootstrap file shipped in this jar and the default bounds. */
  public DomainProbe() {
    this(builder());
  }

  private DomainProbe(Builder b) {
    this.client = new RdapClient(b.maxBytes, b.maxDepth);
    this.registrations = new Registrations(b.bootstrap == null ? RdapBootstrap.shipped()
        : RdapBootstrap.read(b.bootstrap), client, b.clock, b.ttl, b.failureTtl, b.maxEntries);
  }

  /** @return a builder with the defaults of {@link #DomainProbe()} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ProbeResponse execute(ProbeRequest request) throws InterruptedException {
    long start = System.nanoTime();
    String host = request.url().substring(request.url().indexOf("://") + 3).replaceFirst("[/?#].*$", "");
    URI server;
    try {
      server = server(request.option("server"));
    } catch (IllegalArgumentException e) {
      return failed(request, start, "invalid-request", e.getMessage(), new byte[0], Map.of());
    }
    Registrations.Result r = registrations.lookup(host, server, request.timeout());
    Map<String, List<String>> a = new LinkedHashMap<>();
    a.put("rdap.domain", List.of(r.domain()));
    a.put("rdap.fetched", List.of(r.fetchedAt().toString()));
    a.put("rdap.cached", List.of(Boolean.toString(r.cached())));
    RdapClient.Answer answer = r.answer();
    if (answer == null) {
      return failed(request, start, r.failureKind() == null ? "io" : r.failureKind(), String.valueOf(r.failure()),
          r.received(), a);
    }
    a.put("rdap.server", List.of(answer.url()));
    a.put("rdap.status", List.of(Integer.toString(answer.status())));
    if (answer.expiration() != null) {
      a.put("rdap.expiration", List.of(answer.expiration().toString()));
    } else if (answer.expirationText() != null) {
      a.put("rdap.expiration.unreadable", List.of(abbreviate(answer.expirationText())));
    }
    if (answer.registrar() != null) {
      a.put("rdap.registrar", List.of(answer.registrar()));
    }
    return ProbeResponse.of(request, r.received(), false, List.of(), null, took(start), null, null, a);
  }

  /** @return the RDAP base URL given as the {@code server} option, or null; refused unless http(s) */
  static @Nullable URI server(@Nullable String option) {
    if (option == null) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(option.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the RDAP server must be an http(s) base URL, not " + option);
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("the RDAP server must be an http(s) base URL, such as "
          + "https://rdap.example/rdap/, not " + option);
    }
    return uri;
  }

  private static ProbeResponse failed(ProbeRequest request, long start, String kind, String message, byte[] received,
      Map<String, List<String>> attributes) {
    return ProbeResponse.of(request, received, kind.equals("too-large"), List.of(), null, took(start),
        new TransportError(kind, "", message), null, attributes);
  }

  private static ProbeTimings took(long start) {
    return ProbeTimings.ofTotal(Duration.ofNanos(System.nanoTime() - start));
  }

  private static String abbreviate(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "…";
  }

  @Override
  public void close() {
    client.close();
  }

  /** Builds a {@link DomainProbe}; every setting has a default. */
  public static final class Builder {
    private @Nullable Path bootstrap;
    private Clock clock = Clock.systemUTC();
    private Duration ttl = Duration.ofHours(12);
    private Duration failureTtl = Duration.ofMinutes(10);
    private int maxEntries = 100_000;
    private int maxBytes = 1 << 20;
    private int maxDepth = 64;

    private Builder() {}

    /**
     * @param file a bootstrap file in IANA's format (RFC 9224) to use instead of the copy in this jar
     * @return this builder
     */
    public Builder bootstrap(Path file) {
      this.bootstrap = file;
      return this;
    }

    /** @param clock the clock the cache's ages are read from @return this builder */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * @param answers how long an answer is reused (default 12 hours)
     * @param failures how long a failure is reused before asking again (default 10 minutes)
     * @return this builder
     */
    public Builder cacheFor(Duration answers, Duration failures) {
      if (answers.isNegative() || failures.isNegative()) {
        throw new IllegalArgumentException("cache durations must not be negative");
      }
      this.ttl = answers;
      this.failureTtl = failures;
      return this;
    }

    /** @param max the most registrable domains remembered (default 100,000) @return this builder */
    public Builder cacheSize(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("the cache holds at least one domain");
      }
      this.maxEntries = max;
      return this;
    }

    /**
     * @param maxBytes the largest RDAP answer read (default 1 MiB)
     * @param maxDepth the deepest JSON nesting accepted (default 64)
     * @return this builder
     */
    public Builder bounds(int maxBytes, int maxDepth) {
      if (maxBytes < 1024 || maxDepth < 4) {
        throw new IllegalArgumentException("an RDAP answer needs at least 1024 bytes and a depth of 4");
      }
      this.maxBytes = maxBytes;
      this.maxDepth = maxDepth;
      return this;
    }

    /**
     * @return the probe
     * @throws IllegalArgumentException when the bootstrap file cannot be read
     */
    public DomainProbe build() {
      return new DomainProbe(this);
    }
  }
}
