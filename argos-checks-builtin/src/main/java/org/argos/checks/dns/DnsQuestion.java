package org.argos.checks.dns;

import java.util.Locale;
import org.argos.api.CheckResult;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * The question a DNS check needs asked: the record type, the server and the name (the site's unless given), read
 * from the check's parameter and set on its request as the probe's {@code type}, {@code server} and {@code name}
 * options, so that checks asking the same question share one probe run.
 */
record DnsQuestion(String type, @Nullable String server, @Nullable String name) {
  static final DnsQuestion DEFAULT = new DnsQuestion("A", null, null);

  /**
   * Reads {@code type} (default A), {@code server} and {@code name} from a map parameter; errors name the check and the
   * value.
   */
  static DnsQuestion read(Settings p) {
    String type = "A";
    Setting t = p.get("type");
    if (t.isPresent()) {
      if (!(t.raw() instanceof String s) || !DnsQuery.TYPES.contains(s.trim().toUpperCase(Locale.ROOT))) {
        throw t.invalid("expected a record type: one of A, AAAA, CNAME, MX, TXT, NS, CAA");
      }
      type = s.trim().toUpperCase(Locale.ROOT);
    }
    String server = null;
    Setting s = p.get("server");
    if (s.isPresent()) {
      if (!(s.raw() instanceof String text) || text.isBlank()) {
        throw s.invalid("expected a DNS server, host[:port], such as 192.0.2.53 or [2001:db8::53]:53");
      }
      try {
        DnsQuery.parseServer(text);
      } catch (IllegalArgumentException e) {
        throw s.invalid(e.getMessage());
      }
      server = text.trim();
    }
    String name = null;
    Setting n = p.get("name");
    if (n.isPresent()) {
      if (!(n.raw() instanceof String text) || text.isBlank()) {
        throw n.invalid("expected a name under the site's, such as _dmarc or www.example.org");
      }
      try {
        DnsQuery.name(text.trim());
      } catch (IllegalArgumentException e) {
        throw n.invalid(e.getMessage());
      }
      name = text.trim();
    }
    return new DnsQuestion(type, server, name);
  }

  ProbeRequest on(ProbeRequest base) {
    ProbeRequest r = base.withOption("type", type);
    r = server == null ? r : r.withOption("server", server);
    return name == null ? r : r.withOption("name", name);
  }

  /**
   * @return an error result when the response is no DNS answer (a check on another scheme, or a transport error
   *     handed over anyway), else null
   */
  static @Nullable CheckResult noAnswer(ProbeResponse response) {
    ProbeResponse.TransportError e = response.error();
    if (e != null) {
      return CheckResult.failure("no DNS answer: " + e.kind() + ": " + e.message()).with("error", e.kind())
          .with("server", response.attribute("dns.server"));
    }
    if (response.attribute("dns.rcode") == null) {
      return CheckResult.error("the response carries no DNS answer: DNS checks read dns:// requests, not "
          + response.request().scheme() + "://");
    }
    return null;
  }
}
