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
 * {@code tls-chain-valid}: the certificate chain a {@code tls://} server presents is trusted (by the JVM's default
 * trust store, or the TLS probe's): signed up to a trusted authority, within its dates, fit for a server. The TLS
 * probe finishes the handshake whatever the chain, so a bad one is this check's failure rather than a transport error.
 */
public final class TlsChainValidProvider extends BuiltinProvider {
  static final String NAME = "tls-chain-valid";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public TlsChainValidProvider() {
    super(NAME,
        "Reads a tls:// response: fails (critical) unless the trust store accepts the server's certificate chain "
            + "(authority, dates, usage), with the reason the trust gave.",
        "true",
        List.of(true),
        Arrays.asList(null, false, "yes", 1, List.of(true)));
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
    return new ChainValid();
  }

  private record ChainValid() implements Check {
    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none;
      }
      String valid = response.attribute("tls.chain-valid");
      if (valid == null) {
        return TlsResponses.missing(response, "tls.chain-valid");
      }
      if (valid.equals("true")) {
        return TlsResponses.withLeaf(CheckResult.success("the certificate chain is trusted"), response);
      }
      String why = response.attribute("tls.chain-error");
      return TlsResponses.withLeaf(CheckResult.failure("the certificate chain is not trusted"
          + (why == null ? "" : ": " + Params.abbreviate(why, 300))), response).with("error", why);
    }
  }
}
