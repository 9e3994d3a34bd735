package org.argos.checks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.Severity;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code content-type}: the response's media type is the expected one (beyond Argos). */
public final class ContentTypeProvider extends BuiltinProvider {
  static final String NAME = "content-type";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public ContentTypeProvider() {
    super(NAME,
        "Fails (critical) unless the Content-Type header has the expected media type (case-insensitive; a "
                + "subtype * matches any); parameters such as charset are compared only when the expected value "
                + "gives them; a header sent several times passes when one of its values does.",
        "a media type, optionally with parameters, e.g. \"application/json\" or \"text/html; charset=utf-8\"",
        List.of("application/json", "text/html; charset=utf-8", "image/*"),
        Arrays.asList(null, "", "json", "text/", 42, List.of("text/html")));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    if (!(parameter instanceof String s)) {
      throw Params.invalid(NAME, parameter, "expected a media type such as \"application/json\"");
    }
    MediaType expected = MediaType.parse(s);
    if (expected == null) {
      throw Params.invalid(NAME, parameter, "expected a media type such as \"application/json\" or \"text/html; charset=utf-8\"");
    }
    return new ContentType(s.trim(), expected);
  }

  /** A parsed media type: lower-cased type and subtype, parameters with lower-cased names. */
  record MediaType(String type, String subtype, Map<String, String> parameters) {
    static @Nullable MediaType parse(@Nullable String text) {
      if (text == null) {
        return null;
      }
      String[] parts = text.split(";");
      String essence = parts[0].trim().toLowerCase(Locale.ROOT);
      if (!essence.matches("[a-z0-9!#$&^_.+*-]+/[a-z0-9!#$&^_.+*-]+")) {
        return null;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        int eq = p.indexOf('=');
        if (eq > 0) {
          params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim().replace("\"", ""));
        }
      }
      int slash = essence.indexOf('/');
      return new MediaType(essence.substring(0, slash), essence.substring(slash + 1), Map.copyOf(params));
    }

    boolean accepts(MediaType actual) {
      if (!type.equals(actual.type) || !(subtype.equals("*") || subtype.equals(actual.subtype))) {
        return false;
      }
      for (Map.Entry<String, String> e : parameters.entrySet()) {
        String v = actual.parameters.get(e.getKey());
        if (v == null || !v.equalsIgnoreCase(e.getValue())) {
          return false;
        }
      }
      return true;
    }
  }

  private record ContentType(String text, MediaType expected) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", text);
      }
      List<String> values = Headers.values(response, "content-type");
      String header = Headers.joined(values);
      if (header == null) {
        return Results.failure("no Content-Type header, expected " + text, text, null);
      }
      // A Content-Type sent several times passes when one of its values has the expected type, as every header check
      // reads a repeated header (docs/checks.md).
      boolean ok = Headers.anyMatches(values, v -> {
        MediaType actual = MediaType.parse(v);
        return actual != null && expected.accepts(actual);
      });
      return ok
          ? Results.success("Content-Type " + header, text, header)
          : Results.failure("expected Content-Type " + text + ", got " + header, text, header);
    }
  }
}
