package org.argos.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.argos.api.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.argos.config.ConfigException;
import org.argos.config.TlsProviders;

/**
 * {@code argos_java.tls_provider} and the agent's {@code --tls-provider}: the built-in probe makes its TLS connections
 * with the named JSSE provider (by default the bundled Conscrypt's), and a provider that cannot be used is a config
 * error naming the setting's line.
 */
class TlsProviderTest {
  @TempDir Path dir;
  WireMockServer site;
  Server server;

  @BeforeEach
  void setUp() {
    // WireMock's certificate is self-signed: the probe's TLS handshake runs, then trust fails, whatever the provider
    site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
    site.start();
    site.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    site.stop();
  }

  private String https() {
    return "https://127.0.0.1:" + site.httpsPort();
  }

  private Path config(String className) throws Exception {
    return TestServers.write(dir, TestServers.config("  tls_provider: " + className, https()));
  }

  @Test
  void theProbeMakesItsTlsConnectionsWithTheConfiguredProvider() throws Exception {
    int before = CountingTlsProvider.INITIALISED.get();
    server = TestServers.start(config(CountingTlsProvider.class.getName()));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var tasks = server.argos().store().tasks(https());
      assertThat(tasks).hasSize(3).allSatisfy(t ->
          assertThat(t.state()).isNotNull().extracting(s -> s.severity()).isEqualTo(Severity.CRITICAL));
    });
    assertThat(CountingTlsProvider.INITIALISED.get() - before).as("TLS contexts made through the provider")
        .isGreaterThanOrEqualTo(2); // one per connection: the site's two paths
    assertThat(server.argos().store().tasks(https()).get(0).state().message()).containsIgnoringCase("certificat");
  }

  @Test
  void conscryptFromTheClassPathProbesOverTls() throws Exception {
    server = TestServers.start(config(TlsProviders.CONSCRYPT));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(server.argos().store().tasks(https())).hasSize(3)
            .allSatisfy(t -> assertThat(t.state()).isNotNull().extracting(s -> s.message()).asString()
                  .containsIgnoringCase("certificat")));
  }

  @Test
  void aProviderThatCannotBeUsedIsAConfigErrorAtItsLine() throws Exception {
    Path file = config("org.example.NoSuchProvider");
    int line = java.nio.file.Files.readAllLines(file).indexOf("  tls_provider: org.example.NoSuchProvider") + 1;
    assertThatThrownBy(() -> TestServers.start(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("argos-config.yaml:" + line)
        .hasMessageContaining("argos_java.tls_provider: no class org.example.NoSuchProvider");
    assertThatThrownBy(() -> TestServers.start(config("java.lang.String")))
        .hasMessageContaining("argos_java.tls_provider: java.lang.String is not a java.security.Provider");
    assertThatThrownBy(() -> TestServers.start(config(NoTlsProvider.class.getName())))
        .hasMessageContaining("(ArgosTestNoTls) offers no SSLContext of type TLS");
    assertThatThrownBy(() -> TestServers.start(config("'not a class'")))
        .hasMessageContaining("argos_java.tls_provider: expected the class name of a JSSE provider");
    // check-config says the same, and names a provider that loads
    assertThat(Cli.run(dir, Map.of(), "server", "check-config", "--config", config("java.lang.String").toString())
        .err()).contains("is not a java.security.Provider");
    Cli.Run ok = Cli.run(dir, Map.of(), "server", "check-config", "--config",
        config(CountingTlsProvider.class.getName()).toString());
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).contains("TLS: " + CountingTlsProvider.class.getName());
  }

  @Test
  void withoutTheSettingTheBundledConscryptServesAndJdkNamesTheJdksOwn() throws Exception {
    Path plain = TestServers.write(dir, TestServers.config("", https()));
    Cli.Run byDefault = Cli.run(dir, Map.of(), "server", "check-config", "--config", plain.toString());
    assertThat(byDefault.exit()).isZero();
    assertThat(byDefault.out()).contains("; TLS: Conscrypt (org.conscrypt.OpenSSLProvider)");

    Cli.Run jdk = Cli.run(dir, Map.of(), "server", "check-config", "--config", config(TlsProviders.JDK).toString());
    assertThat(jdk.out()).contains("; TLS: jdk");
    server = TestServers.start(config(TlsProviders.JDK));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(server.argos().store().tasks(https())).hasSize(3)
            .allSatisfy(t -> assertThat(t.state()).isNotNull().extracting(s -> s.message()).asString()
                .containsIgnoringCase("certificat")));
  }

  @Test
  void theAgentTakesItsProviderOnTheCommandLine() throws Exception {
    Cli.Run r = Cli.run(dir, Map.of(), "agent", "http://127.0.0.1:1", "t", "--tls-provider", "org.example.Nope");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--tls-provider: no class org.example.Nope");

    server = TestServers.start(TestServers.write(dir, TestServers.config("  probing: agents\n  agent_grace: 5s", https())));
    int before = CountingTlsProvider.INITIALISED.get();
    AtomicReference<Cli.Run> result = new AtomicReference<>();
    Thread agent = Thread.ofPlatform().start(() -> result.set(Cli.run(dir, Map.of(), "agent", TestServers.base(server),
        TestServers.TOKEN, "--wait-time", "1", "--tls-provider", CountingTlsProvider.class.getName())));
    try {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(server.argos().store().tasks(https())).hasSize(3)
              .allSatisfy(t -> assertThat(t.state()).isNotNull().extracting(s -> s.message()).asString()
                  .containsIgnoringCase("certificat")));
      assertThat(CountingTlsProvider.INITIALISED.get() - before).isGreaterThanOrEqualTo(2);
    } finally {
      agent.interrupt(); // the agent stops between polls when interrupted
      agent.join(30_000);
    }
    assertThat(result.get().exit()).isZero();
  }
}
