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

  @Test
  void everyServiceLoaderProviderRunsTheKit() throws ReflectiveOperationException {
    Set<Class<?>> covered = new HashSet<>();
    for (Class<?> c : BuiltinProvidersKitTest.class.getDeclaredClasses()) {
      if (CheckProviderCompatibilityKit.class.isAssignableFrom(c)) {
        Object kit = c.getDeclaredConstructor(BuiltinProvidersKitTest.class).newInstance(this);
        Method provider = c.getDeclaredMethod("provider");
        provider.setAccessible(true);
        covered.add(provider.invoke(kit).getClass());
      }
    }
    List<Class<?>> loaded = ServiceLoader.load(CheckProvider.class).stream()
        .map(ServiceLoader.Provider::type)
        .collect(Collectors.toList());
    assertThat(loaded).hasSize(23).doesNotHaveDuplicates();
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
