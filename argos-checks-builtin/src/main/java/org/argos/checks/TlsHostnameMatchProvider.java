package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * {@code tls-hostname-match}: the leaf certificate a {@code tls://} server presents names the host of the URL (RFC
 * 6125, as the TLS probe judges it: subject alternative names, one-label wildcards, the common name only without DNS
 * names, IP addresses against IP entries).
 */
public final class TlsHostnameMatchProvider extends BuiltinProvider {
  static final String NAME = "tls-hostname-match";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public TlsHostnameMatchProvider() {
    super(NAME,
        "Reads a tls:// response: fails (critical) unless the leaf certificate names the host of the URL.",
        "true",
        List.of(true),
        Arrays.asList(null, false, "localhost", 0));
  }

  @Override
  public Set<String> schemes() {
    return TlsResponses.SCHEMES;
  }

  @Override
  public Check create(@Nullable Object parameter) {
    if (!Boolean.TRUE.equals(parameter)) {
      throw Params.invalid(NAME, parameter, "expected true");
    }
    return new HostnameMatch();
  }

  private record HostnameMatch() implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none;
      }
      String match = response.attribute("tls.hostname-match");
      if (match == null) {
        return TlsResponses.missing(response, "tls.hostname-match");
      }
      String host = host(response.finalUrl());
      CheckResult r = match.equals("true")
          ? CheckResult.success("the certificate names " + host)
          : CheckResult.failure("the certificate does not name " + host);
      return TlsResponses.withLeaf(r.with("host", host), response);
    }

    private static String host(String url) {
      try {
        String h = java.net.URI.create(url).getHost();
        return h == null ? url : h;
      } catch (IllegalArgumentException e) {
        return url;
      }
    }
  }
}
