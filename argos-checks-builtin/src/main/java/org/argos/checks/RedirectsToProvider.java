package org.argos.checks;

import java.time.Duration;
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

  private final Duration budget;

  /**
   * Creates the provider with the default matching budget, 2 s per evaluation; used by
   * {@link java.util.ServiceLoader}.
   */
  public RedirectsToProvider() {
    this(Regex.DEFAULT_BUDGET);
  }

  /**
   * @param matchBudget the time one evaluation may spend matching a {@code regex}; past it the result is an error
   *     (unknown) saying so
   * @throws org.argos.api.InvalidValueException when the budget is not positive
   */
  public RedirectsToProvider(Duration matchBudget) {
    super(NAME,
        "Fails (critical) unless the response redirects to the expected location: with redirects followed, the "
                + "final URL; otherwise the Location header (resolved against the request URL). No redirect at all fails.",
        "an absolute URL that must be equal, {url: URL}, or {regex: regular expression (RE2 syntax)} searched in "
            + "the location",
        List.of("https://example.org/", Map.of("url", "https://example.org/home"), Map.of("regex", "^https://")),
        Arrays.asList(null, "", "not a url", "/relative", Map.of("regex", "(bad"), Map.of("other", "x"), 301,
            Map.of("regex", "(?<!www)\\.example")));
    this.budget = Regex.positive(NAME, matchBudget);
  }

  @Override
  public Check create(@Nullable Object parameter) {
    String url = null;
    Regex regex = null;
    if (parameter instanceof String s) {
      url = s;
    } else if (parameter instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("url")) {
      url = map.get("url") instanceof String s ? s : null;
      if (url == null) {
        throw Params.invalid(NAME, parameter, "url must be an absolute http(s) URL");
      }
    } else if (parameter instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("regex")) {
      regex = Regex.compile(NAME, parameter, "regex", map.get("regex"));
    } else {
      throw Params.invalid(NAME, parameter, "expected an absolute URL, {url: URL} or {regex: regular expression}");
    }
    if (url != null) {
      okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url.trim());
      if (parsed == null) {
        throw Params.invalid(NAME, parameter, "expected an absolute http(s) URL");
      }
      return new RedirectsTo(parsed.toString(), null, budget);
    }
    return new RedirectsTo(null, regex, budget);
  }

  private record RedirectsTo(@Nullable String url, @Nullable Regex regex, Duration budget) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      String expected = url != null ? url : "like " + regex.source();
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
      boolean ok;
      if (url != null) {
        ok = url.equals(location);
      } else {
        Regex.Budget b = Regex.Budget.start(budget);
        try {
          ok = regex.find(location, b) != null;
        } catch (Regex.OutOfBudget e) {
          return CheckResult.error(b.exhausted(NAME, regex, "the location", location.length()))
              .with("expected", expected);
        }
      }
      return ok
          ? Results.success("redirects to " + location, expected, location)
          : Results.failure("redirects to " + location + ", expected " + expected, expected, location);
    }
  }
}
