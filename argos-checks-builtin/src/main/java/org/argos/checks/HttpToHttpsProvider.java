package org.argos.checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import okhttp3.HttpUrl;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * {@code http-to-https}: the {@code http://} URL of the path redirects to {@code https://} (Argos). The check asks for
 * its own request (the path's URL with the {@code http} scheme, redirects not followed), so it does not share the probe
 * run of the path's other checks.
 */
public final class HttpToHttpsProvider extends BuiltinProvider {
  static final String NAME = "http-to-https";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public HttpToHttpsProvider() {
    super(NAME,
        "Requests the http:// URL of the path without following redirects; fails (critical) unless the status is "
                + "one of the expected redirect codes and Location points to an https:// URL.",
        "true (any 3xx), a 3xx code, {start: 301, stop: 309} (stop excluded) or a list of 3xx codes",
        List.of(true, 301, Map.of("start", 301, "stop", 309), List.of(301, 302, 307, 308)),
        Arrays.asList(null, false, 200, "yes", Map.of("start", 308, "stop", 301), List.of(301, 404), List.of()));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    if (Boolean.TRUE.equals(parameter)) {
      return new HttpToHttps("any 3xx", code -> code >= 300 && code <= 399);
    }
    Long single = Params.integral(parameter);
    if (single != null && !(parameter instanceof String)) {
      int code = redirectCode(parameter, single);
      return new HttpToHttps(String.valueOf(code), c -> c == code);
    }
    if (parameter instanceof Map<?, ?> map && map.keySet().equals(java.util.Set.of("start", "stop"))) {
      Long start = Params.integral(map.get("start"));
      Long stop = Params.integral(map.get("stop"));
      if (start == null || stop == null || start < 300 || stop > 400 || start >= stop) {
        throw Params.invalid(NAME, parameter,
            "a range needs 300 <= start < stop <= 400 (stop excluded, as in Argos), e.g. {start: 301, stop: 309}");
      }
      int a = start.intValue();
      int b = stop.intValue();
      return new HttpToHttps("[" + a + ", " + b + ")", c -> c >= a && c < b);
    }
    if (parameter instanceof List<?> list && !list.isEmpty()) {
      List<Integer> codes = new ArrayList<>();
      for (Object o : list) {
        Long n = Params.integral(o);
        if (n == null || o instanceof String) {
          throw Params.invalid(NAME, parameter, "every entry must be a 3xx status code");
        }
        codes.add(redirectCode(parameter, n));
      }
      List<Integer> frozen = List.copyOf(codes);
      return new HttpToHttps(frozen.toString(), frozen::contains);
    }
    throw Params.invalid(NAME, parameter, "expected true, a 3xx status code, {start, stop} or a list of 3xx codes");
  }

  private static int redirectCode(@Nullable Object whole, long n) {
    if (n < 300 || n > 399) {
      throw Params.invalid(NAME, whole, "redirect status codes are 3xx (" + n + " is not)");
    }
    return (int) n;
  }

  private static final class HttpToHttps implements Check {
    private final String expected;
    private final IntPredicate accepted;

    HttpToHttps(String expected, IntPredicate accepted) {
      this.expected = expected;
      this.accepted = accepted;
    }

    @Override
    public ProbeRequest request(ProbeRequest base) {
      String url = base.url();
      String http = url.regionMatches(true, 0, "https://", 0, 8) ? "http://" + url.substring(8) : url;
      return base.withUrl(http).withFollowRedirects(false);
    }

    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", expected);
      }
      int status = response.status();
      String location = response.header("location");
      String target = location;
      HttpUrl base = HttpUrl.parse(response.finalUrl());
      if (location != null && base != null) {
        HttpUrl resolved = base.resolve(location);
        target = resolved == null ? location : resolved.toString();
      }
      boolean statusOk = accepted.test(status);
      boolean https = target != null && target.toLowerCase(Locale.ROOT).startsWith("https://");
      CheckResult r;
      if (statusOk && https) {
        r = CheckResult.success("redirects to " + target + " with " + status);
      } else if (!statusOk) {
        r = CheckResult.failure("expected a redirect status " + expected + ", got " + status
            + (target == null ? "" : " (Location " + target + ")"));
      } else {
        r = CheckResult.failure("status " + status + " redirects to " + (target == null ? "nowhere (no Location header)" : target)
            + ", not to https://");
      }
      return r.with("expected", expected).with("actual", status).with("location", target);
    }
  }
}
