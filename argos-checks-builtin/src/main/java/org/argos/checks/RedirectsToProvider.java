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

/** {@code redirects-to}: the response redirects to the expected location (beyond Argos). */
public final class RedirectsToProvider extends BuiltinProvider {
  static final String NAME = "redirects-to";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public RedirectsToProvider() {
    super(NAME,
        "Fails (critical) unless the response redirects to the expected location: with redirects followed, the "
                + "final URL; otherwise the Location header (resolved against the request URL). No redirect at all fails.",
        "an absolute URL that must be equal, {url: URL}, or {regex: regular expression} searched in the location",
        List.of("https://example.org/", Map.of("url", "https://example.org/home"), Map.of("regex", "^https://")),
        Arrays.asList(null, "", "not a url", "/relative", Map.of("regex", "(bad"), Map.of("other", "x"), 301));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    String url = null;
    java.util.regex.Pattern regex = null;
    if (parameter instanceof String s) {
      url = s;
    } else if (parameter instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("url")) {
      url = map.get("url") instanceof String s ? s : null;
      if (url == null) {
        throw Params.invalid(NAME, parameter, "url must be an absolute http(s) URL");
      }
    } else if (parameter instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("regex")) {
      regex = Params.regex(NAME, parameter, map.get("regex"));
    } else {
      throw Params.invalid(NAME, parameter, "expected an absolute URL, {url: URL} or {regex: regular expression}");
    }
    if (url != null) {
      okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url.trim());
      if (parsed == null) {
        throw Params.invalid(NAME, parameter, "expected an absolute http(s) URL");
      }
      return new RedirectsTo(parsed.toString(), null);
    }
    return new RedirectsTo(null, regex);
  }

  private record RedirectsTo(@Nullable String url, java.util.regex.@Nullable Pattern regex) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      String expected = url != null ? url : "like " + regex.pattern();
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", expected);
      }
      String location;
      if (!response.redirects().isEmpty()) {
        location = response.finalUrl();
      } else {
        String header = response.header("location");
        if (header == null) {
          return Results.failure("no redirect (status " + response.status() + ")", expected, null);
        }
        okhttp3.HttpUrl base = okhttp3.HttpUrl.parse(response.finalUrl());
        okhttp3.HttpUrl resolved = base == null ? null : base.resolve(header);
        location = resolved == null ? header : resolved.toString();
      }
      boolean ok = url != null ? url.equals(location) : regex.matcher(location).find();
      return ok
          ? Results.success("redirects to " + location, expected, location)
          : Results.failure("redirects to " + location + ", expected " + expected, expected, location);
    }
  }
}
