package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * {@code tls-min-version}: the TLS version negotiated with a {@code tls://} server is at least the given one. The
 * probe offers the versions its JVM enables (TLS 1.3 and 1.2 by default) and the server picks the highest it shares,
 * so this tells whether the server speaks a version that recent; it does not tell whether it also accepts older ones.
 */
public final class TlsMinVersionProvider extends BuiltinProvider {
  static final String NAME = "tls-min-version";
  /** The versions in order; the JSSE names the probe reports. */
  private static final List<String> VERSIONS = List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public TlsMinVersionProvider() {
    super(NAME,
        "Reads a tls:// response: fails (critical) when the negotiated TLS version is older than the given one.",
        "a TLS version: \"TLSv1.2\" or \"TLSv1.3\" (also TLSv1, TLSv1.1; \"1.2\" is read as TLSv1.2)",
        List.of("TLSv1.2", "TLSv1.3", "1.2"),
        Arrays.asList(null, true, "", "TLSv2", "SSLv2", 1.2, Map.of("min", "TLSv1.2")));
  }

  @Override
  public Set<String> schemes() {
    return TlsResponses.SCHEMES;
  }

  @Override
  public Check create(@Nullable Object parameter) {
    int rank = parameter instanceof String s ? rank(s.trim()) : -1;
    if (rank < 1) {
      throw Params.invalid(NAME, parameter, "expected a TLS version: TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3");
    }
    return new MinVersion(VERSIONS.get(rank), rank);
  }

  /** @return the position of a version in {@link #VERSIONS}, or -1 */
  private static int rank(String version) {
    String v = version.toUpperCase(Locale.ROOT);
    String named = v.startsWith("TLSV") || v.startsWith("SSLV") ? v : "TLSV" + v;
    for (int i = 0; i < VERSIONS.size(); i++) {
      if (VERSIONS.get(i).toUpperCase(Locale.ROOT).equals(named)) {
        return i;
      }
    }
    return named.equals("TLSV1.0") ? 1 : -1;
  }

  private record MinVersion(String minimum, int minimumRank) implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none.with("expected", minimum);
      }
      String actual = response.attribute("tls.protocol");
      if (actual == null) {
        return TlsResponses.missing(response, "tls.protocol").with("expected", minimum);
      }
      int rank = rank(actual);
      if (rank < 0) {
        return CheckResult.error("unknown TLS version " + Params.abbreviate(actual, 40)).with("expected", minimum)
            .with("actual", actual);
      }
      return rank >= minimumRank
          ? Results.success("negotiated " + actual + " (at least " + minimum + ")", minimum, actual)
          : Results.failure("negotiated " + actual + ", older than " + minimum, minimum, actual);
    }
  }
}
