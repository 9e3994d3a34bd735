package org.argos.checks.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Rcode;

/**
 * {@code dns-rcode}: the DNS response code is the expected one ({@code NOERROR} unless told otherwise). Watches that a
 * name exists ({@code NOERROR}), or that one stays gone ({@code NXDOMAIN}).
 */
public final class DnsRcodeProvider implements CheckProvider {
  static final String NAME = "dns-rcode";

  /** Creates the provider. */
  public DnsRcodeProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> schemes() {
    return Set.of(DnsProbe.SCHEME);
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Setting p = Setting.checkParameter(NAME, parameter);
    if (parameter instanceof Map<?, ?>) {
      Settings map = p.asObject().allowOnly("rcode", "type", "server", "name");
      Setting rcode = map.get("rcode");
      return new RcodeCheck(rcode.isPresent() ? rcodes(rcode) : List.of("NOERROR"), DnsQuestion.read(map));
    }
    return new RcodeCheck(rcodes(p), DnsQuestion.DEFAULT);
  }

  private static List<String> rcodes(Setting p) {
    List<Setting> items = p.raw() instanceof List<?> ? p.asList() : List.of(p);
    if (items.isEmpty()) {
      throw p.invalid("expected a response code such as NOERROR or NXDOMAIN, or a list of them");
    }
    List<String> out = new ArrayList<>();
    for (Setting item : items) {
      if (!(item.raw() instanceof String s) || Rcode.value(s.trim().toUpperCase(Locale.ROOT)) < 0) {
        throw item.invalid("expected a DNS response code: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, FORMERR, NOTIMP...");
      }
      out.add(Rcode.string(Rcode.value(s.trim().toUpperCase(Locale.ROOT))));
    }
    return List.copyOf(out);
  }

  @Override
  public String description() {
    return "Compares the DNS response code of a dns:// question with the expected one(s); fails with the code the "
        + "server gave. A question that got no answer (timeout) fails too.";
  }

  @Override
  public String parameterHelp() {
    return "a response code (NOERROR, NXDOMAIN, SERVFAIL, REFUSED...) or a list of them, or "
        + "{rcode: NOERROR, type: MX, server: \"192.0.2.53:53\", name: _dmarc} (type A, the system's resolvers and "
        + "the site's name by default)";
  }

  @Override
  public List<@Nullable Object> exampleParameters() {
    return List.of("NOERROR", List.of("NOERROR", "NXDOMAIN"),
        Map.of("rcode", "NXDOMAIN", "type", "MX", "server", "192.0.2.53:5353"));
  }

  @Override
  public List<@Nullable Object> invalidParameters() {
    return Arrays.asList(null, 0, "FINE", List.of(), List.of("NOERROR", 3), Map.of("rcode", "NOERROR", "typo", 1),
        Map.of("type", "SOA"), Map.of("server", "192.0.2.53:99999"), Map.of("server", ""));
  }

  private record RcodeCheck(List<String> expected, DnsQuestion question) implements Check {
    @Override
    public ProbeRequest request(ProbeRequest base) {
      return question.on(base);
    }

    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = DnsQuestion.noAnswer(response);
      if (none != null) {
        return none;
      }
      String rcode = response.attribute("dns.rcode");
      String what = response.attribute("dns.type") + " " + DnsProbeName.of(response);
      CheckResult r = expected.contains(rcode)
          ? CheckResult.success(what + ": " + rcode)
          : CheckResult.failure(what + ": " + rcode + ", expected " + String.join(" or ", expected));
      return r.with("expected", expected).with("actual", rcode).with("server", response.attribute("dns.server"));
    }
  }
}
