package org.argos.checks;

import java.util.List;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeProvider;
import org.argos.checks.http.HttpProbeProvider;
import org.argos.checks.tcp.TcpProbeProvider;

/**
 * Every built-in check type, to install explicitly (the engine discovers none unless asked):
 *
 * <pre>{@code
 * Argos.builder().probe(new HttpProbe()).install(BuiltinChecks.all()).build();
 * }</pre>
 *
 * The same providers that this module declares for {@link java.util.ServiceLoader}.
 */
public final class BuiltinChecks {
  private BuiltinChecks() {}

  /** @return a new instance of each built-in check provider, in name order */
  public static List<CheckProvider> all() {
    return List.of(
        new BodyContainsProvider(),
        new BodyLikeProvider(),
        new BodyNotContainsProvider(),
        new BodyNotLikeProvider(),
        new ContentTypeProvider(),
        new HeaderAbsentProvider(),
        new HeadersContainProvider(),
        new HeadersHaveProvider(),
        new HeadersLikeProvider(),
        new HeartbeatProvider(),
        new HttpToHttpsProvider(),
        new JsonContainsProvider(),
        new JsonHasProvider(),
        new JsonIsProvider(),
        new JsonLikeProvider(),
        new RedirectsToProvider(),
        new ResponseTimeProvider(),
        new SslCertificateExpirationProvider(),
        new StatusInProvider(),
        new StatusIsProvider(),
        new StatusNotInProvider(),
        new TcpConnectProvider(),
        new TcpExpectProvider());
  }

  /**
   * @return a new instance of each built-in probe provider: {@code http}/{@code https} and {@code tcp}, to install
   *     with {@code Argos.builder().install(ProbeProvider...)}
   */
  public static List<ProbeProvider> probes() {
    return List.of(new HttpProbeProvider(), new TcpProbeProvider());
  }
}
