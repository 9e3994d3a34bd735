package org.argos.benchmarks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.argos.api.Site;
import org.argos.checks.http.HostResolver;

/**
 * The benchmark's sites: {@code site<i>.bench}, each name mapped to one of the server's loopback addresses so every
 * probe opens its own connection as it would to a real distinct site. Per 100 sites: 2 answer 500, 1 is slow
 * (a body sent at a limited rate), 10 are probed over TLS (when the server has an HTTPS port), the rest get a small
 * 200 page. Each site has one path with three checks, so one request group carries three tasks. A {@code small}
 * fleet is only the small 200 page over HTTP: the page the peers (wrk, blackbox_exporter's {@code http_2xx}) are
 * measured on, for a like-for-like ratio.
 */
record Fleet(int httpPort, int httpsPort, int addresses, boolean small) {
  static final String MARKER = "argos-fleet";

  Fleet {
    if (addresses < 1 || addresses > 250) {
      throw new IllegalArgumentException("addresses must be in 1..250 (127.0.0.1..127.0.0.N), got " + addresses);
    }
    if (httpPort < 1 || httpPort > 65535) {
      throw new IllegalArgumentException("http port must be in 1..65535, got " + httpPort);
    }
    if (httpsPort < 0 || httpsPort > 65535) {
      throw new IllegalArgumentException("https port must be in 0..65535 (0: no TLS sites), got " + httpsPort);
    }
  }

  /** The mix: 500s, slow sites, TLS when {@code httpsPort > 0}. */
  Fleet(int httpPort, int httpsPort, int addresses) {
    this(httpPort, httpsPort, addresses, false);
  }

  /** What kind of site {@code i} is. */
  enum Kind { OK, FAIL, SLOW, TLS }

  Kind kind(int i) {
    int m = i % 100;
    if (small) return Kind.OK;
    if (m < 2) return Kind.FAIL;
    if (m == 2) return Kind.SLOW;
    if (m < 13 && httpsPort > 0) return Kind.TLS;
    return Kind.OK;
  }

  Site site(int i, Duration frequency) {
    Kind k = kind(i);
    String base = k == Kind.TLS ? "https://site" + i + ".bench:" + httpsPort : "http://site" + i + ".bench:" + httpPort;
    String path = switch (k) {
      case FAIL -> "/fail";
      case SLOW -> "/slow";
      default -> "/ok";
    };
    return Site.builder(base).frequency(frequency).ipVersions(true, false).timeout(Duration.ofSeconds(10))
        .path(path, p -> {
          p.check("status-in", List.of(200)).check("body-contains", MARKER);
          if (k == Kind.TLS) {
            p.check("ssl-certificate-expiration", "on-check");
          } else {
            p.check("headers-contain", List.of("content-type"));
          }
        })
        .build();
  }

  /** Maps {@code site<i>.bench} to 127.0.0.(1 + i mod addresses); anything else does not resolve. */
  HostResolver resolver() {
    return HostResolver.inMemory(host -> {
      if (!host.startsWith("site") || !host.endsWith(".bench")) {
        throw new UnknownHostException(host + " is not a benchmark site");
      }
      int i = 0;
      for (int c = 4; c < host.length() - ".bench".length(); c++) {
        char ch = host.charAt(c);
        if (ch < '0' || ch > '9') {
          throw new UnknownHostException(host + " is not a benchmark site");
        }
        i = i * 10 + (ch - '0');
      }
      byte last = (byte) (1 + i % addresses);
      return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, last}));
    });
  }
}
