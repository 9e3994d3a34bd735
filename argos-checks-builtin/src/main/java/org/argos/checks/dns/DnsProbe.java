package org.argos.checks.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.argos.api.ProbePeer;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.spi.ProbeResponse.TransportError;
import org.jspecify.annotations.Nullable;

/**
 * The probe of {@code dns://name} requests: asks one question (the {@code type} option, {@code A} by default) about
 * the name (or the {@code name} option: a name under it, such as {@code _dmarc}), of the {@code server} option
 * ({@code host[:port]}) or else of the system's resolvers, within the request's timeout. Its response has status 0,
 * the answer as received (DNS wire format, at most 64 KiB) as its body, marked truncated when records were left out
 * of the attributes, and these attributes:
 *
 * <ul>
 *   <li>{@code dns.rcode}: the response code ({@code NOERROR}, {@code NXDOMAIN}, {@code SERVFAIL}, {@code REFUSED}...);
 *   <li>{@code dns.records.<TYPE>}: the answer's records of each type, in presentation form, sorted (an {@code A}
 *       question about an alias has {@code dns.records.CNAME} too); at most 64 of a type;
 *   <li>{@code dns.name} (the name asked about), {@code dns.type}, {@code dns.server} (the server that answered,
 *       {@code address:port}), {@code dns.authoritative} and {@code dns.truncated} ({@code true} when records were
 *       left out).
 * </ul>
 *
 * No answer is a transport error: {@code timeout}, {@code dns} (the server's own name does not resolve), {@code io},
 * or {@code invalid} (a name, type or server that cannot be asked). Thread-safe; holds nothing to close.
 */
public final class DnsProbe implements Probe {
  /** The scheme this probe serves. */
  public static final String SCHEME = "dns";

  /** Creates the probe. */
  public DnsProbe() {}

  @Override
  public ProbeResponse execute(ProbeRequest request) throws InterruptedException {
    long start = System.nanoTime();
    String type = Objects.requireNonNullElse(request.option("type"), "A").trim().toUpperCase(java.util.Locale.ROOT);
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    attributes.put("dns.type", List.of(type));
    try {
      String name = asked(name(request.url()), request.option("name"));
      attributes.put("dns.name", List.of(name));
      DnsQuery.Answer a = DnsQuery.ask(name, type, request.option("server"), request.timeout());
      attributes.put("dns.rcode", List.of(a.rcode()));
      attributes.put("dns.server", List.of(a.server()));
      attributes.put("dns.authoritative", List.of(Boolean.toString(a.authoritative())));
      attributes.put("dns.truncated", List.of(Boolean.toString(a.truncated())));
      a.records().forEach((t, records) -> attributes.put("dns.records." + t, records));
      return ProbeResponse.of(request, a.wire(), a.truncated(), List.of(), null, took(start), null, peer(a.address()),
          attributes);
    } catch (DnsQuery.Failure f) {
      if (!f.server().isEmpty()) {
        attributes.put("dns.server", List.of(f.server()));
      }
      return ProbeResponse.of(request, new byte[0], false, List.of(), null, took(start),
          new TransportError(f.kind(), f.getCause() == null ? "" : f.getCause().getClass().getName(), f.getMessage()),
          peer(f.address()), attributes);
    } catch (IllegalArgumentException e) {
      return ProbeResponse.of(request, new byte[0], false, List.of(), null, took(start),
          new TransportError("invalid", e.getClass().getName(), e.getMessage()), null, attributes);
    }
  }

  /**
   * @return the name of a {@code dns://name} URL: its authority (names such as {@code _dmarc.example.org} are not
   *     URI host names), without a trailing path
   */
  static String name(String url) {
    String rest = url.substring(url.indexOf("://") + 3);
    int end = rest.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String name = rest.substring(0, end);
    if (name.indexOf('@') >= 0 || name.indexOf(':') >= 0 || name.isEmpty()) {
      throw new IllegalArgumentException("a DNS target is dns://name (the server is the check's \"server\"), not "
          + url);
    }
    return name;
  }

  /**
   * @param site the name of the site's URL
   * @param option the {@code name} option: the site's name or a name under it ({@code _dmarc.example.org}), or a
   *     label to put in front of it ({@code _dmarc}); null for the site's name
   * @return the name to ask about
   */
  static String asked(String site, @Nullable String option) {
    if (option == null || option.isBlank()) {
      return site;
    }
    String o = option.trim().toLowerCase(java.util.Locale.ROOT);
    String s = site.toLowerCase(java.util.Locale.ROOT);
    o = o.endsWith(".") ? o.substring(0, o.length() - 1) : o;
    s = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    return o.equals(s) || o.endsWith("." + s) ? o : o + "." + s;
  }

  private static ProbeTimings took(long start) {
    return ProbeTimings.ofTotal(Duration.ofNanos(System.nanoTime() - start));
  }

  private static @Nullable ProbePeer peer(@Nullable InetSocketAddress a) {
    return a == null || a.getAddress() == null ? null : new ProbePeer(a.getAddress().getHostAddress(), a.getPort(),
        null);
  }
}
