package org.argos.checks.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/**
 * {@code dns-record}: the records of one type in a name's answer include some values ({@code contains}) or are
 * exactly a set of values ({@code equals}). Values are written as a person would: {@code 192.0.2.1} or
 * {@code 2001:db8::1}, {@code mx.example.org} (any preference) or {@code 10 mx.example.org}, TXT text without quotes,
 * {@code issue letsencrypt.org} for CAA; names in any case, with or without the final dot.
 */
public final class DnsRecordProvider implements CheckProvider {
  static final String NAME = "dns-record";

  /** Creates the provider. */
  public DnsRecordProvider() {}

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
    Setting whole = Setting.checkParameter(NAME, parameter);
    if (!(parameter instanceof Map<?, ?>)) {
      throw whole.invalid("expected {type: MX, contains: \"mx.example.org\"} or {type: A, equals: [\"192.0.2.1\"]}");
    }
    Settings p = whole.asObject().allowOnly("type", "contains", "equals", "server", "name");
    DnsQuestion question = DnsQuestion.read(p);
    Setting contains = p.get("contains");
    Setting equals = p.get("equals");
    if (contains.isPresent() == equals.isPresent()) {
      throw whole.invalid("give exactly one of contains (values that must be among the records) and equals (the "
          + "exact set of records)");
    }
    Setting values = contains.isPresent() ? contains : equals;
    return new RecordCheck(question, values(question.type(), values), equals.isPresent());
  }

  private static List<Wanted> values(String type, Setting values) {
    List<Setting> items = values.raw() instanceof List<?> ? values.asList() : List.of(values);
    if (items.isEmpty()) {
      throw values.invalid("expected a value or a non-empty list of values");
    }
    List<Wanted> out = new ArrayList<>();
    for (Setting item : items) {
      if (!(item.raw() instanceof String s) || s.isBlank()) {
        throw item.invalid("expected a " + type + " value as text, such as " + example(type));
      }
      try {
        out.add(new Wanted(s, RecordForms.wanted(type, s)));
      } catch (IllegalArgumentException e) {
        throw item.invalid(type + " value: " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  private static String example(String type) {
    return switch (type) {
      case "A" -> "\"192.0.2.1\"";
      case "AAAA" -> "\"2001:db8::1\"";
      case "MX" -> "\"mx.example.org\" or \"10 mx.example.org\"";
      case "TXT" -> "\"v=spf1 -all\"";
      case "CAA" -> "\"issue letsencrypt.org\"";
      default -> "\"ns1.example.org\"";
    };
  }

  @Override
  public String description() {
    return "Compares the records of one type (A, AAAA, CNAME, MX, TXT, NS, CAA) in a dns:// answer with the given "
        + "values: contains fails when one is missing, equals also when there is another; an answer other than "
        + "NOERROR fails.";
  }

  @Override
  public String parameterHelp() {
    return "{type: MX, contains: \"mx.example.org\"} or {type: A, equals: [\"192.0.2.1\", \"192.0.2.2\"]}; type A by "
        + "default; contains takes a value or a list; optional server: \"192.0.2.53:53\" (the system's resolvers by "
        + "default); optional name: a name under the site's (_dmarc, or _dmarc.example.org)";
  }

  @Override
  public List<@Nullable Object> exampleParameters() {
    return List.of(Map.of("type", "MX", "contains", "mx.example.org"),
        Map.of("type", "A", "equals", List.of("192.0.2.1", "192.0.2.2")),
        Map.of("type", "TXT", "contains", List.of("v=spf1 -all")),
        Map.of("type", "TXT", "name", "_dmarc", "contains", "v=DMARC1; p=reject"),
        Map.of("type", "CAA", "contains", "issue letsencrypt.org", "server", "[2001:db8::53]:53"));
  }

  @Override
  public List<@Nullable Object> invalidParameters() {
    return Arrays.asList(null, "MX", List.of("192.0.2.1"), Map.of("type", "MX"),
        Map.of("type", "A", "contains", "192.0.2.1", "equals", List.of("192.0.2.1")),
        Map.of("type", "A", "contains", "not-an-address"), Map.of("type", "AAAA", "equals", List.of("192.0.2.1")),
        Map.of("type", "SRV", "contains", "x"), Map.of("type", "MX", "contains", List.of()),
        Map.of("type", "MX", "contains", "99999 mx.example.org"), Map.of("type", "CAA", "contains", "letsencrypt"),
        Map.of("type", "A", "contains", "192.0.2.1", "color", "red"),
        Map.of("type", "TXT", "name", "a..b", "contains", "x"));
  }

  private record Wanted(String written, RecordForms form) {}

  private record RecordCheck(DnsQuestion question, List<Wanted> wanted, boolean exact) implements Check {
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
      String type = question.type();
      String what = type + " " + DnsProbeName.of(response);
      List<String> records = response.attributes().getOrDefault("dns.records." + type, List.of());
      List<String> expected = wanted.stream().map(Wanted::written).toList();
      String rcode = response.attribute("dns.rcode");
      if (!"NOERROR".equals(rcode)) {
        return CheckResult.failure(what + ": " + rcode + ", so no records").with("expected", expected)
            .with("actual", records).with("rcode", rcode);
      }
      List<@Nullable RecordForms> forms = records.stream().map(r -> RecordForms.ofRecord(type, r)).toList();
      List<String> missing = wanted.stream()
          .filter(w -> forms.stream().noneMatch(f -> f != null && f.matchedBy(w.form())))
          .map(Wanted::written).toList();
      List<String> extra = new ArrayList<>();
      if (exact) {
        for (int i = 0; i < records.size(); i++) {
          RecordForms f = forms.get(i);
          if (f == null || wanted.stream().noneMatch(w -> f.matchedBy(w.form()))) {
            extra.add(records.get(i));
          }
        }
      }
      CheckResult r;
      if (missing.isEmpty() && extra.isEmpty()) {
        r = CheckResult.success(what + ": " + (exact ? "exactly " : "has ") + String.join(", ", expected));
      } else {
        List<String> why = new ArrayList<>();
        if (!missing.isEmpty()) {
          why.add("missing " + String.join(", ", missing));
        }
        if (!extra.isEmpty()) {
          why.add("unexpected " + String.join(", ", extra));
        }
        r = CheckResult.failure(what + ": " + String.join("; ", why) + " (records: "
            + (records.isEmpty() ? "none" : String.join(", ", records)) + ")");
      }
      return r.with("expected", expected).with("actual", records).with("server", response.attribute("dns.server"));
    }
  }
}
