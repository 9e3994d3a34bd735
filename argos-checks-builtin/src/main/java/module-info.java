/**
 * The built-in checks ({@code org.argos.checks}), the HTTP probe ({@code org.argos.checks.http}), the TCP probe
 * ({@code org.argos.checks.tcp}), the TLS probe ({@code org.argos.checks.tls}), the DNS probe and its checks
 * ({@code org.argos.checks.dns}) and domain expiry through RDAP ({@code org.argos.checks.rdap}), all exported.
 */
module org.argos.checks {
  requires transitive org.argos.api;
  requires static org.jspecify;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  requires re2j;
  requires org.dnsjava;
  requires com.google.common;
  requires java.net.http;
  exports org.argos.checks;
  exports org.argos.checks.http;
  exports org.argos.checks.tcp;
  exports org.argos.checks.tls;
  exports org.argos.checks.dns;
  exports org.argos.checks.rdap;
  provides org.argos.api.spi.ProbeProvider with
      org.argos.checks.http.HttpProbeProvider,
      org.argos.checks.tcp.TcpProbeProvider,
      org.argos.checks.tls.TlsProbeProvider,
      org.argos.checks.dns.DnsProbeProvider,
      org.argos.checks.rdap.DomainProbeProvider;
  provides org.argos.api.spi.CheckProvider with
      org.argos.checks.BodyContainsProvider,
      org.argos.checks.BodyLikeProvider,
      org.argos.checks.BodyNotContainsProvider,
      org.argos.checks.BodyNotLikeProvider,
      org.argos.checks.ContentTypeProvider,
      org.argos.checks.dns.DnsRcodeProvider,
      org.argos.checks.dns.DnsRecordProvider,
      org.argos.checks.rdap.DomainExpirationProvider,
      org.argos.checks.HeaderAbsentProvider,
      org.argos.checks.HeadersContainProvider,
      org.argos.checks.HeadersHaveProvider,
      org.argos.checks.HeadersLikeProvider,
      org.argos.checks.HeartbeatProvider,
      org.argos.checks.HttpToHttpsProvider,
      org.argos.checks.JsonContainsProvider,
      org.argos.checks.JsonHasProvider,
      org.argos.checks.JsonIsProvider,
      org.argos.checks.JsonLikeProvider,
      org.argos.checks.RedirectsToProvider,
      org.argos.checks.ResponseTimeProvider,
      org.argos.checks.SslCertificateExpirationProvider,
      org.argos.checks.StatusInProvider,
      org.argos.checks.StatusIsProvider,
      org.argos.checks.StatusNotInProvider,
      org.argos.checks.TcpConnectProvider,
      org.argos.checks.TcpExpectProvider,
      org.argos.checks.TlsChainValidProvider,
      org.argos.checks.TlsHostnameMatchProvider,
      org.argos.checks.TlsMinVersionProvider;
}
