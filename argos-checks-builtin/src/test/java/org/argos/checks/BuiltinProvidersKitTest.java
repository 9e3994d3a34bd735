package org.argos.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeResponse;
import org.argos.checks.http.HttpProbe;
import org.argos.testkit.CheckProviderCompatibilityKit;
import org.argos.testkit.SyntheticResponses;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every built-in provider runs the check compatibility kit; the last tests make sure none is left out. */
class BuiltinProvidersKitTest {
  @Nested
  class BodyContains extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new BodyContainsProvider();
    }
  }

  @Nested
  class BodyLike extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new BodyLikeProvider();
    }
  }

  @Nested
  class BodyNotContains extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new BodyNotContainsProvider();
    }
  }

  @Nested
  class BodyNotLike extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new BodyNotLikeProvider();
    }
  }

  @Nested
  class ContentType extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new ContentTypeProvider();
    }
  }

  @Nested
  class DnsRcode extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new org.argos.checks.dns.DnsRcodeProvider();
    }

    @Override
    protected List<ProbeResponse> sampleResponses() {
      return withSchemeSamples(super.sampleResponses());
    }
  }

  @Nested
  class DnsRecord extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new org.argos.checks.dns.DnsRecordProvider();
    }

    @Override
    protected List<ProbeResponse> sampleResponses() {
      return withSchemeSamples(super.sampleResponses());
    }
  }

  @Nested
  class DomainExpiration extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new org.argos.checks.rdap.DomainExpirationProvider();
    }

    @Override
    protected List<ProbeResponse> sampleResponses() {
      return withSchemeSamples(super.sampleResponses());
    }
  }

  /** The kit's HTTP samples, and DNS and RDAP answers (good, odd and failed) for the checks that read them. */
  static List<ProbeResponse> withSchemeSamples(List<ProbeResponse> http) {
    List<ProbeResponse> all = new ArrayList<>(http);
    org.argos.api.ProbeTimings t = org.argos.api.ProbeTimings.ofTotal(Duration.ofMillis(3));
    org.argos.api.spi.ProbeRequest dns = org.argos.api.spi.ProbeRequest.of("dns://synthetic.example",
        org.argos.api.IpVersion.IPV4, Duration.ofSeconds(5));
    org.argos.api.spi.ProbeRequest domain = org.argos.api.spi.ProbeRequest.of("domain://synthetic.example",
        org.argos.api.IpVersion.IPV4, Duration.ofSeconds(5));
    for (Map<String, List<String>> a : List.of(
        Map.of("dns.rcode", List.of("NOERROR"), "dns.type", List.of("A"), "dns.records.A", List.of("192.0.2.1")),
        Map.of("dns.rcode", List.of("NOERROR"), "dns.type", List.of("MX"),
            "dns.records.MX", List.of("10 mx.example.org.", "not a record")),
        Map.of("dns.rcode", List.of("NXDOMAIN"), "dns.type", List.of("A")),
        Map.of("dns.rcode", List.of("SERVFAIL")))) {
      all.add(ProbeResponse.of(dns, new byte[0], false, List.of(), null, t, null, null, a));
    }
    all.add(ProbeResponse.of(dns, new byte[0], false, List.of(), null, t,
        new ProbeResponse.TransportError("timeout", "", "no answer"), null, Map.of()));
    for (Map<String, List<String>> a : List.of(
        Map.of("rdap.domain", List.of("synthetic.example"), "rdap.status", List.of("200"),
            "rdap.expiration", List.of("2026-03-01T00:00:00Z"), "rdap.registrar", List.of("R")),
        Map.of("rdap.domain", List.of("synthetic.example"), "rdap.status", List.of("200"),
            "rdap.expiration", List.of("2028-03-01T00:00:00Z")),
        Map.of("rdap.domain", List.of("synthetic.example"), "rdap.status", List.of("200"),
            "rdap.expiration", List.of("2026-01-10T00:00:00Z")),
        Map.of("rdap.domain", List.of("synthetic.example"), "rdap.status", List.of("404")),
        Map.of("rdap.domain", List.of("synthetic.example"), "rdap.status", List.of("200"),
            "rdap.expiration.unreadable", List.of("soon")),
        Map.of("rdap.domain", List.of("synthetic.example"), "rdap.status", List.of("200")))) {
      all.add(ProbeResponse.of(domain, new byte[0], false, List.of(), null, t, null, null, a));
    }
    for (String kind : List.of("no-rdap", "too-large", "no-domain")) {
      all.add(ProbeResponse.of(domain, new byte[0], false, List.of(), null, t,
          new ProbeResponse.TransportError(kind, "", kind), null, Map.of()));
    }
    return all;
  }

  @Nested
  class HeaderAbsent extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new HeaderAbsentProvider();
    }
  }

  @Nested
  class HeadersContain extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new HeadersContainProvider();
    }
  }

  @Nested
  class HeadersHave extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new HeadersHaveProvider();
    }
  }

  @Nested
  class HeadersLike extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new HeadersLikeProvider();
    }
  }

  @Nested
  class HttpToHttps extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new HttpToHttpsProvider();
    }
  }

  @Nested
  class JsonContains extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new JsonContainsProvider();
    }
  }

  @Nested
  class JsonHas extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new JsonHasProvider();
    }
  }

  @Nested
  class JsonIs extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new JsonIsProvider();
    }
  }

  @Nested
  class JsonLike extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new JsonLikeProvider();
    }
  }

  @Nested
  class RedirectsTo extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new RedirectsToProvider();
    }
  }

  @Nested
  class ResponseTime extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new ResponseTimeProvider();
    }

    /** Times under, between and over the example thresholds, so every verdict is judged again from an agent. */
    @Override
    protected List<ProbeResponse> sampleResponses() {
      List<ProbeResponse> out = new ArrayList<>(super.sampleResponses());
      for (long ms : new long[] {100, 700, 1500, 2500, 5000}) {
        out.add(SyntheticResponses.response(200).took(Duration.ofMillis(ms)).build());
      }
      return out;
    }
  }

  @Nested
  class SslCertificateExpiration extends CheckProviderCompatibilityKit {
    private final Instant now = Instant.now();

    @Override
    protected CheckProvider provider() {
      return new SslCertificateExpirationProvider();
    }

    @Override
    protected Instant now() {
      return now;
    }

    /** Certificates expiring in hours, days and weeks, and one expired: every threshold's verdict. */
    @Override
    protected List<ProbeResponse> sampleResponses() {
      List<ProbeResponse> out = new ArrayList<>(super.sampleResponses());
      for (Duration left : List.of(Duration.ofHours(-12), Duration.ofHours(12), Duration.ofDays(3), Duration.ofDays(10),
          Duration.ofDays(20))) {
        out.add(SyntheticResponses.response(200).url("https://synthetic.example/")
            .certificates(List.of(CERTIFICATES.computeIfAbsent(left, TestCertificates::expiringIn).certificate))
            .build());
      }
      return out;
    }
  }

  /** Made once per run: a key pair each is slow. */
  private static final Map<Duration, TestCertificates> CERTIFICATES = new java.util.concurrent.ConcurrentHashMap<>();

  @Nested
  class StatusIn extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new StatusInProvider();
    }
  }

  @Nested
  class StatusIs extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new StatusIsProvider();
    }
  }

  @Nested
  class StatusNotIn extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new StatusNotInProvider();
    }
  }

  @Nested
  class Heartbeat extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new HeartbeatProvider();
    }
  }

  @Nested
  class TcpConnect extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new TcpConnectProvider();
    }
  }

  @Nested
  class TcpExpect extends CheckProviderCompatibilityKit {
    @Override
    protected CheckProvider provider() {
      return new TcpExpectProvider();
    }
  }

  /** TLS responses as the TLS probe gives them (trusted or not, the host named or not, 1.3 or 1.2), and the rest. */
  abstract static class TlsKit extends CheckProviderCompatibilityKit {
    @Override
    protected List<ProbeResponse> sampleResponses() {
      List<ProbeResponse> all = new ArrayList<>(super.sampleResponses());
      all.add(tls("TLSv1.3", "true", "true", null));
      all.add(tls("TLSv1.2", "false", "false", "PKIX path building failed: unable to find valid certification path"));
      all.add(tls("SSLv3", "true", "false", null));
      all.add(tls("NONE", "maybe", "", null));
      return all;
    }

    private static ProbeResponse tls(String protocol, String chainValid, String hostnameMatch, String chainError) {
      org.argos.api.spi.ProbeRequest request = org.argos.api.spi.ProbeRequest.of("tls://mail.example.org:465",
          org.argos.api.IpVersion.IPV4, Duration.ofSeconds(10));
      Map<String, List<String>> attributes = new java.util.TreeMap<>(Map.of("tls.protocol", List.of(protocol),
          "tls.cipher", List.of("TLS_AES_128_GCM_SHA256"), "tls.chain-valid", List.of(chainValid),
          "tls.hostname-match", List.of(hostnameMatch)));
      if (chainError != null) {
        attributes.put("tls.chain-error", List.of(chainError));
      }
      return ProbeResponse.of(request, "220 mail.example.org ESMTP\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          false, List.of(), protocol, org.argos.api.ProbeTimings.ofTotal(Duration.ofMillis(30)), null, null, attributes);
    }
  }

  @Nested
  class TlsChainValid extends TlsKit {
    @Override
    protected CheckProvider provider() {
      return new TlsChainValidProvider();
    }
  }

  @Nested
  class TlsHostnameMatch extends TlsKit {
    @Override
    protected CheckProvider provider() {
      return new TlsHostnameMatchProvider();
    }
  }

  @Nested
  class TlsMinVersion extends TlsKit {
    @Override
    protected CheckProvider provider() {
      return new TlsMinVersionProvider();
    }
  }

  @Test
  void everyServiceLoaderProviderRunsTheKit() throws ReflectiveOperationException {
    Set<Class<?>> covered = new HashSet<>();
    for (Class<?> c : BuiltinProvidersKitTest.class.getDeclaredClasses()) {
      if (CheckProviderCompatibilityKit.class.isAssignableFrom(c)
          && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
        Object kit = c.getDeclaredConstructor(BuiltinProvidersKitTest.class).newInstance(this);
        Method provider = c.getDeclaredMethod("provider");
        provider.setAccessible(true);
        covered.add(provider.invoke(kit).getClass());
      }
    }
    List<Class<?>> loaded = ServiceLoader.load(CheckProvider.class).stream()
        .map(ServiceLoader.Provider::type)
        .collect(Collectors.toList());
    assertThat(loaded).hasSize(29).doesNotHaveDuplicates();
    assertThat(covered).containsExactlyInAnyOrderElementsOf(loaded);
  }

  @Test
  void moduleDescriptorProvidesWhatTheServicesFileLists() throws Exception {
    Set<String> listed = ServiceLoader.load(CheckProvider.class).stream()
        .map(pr -> pr.type().getName())
        .collect(Collectors.toSet());
    // Read from this module's own output directory: other jars on the class path have a module-info.class too.
    Path classes = Path.of(HttpProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      ModuleDescriptor descriptor = ModuleDescriptor.read(in);
      assertThat(descriptor.name()).isEqualTo("org.argos.checks");
      Set<String> provided = descriptor.provides().stream()
          .filter(p -> p.service().equals(CheckProvider.class.getName()))
          .flatMap(p -> p.providers().stream())
          .collect(Collectors.toSet());
      assertThat(provided).isEqualTo(listed);
    }
  }

  @Test
  void theProbeProvidersAreFoundByServiceLoaderAndDeclaredInTheModule() throws Exception {
    List<org.argos.api.spi.ProbeProvider> providers = ServiceLoader.load(org.argos.api.spi.ProbeProvider.class).stream()
        .map(ServiceLoader.Provider::get).collect(Collectors.toList());
    org.argos.api.spi.ProbeProvider http = providers.stream()
        .filter(p -> p instanceof org.argos.checks.http.HttpProbeProvider).findFirst().orElseThrow();
    assertThat(http.schemes()).containsExactlyInAnyOrder("http", "https");
    try (org.argos.api.spi.Probe probe = http.create()) {
      assertThat(((HttpProbe) probe).userAgent()).isEqualTo(HttpProbe.defaultUserAgent());
    }
    Set<String> listed = providers.stream().map(p -> p.getClass().getName()).collect(Collectors.toSet());
    Path classes = Path.of(HttpProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      assertThat(ModuleDescriptor.read(in).provides())
          .anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(org.argos.api.spi.ProbeProvider.class.getName());
            assertThat(p.providers()).containsExactlyInAnyOrderElementsOf(listed);
          });
    }
  }

  @Test
  void builtinChecksInstallsWhatServiceLoaderFinds() {
    List<Class<?>> loaded = ServiceLoader.load(CheckProvider.class).stream()
        .map(ServiceLoader.Provider::type).collect(Collectors.toList());
    assertThat(BuiltinChecks.all()).extracting(Object::getClass).containsExactlyInAnyOrderElementsOf(loaded);
    assertThat(BuiltinChecks.all()).extracting(CheckProvider::name).isSorted();
  }

  @Test
  void providerNamesAreUnique() {
    List<String> names = ServiceLoader.load(CheckProvider.class).stream().map(pr -> pr.get().name()).toList();
    assertThat(names).doesNotHaveDuplicates();
  }
}
