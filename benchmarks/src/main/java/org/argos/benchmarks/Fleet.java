package org.argos.benchmarks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.argos.api.Site;
import org.argos.checks.http.HostResolver;

/**
 * The benchmark's sites: {@code site<i>.bench}, each name mapped to one of the server's loopback addresses so every
 * probe opens its own connection as it would to a real distinct site. Per 100 sites: 2 answer 500, 1 is slow
 * (a body sent at a limited rate), 10 are probed over TLS (when the server has an HTTPS port), the rest get a small
 * 200 page. Each site has one path with three checks, so one request group carries three tasks. A {@code small}
 * fleet is only the small 200 page over HTTP: the page the peers (wrk, blackbox_exporter's {@code http_2xx}) are
 * measured on, for a like-for-like ratio.
 *
 * <p>The {@code shares} say which probe kind site {@code i} is (issue 21): per 100 sites so many {@code http} sites
 * (the mix above, or the small page), {@code tcp} sites ({@code tcp://site<i>.bench:<http port>}, half only connecting,
 * half sending a request line and expecting the page's marker) and {@code dns} sites ({@code dns://site<i>.bench},
 * the rcode and the A record asked of {@code dnsServer}, a dnsmasq holding one record per site).
 */
record Fleet(int httpPort, int httpsPort, int addresses, boolean small, Shares shares, String dnsServer) {
  static final String MARKER = "argos-fleet";

  /** Per 100 sites, how many are of each probe kind. */
  record Shares(int http, int tcp, int dns) {
    static final Shares HTTP = new Shares(100, 0, 0);

    Shares {
      if (http < 0 || tcp < 0 || dns < 0 || http + tcp + dns != 100) {
        throw new IllegalArgumentException("the shares of http, tcp and dns sites must be >= 0 and add up to 100, got "
            + http + ", " + tcp + ", " + dns);
      }
    }

    /** The scheme of site {@code i}: the first {@code http} of each 100, then {@code tcp}, then {@code dns}. */
    String scheme(int i) {
      int m = i % 100;
      return m < http ? "http" : m < http + tcp ? "tcp" : "dns";
    }
  }

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

  /** HTTP sites only, as the published figures were taken. */
  Fleet(int httpPort, int httpsPort, int addresses, boolean small) {
    this(httpPort, httpsPort, addresses, small, Shares.HTTP, "");
  }

  /** @return the same fleet with other shares of probe kinds */
  Fleet withShares(Shares s) {
    if (s.dns() > 0 && dnsServer.isEmpty()) {
      throw new IllegalArgumentException("dns sites need --dns-server host:port (benchmarks/run starts a dnsmasq)");
    }
    return new Fleet(httpPort, httpsPort, addresses, small, s, dnsServer);
  }

  /** @return the checks run per probe of a site of {@code scheme} */
  static int checksPerProbe(String scheme) {
    return switch (scheme) {
      case "tcp" -> 1;
      case "dns" -> 2;
      default -> 3;
    };
  }

  /** @return the loopback address that site {@code i}'s name maps to, in the resolver and in the dnsmasq records */
  String address(int i) {
    return "127.0.0." + (1 + i % addresses);
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
    return switch (shares.scheme(i)) {
      case "tcp" -> tcpSite(i, frequency);
      case "dns" -> dnsSite(i, frequency);
      default -> httpSite(i, frequency);
    };
  }

  /**
   * Connects to nginx's HTTP port; every other site also sends a request and waits for the page's marker. One check
   * each: {@code response-time} asks a request without the {@code tcp-expect} options, so it would be a second probe.
   */
  private Site tcpSite(int i, Duration frequency) {
    return Site.builder("tcp://site" + i + ".bench:" + httpPort).frequency(frequency).ipVersions(true, false)
        .timeout(Duration.ofSeconds(10))
        .path("/", p -> {
          if (i % 2 == 0) {
            p.check("tcp-connect", true);
          } else {
            p.check("tcp-expect", Map.of("send", "GET /ok HTTP/1.0\\r\\n\\r\\n", "expect", MARKER));
          }
        })
        .build();
  }

  /**
   * One A question of the benchmark's dnsmasq, read by two checks (one query). No {@code response-time}: its request
   * has no {@code server} option, so it would be a second query, of the system's resolvers, off loopback.
   */
  private Site dnsSite(int i, Duration frequency) {
    // IPv4 only, as the other kinds: a site of both families is two groups, two queries per period
    return Site.builder("dns://site" + i + ".bench").frequency(frequency).ipVersions(true, false)
        .timeout(Duration.ofSeconds(10))
        .path("/", p -> p.check("dns-rcode", Map.of("rcode", "NOERROR", "server", dnsServer))
            .check("dns-record", Map.of("type", "A", "equals", List.of(address(i)), "server", dnsServer)))
        .build();
  }

  private Site httpSite(int i, Duration frequency) {
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
      byte last = (byte) (1 + i % addresses); // as address(i)
      return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, last}));
    });
  }
}
