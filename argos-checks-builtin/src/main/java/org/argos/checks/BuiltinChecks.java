package org.argos.checks;

import java.util.List;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeProvider;
import org.argos.checks.dns.DnsProbeProvider;
import org.argos.checks.dns.DnsRcodeProvider;
import org.argos.checks.dns.DnsRecordProvider;
import org.argos.checks.http.HttpProbeProvider;
import org.argos.checks.rdap.DomainExpirationProvider;
import org.argos.checks.rdap.DomainProbeProvider;
import org.argos.checks.tcp.TcpProbeProvider;
import org.argos.checks.tls.TlsProbeProvider;

/**
 * Every built-in check type, to install explicitly (the engine discovers none unless asked):
 *
 * <pre>{@code
 * Argos.builder().probe(new HttpProbe()).install(BuiltinChecks.all()).build();
 * }</pre>
 *
 * The checks of other schemes ({@code tcp://}, {@code dns://}, {@code domain://}) need their probes installed too
 * when such sites are registered: {@link #probes()}.
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
        new DnsRcodeProvider(),
        new DnsRecordProvider(),
        new DomainExpirationProvider(),
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
        new TcpExpectProvider(),
        new TlsChainValidProvider(),
        new TlsHostnameMatchProvider(),
        new TlsMinVersionProvider());
  }

  /**
   * @return a new instance of each built-in probe provider: {@code http}/{@code https}, {@code tcp}, {@code tls},
   *     {@code dns} and {@code domain}, to install with {@code Argos.builder().install(ProbeProvider...)}
   */
  public static List<ProbeProvider> probes() {
    return List.of(new HttpProbeProvider(), new TcpProbeProvider(), new TlsProbeProvider(), new DnsProbeProvider(),
        new DomainProbeProvider());
  }
}
