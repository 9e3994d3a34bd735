package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.DuplicateProviderException;
import org.argos.api.spi.CheckProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDiscoveryTest {
  @TempDir Path dir;

  @Test
  void aProviderListedInMetaInfServicesIsFoundByName() {
    CheckRegistry registry = CheckRegistry.of(List.of(), true, getClass().getClassLoader());
    assertThat(registry.names()).contains("discovered-check");
    assertThat(registry.check(new CheckSpec("discovered-check", null))).isNotNull();
  }

  @Test
  void discoveryCanBeTurnedOff() {
    CheckRegistry registry = CheckRegistry.of(List.of(new TestChecks.Status()), false, getClass().getClassLoader());
    assertThat(registry.names()).containsExactly("test-status");
  }

  @Test
  void anExplicitInstallWinsOverADiscoveredProviderOfTheSameName() {
    CheckProvider mine = new DiscoveredCheckProvider.Impostor();
    CheckRegistry registry = CheckRegistry.of(List.of(mine), true, getClass().getClassLoader());
    assertThat(registry.providers().get("discovered-check")).isSameAs(mine);
  }

  @Test
  void twoJarsClaimingOneNameIsAnErrorNamingBoth() throws Exception {
    Path first = jar("first.jar", DiscoveredCheckProvider.class.getName());
    Path second = jar("second.jar", DiscoveredCheckProvider.Impostor.class.getName());
    try (URLClassLoader cl = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> CheckRegistry.of(List.of(), true, cl))
          .isInstanceOf(DuplicateProviderException.class)
          .hasMessageContaining("'discovered-check'")
          .hasMessageContaining(DiscoveredCheckProvider.class.getName())
          .hasMessageContaining(DiscoveredCheckProvider.Impostor.class.getName());
    }
  }

  @Test
  void anEngineWithoutAProbeSaysWhatToAdd() {
    assertThatThrownBy(() -> Argos.builder().build())
        .isInstanceOf(ArgosException.class)
        .hasMessageContaining("argos-checks-builtin");
  }

  /** A jar that only lists a provider class (the class itself comes from the test classpath). */
  private Path jar(String name, String providerClass) throws Exception {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("META-INF/services/" + CheckProvider.class.getName()));
      out.write((providerClass + "\n").getBytes());
      out.closeEntry();
    }
    return jar;
  }
}
