package org.argos.checks;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** {@code tcp-connect}: a TCP connection to {@code tcp://host:port} succeeds (beyond Argos). */
public final class TcpConnectProvider extends BuiltinProvider {
  static final String NAME = "tcp-connect";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public TcpConnectProvider() {
    super(NAME,
        "Fails (critical) unless a TCP connection to the site's tcp://host:port opens within the timeout.",
        "true",
        List.of(true),
        Arrays.asList(null, false, "yes", 1));
  }

  @Override
  public Set<String> schemes() {
    return Set.of("tcp");
  }

  @Override
  public Check create(@Nullable Object parameter) {
    if (!Boolean.TRUE.equals(parameter)) {
      throw Params.invalid(NAME, parameter, "expected true");
    }
    return new Connect();
  }

  /** Refuses, at registration, a target the TCP probe could not connect to. */
  static ProbeRequest requireHostAndPort(String check, ProbeRequest base) {
    java.net.URI uri = java.net.URI.create(base.url());
    if (!base.scheme().equals("tcp") || uri.getHost() == null || uri.getPort() < 1) {
      throw new IllegalArgumentException(check + " needs a tcp://host:port domain, got " + base.url());
    }
    return base;
  }

  private static final class Connect implements Check {
    @Override
    public ProbeRequest request(ProbeRequest base) {
      return requireHostAndPort(NAME, base);
    }

    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none;
      }
      String to = response.peer() == null ? response.request().url() : response.peer().endpoint();
      return CheckResult.success("connected to " + to).with("peer", to);
    }
  }
}
