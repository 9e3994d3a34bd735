package org.argos.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.DuplicateProviderException;
import org.argos.api.UnknownCheckTypeException;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.NotifierProvider;
import org.argos.api.spi.Probe;
import org.argos.engine.Argos;
import org.argos.engine.DiscoveredCheckProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry against real jars: each test compiles small providers into jars of their own in a temp directory, so
 * that their classes really come from those jars (as a plugin directory's would).
 */
class PluginRegistryTest {
  @TempDir Path dir;
  private final List<URLClassLoader> loaders = new ArrayList<>();

  @AfterEach
  void closeLoaders() throws IOException {
    for (URLClassLoader l : loaders) {
      l.close();
    }
  }

  @Test
  void aProviderListedInMetaInfServicesIsFoundWhenDiscoveryIsOn() {
    PluginRegistry registry = PluginRegistry.discovering(getClass().getClassLoader());
    assertThat(registry.checks().names()).contains("discovered-check");
    assertThat(registry.checks().check(new CheckSpec("discovered-check", null))).isNotNull();
  }

  @Test
  void discoveryIsOffUnlessAskedFor() {
    PluginRegistry registry = PluginRegistry.builder().install(new Named("test-status")).build();
    assertThat(registry.discovers()).isFalse();
    assertThat(registry.checks().names()).containsExactly("test-status");
    try (Argos argos = Argos.builder().probe(r -> { throw new AssertionError(); }).install(new Named("test-status"))
        .build()) {
      assertThat(argos.checks().names()).containsExactly("test-status");
    }
  }

  @Test
  void anEngineWithoutAProbeSaysWhatToAdd() {
    assertThatThrownBy(() -> Argos.builder().build())
        .isInstanceOf(ArgosException.class)
        .hasMessageContaining("argos-checks-builtin")
        .hasMessageContaining("discovery is off");
  }

  @Test
  void anExplicitInstallWinsOverADiscoveredProviderOfTheSameName() {
    CheckProvider mine = new DiscoveredCheckProvider.Impostor();
    PluginRegistry registry = PluginRegistry.builder().discover(true).install(mine).build();
    assertThat(registry.checkProviders().get("discovered-check")).isSameAs(mine);
    try (Argos argos = Argos.builder().probe(r -> { throw new AssertionError(); }).discoverPlugins(true).install(mine)
        .build()) {
      assertThat(argos.checks().providers().get("discovered-check")).isSameAs(mine);
    }
  }

  @Test
  void twoDiscoveredProvidersOfOneNameFailNamingBothJars() {
    Path first = jar("first.jar", check("one.First", "twin-check", ""));
    Path second = jar("second.jar", check("two.Second", "twin-check", ""));
    PluginRegistry registry = PluginRegistry.discovering(loader(first, second));
    assertThatThrownBy(() -> registry.checks().names())
        .isInstanceOf(DuplicateProviderException.class)
        .hasMessageContaining("'twin-check'")
        .hasMessageContaining("one.First (file:" + first)
        .hasMessageContaining("two.Second (file:" + second);
  }

  @Test
  void anExplicitInstallSettlesAConflictBetweenDiscoveredProviders() {
    ClassLoader cl = loader(jar("first.jar", check("one.First", "twin-check", "")),
        jar("second.jar", check("two.Second", "twin-check", "")));
    CheckProvider mine = new Named("twin-check");
    PluginRegistry registry = PluginRegistry.builder().classLoader(cl).discover(true).install(mine).build();
    assertThat(registry.checkProviders().get("twin-check")).isSameAs(mine);
  }

  @Test
  void twoDiscoveredNotifiersOfOneTypeFailByTheSameRule() {
    Path first = jar("first.jar", notifier("one.Pager", "pager"));
    Path second = jar("second.jar", notifier("two.Pager", "pager"));
    PluginRegistry registry = PluginRegistry.discovering(loader(first, second));
    assertThatThrownBy(() -> registry.notifierProvider("pager"))
        .isInstanceOf(DuplicateProviderException.class)
        .hasMessageContaining("'pager'")
        .hasMessageContaining("one.Pager (file:" + first)
        .hasMessageContaining("two.Pager (file:" + second);
  }

  @Test
  void twoDiscoveredProbeProvidersOfOneSchemeFailNamingBothJars() {
    Path first = jar("first.jar", probe("one.Probe1", "http", "https"));
    Path second = jar("second.jar", probe("two.Probe2", "https"));
    PluginRegistry registry = PluginRegistry.discovering(loader(first, second));
    assertThatThrownBy(registry::newProbe)
        .isInstanceOf(DuplicateProviderException.class)
        .hasMessageContaining("'https'")
        .hasMessageContaining("one.Probe1 (file:" + first)
        .hasMessageContaining("two.Probe2 (file:" + second);
  }

  @Test
  void aDiscoveredProbeIsANewInstanceEachTimeForItsOwnerToClose() {
    PluginRegistry registry = PluginRegistry.discovering(loader(jar("probe.jar", probe("one.OnlyProbe", "http"))));
    try (Probe a = registry.newProbe(); Probe b = registry.newProbe()) {
      assertThat(a.getClass().getName()).isEqualTo("one.OnlyProbe$P");
      assertThat(a).isNotSameAs(b);
    }
  }

  @Test
  void probesAreFoundByTheirSchemeAndAnInstalledProviderWinsForItsSchemes() {
    PluginRegistry registry = PluginRegistry.builder().discover(true)
        .classLoader(loader(jar("web.jar", probe("one.Web", "http", "https")), jar("smtp.jar", probe("two.Smtp", "smtp"))))
        .install(new Installed("tcp", "https")).build();
    assertThat(registry.schemes()).containsExactly("http", "https", "smtp", "tcp");
    assertThat(registry.probeProviders().get("https")).isInstanceOf(Installed.class);
    assertThat(registry.probeProviders().get("http").getClass().getName()).isEqualTo("one.Web");
    try (Probe smtp = registry.newProbe("smtp")) {
      assertThat(smtp.getClass().getName()).isEqualTo("two.Smtp$P");
    }
    assertThatThrownBy(() -> registry.newProbe("gopher")).isInstanceOf(ArgosException.class)
        .hasMessageContaining("no probe serves the scheme 'gopher'; schemes served: http, https, smtp, tcp");
    assertThat(registry.with(new Installed("smtp")).probeProviders().get("smtp")).isInstanceOf(Installed.class);
    assertThatThrownBy(() -> PluginRegistry.builder().install(new Installed("tcp"), new Other("tcp")).build())
        .isInstanceOf(DuplicateProviderException.class).hasMessageContaining("'tcp'");
    assertThatThrownBy(() -> PluginRegistry.builder().install(new Installed("TCP")).build())
        .isInstanceOf(ArgosException.class).hasMessageContaining("invalid scheme 'TCP'");
  }

  private static class Installed implements org.argos.api.spi.ProbeProvider {
    private final java.util.Set<String> schemes;

    Installed(String... schemes) {
      this.schemes = java.util.Set.of(schemes);
    }

    @Override
    public String name() {
      return "installed";
    }

    @Override
    public java.util.Set<String> schemes() {
      return schemes;
    }

    @Override
    public Probe create() {
      return r -> { throw new UnsupportedOperationException(); };
    }
  }

  private static final class Other extends Installed {
    Other(String... schemes) {
      super(schemes);
    }
  }

  @Test
  void providersAreInstantiatedOnFirstUseAndABrokenOneBreaksOnlyALookupItCouldHaveServed() {
    Path good = jar("good.jar", check("one.Counted", "counted-check",
        "System.setProperty(\"argos.test.made\", \"yes\");"));
    Path broken = jar("broken.jar", check("two.Broken", "broken-check",
        "if (true) throw new IllegalStateException(\"no licence key\");"));
    System.clearProperty("argos.test.made");
    PluginRegistry registry = PluginRegistry.discovering(loader(good, broken));
    assertThat(System.getProperty("argos.test.made")).as("nothing made before first use").isNull();
    // another kind of plugin does not instantiate check providers
    assertThat(registry.notifierProviders()).isEmpty();
    assertThat(System.getProperty("argos.test.made")).isNull();

    assertThat(registry.checks().check(new CheckSpec("counted-check", null))).isNotNull();
    assertThat(System.getProperty("argos.test.made")).isEqualTo("yes");
    assertThatThrownBy(() -> registry.checkProvider("broken-check"))
        .isInstanceOf(UnknownCheckTypeException.class)
        .hasMessageContaining("two.Broken (file:" + broken)
        .hasMessageContaining("no licence key")
        .hasMessageContaining("counted-check");
  }

  @Test
  void discoveredProvidersAreCachedPerClassLoader() {
    Path jar = jar("one.jar", check("one.Cached", "cached-check", ""));
    ClassLoader cl = loader(jar);
    PluginRegistry a = PluginRegistry.discovering(cl);
    PluginRegistry b = PluginRegistry.builder().classLoader(cl).discover(true).install(new Named("test-status")).build();
    assertThat(b.checkProviders().get("cached-check")).isSameAs(a.checkProviders().get("cached-check"));

    PluginRegistry other = PluginRegistry.discovering(loader(jar));
    assertThat(other.checkProviders().get("cached-check")).isNotSameAs(a.checkProviders().get("cached-check"));
  }

  @Test
  void aPluginDirectorysJarsAreDiscoveredThroughOneClassLoader() throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path jar = jar("plugins/dir-check.jar", check("one.InDirectory", "dir-check", ""));
    PluginRegistry registry = PluginRegistry.builder().discover(true).directory(plugins).build();
    assertThat(registry.classLoader()).isInstanceOf(URLClassLoader.class);
    loaders.add((URLClassLoader) registry.classLoader());
    assertThat(registry.checkProviders().get("dir-check").getClass().getProtectionDomain().getCodeSource()
        .getLocation().toString()).isEqualTo(jar.toUri().toURL().toString());

    PluginRegistry none = PluginRegistry.builder().discover(true).directory(dir.resolve("missing")).build();
    assertThat(none.classLoader()).isSameAs(PluginRegistry.class.getClassLoader());
  }

  @Test
  void withAddsInstallsAndSharesTheRest() {
    PluginRegistry base = PluginRegistry.discovering(getClass().getClassLoader());
    CheckProvider mine = new DiscoveredCheckProvider.Impostor();
    PluginRegistry more = base.with(mine, new Named("test-status"));
    assertThat(more.classLoader()).isSameAs(base.classLoader());
    assertThat(more.checkProviders().get("discovered-check")).isSameAs(mine);
    assertThat(more.checkProviders()).containsKey("test-status");
    assertThat(base.checkProviders().get("discovered-check")).isInstanceOf(DiscoveredCheckProvider.class);
  }

  @Test
  void twoInstalledProvidersOfOneNameFailAtOnce() {
    assertThatThrownBy(() -> PluginRegistry.builder().install(new Named("same"), new DiscoveredCheckProvider.Impostor(),
        new Named2("same")).build())
        .isInstanceOf(DuplicateProviderException.class)
        .hasMessageContaining("'same'");
  }

  // ------------------------------------------------------------------------------------------------- plugin jars

  /** One class to compile into a plugin jar, and the service it provides. */
  private record Plugin(String className, String source, Class<?> service) {}

  private static Plugin check(String className, String name, String constructorBody) {
    return new Plugin(className, pkg(className) + "public class " + simple(className)
        + " implements org.argos.api.spi.CheckProvider {\n"
        + "  public " + simple(className) + "() { " + constructorBody + " }\n"
        + "  public String name() { return \"" + name + "\"; }\n"
        + "  public org.argos.api.spi.Check create(Object p) {\n"
        + "    return (r, c) -> org.argos.api.CheckResult.success(\"ok\");\n"
        + "  }\n}\n", CheckProvider.class);
  }

  private static Plugin notifier(String className, String type) {
    return new Plugin(className, pkg(className) + "public class " + simple(className)
        + " implements org.argos.api.spi.NotifierProvider {\n"
        + "  public String type() { return \"" + type + "\"; }\n"
        + "  public org.argos.api.spi.Notifier create(String ch, java.util.Map<String, Object> s) {\n"
        + "    throw new UnsupportedOperationException();\n"
        + "  }\n}\n", NotifierProvider.class);
  }

  private static Plugin probe(String className, String... schemes) {
    return new Plugin(className, pkg(className) + "public class " + simple(className)
        + " implements org.argos.api.spi.ProbeProvider {\n"
        + "  public static class P implements org.argos.api.spi.Probe {\n"
        + "    public org.argos.api.spi.ProbeResponse execute(org.argos.api.spi.ProbeRequest r) {\n"
        + "      throw new UnsupportedOperationException();\n"
        + "    }\n  }\n"
        + "  public String name() { return \"" + simple(className).toLowerCase() + "\"; }\n"
        + "  public java.util.Set<String> schemes() { return java.util.Set.of(\"" + String.join("\", \"", schemes)
        + "\"); }\n"
        + "  public org.argos.api.spi.Probe create() { return new P(); }\n"
        + "}\n", org.argos.api.spi.ProbeProvider.class);
  }

  private static String pkg(String className) {
    return "package " + className.substring(0, className.lastIndexOf('.')) + ";\n";
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /** Compiles the plugin against argos-api and jars it with its META-INF/services entry. */
  private Path jar(String name, Plugin plugin) {
    try {
      Path src = Files.createTempDirectory(dir, "src");
      Path classes = Files.createTempDirectory(dir, "classes");
      Path file = src.resolve(simple(plugin.className()) + ".java");
      Files.writeString(file, plugin.source());
      String api = Path.of(CheckProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int rc = javac.run(null, null, null, "-proc:none", "-cp", api, "-d", classes.toString(), file.toString());
      assertThat(rc).as("javac of " + plugin.className()).isZero();
      Path jar = dir.resolve(name);
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
          Stream<Path> files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
          out.write(Files.readAllBytes(f));
          out.closeEntry();
        }
        out.putNextEntry(new JarEntry("META-INF/services/" + plugin.service().getName()));
        out.write((plugin.className() + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private ClassLoader loader(Path... jars) {
    URL[] urls = Stream.of(jars).map(j -> {
      try {
        return j.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }).toArray(URL[]::new);
    URLClassLoader l = new URLClassLoader(urls, getClass().getClassLoader());
    loaders.add(l);
    return l;
  }

  /** A provider of any name, installed explicitly. */
  private record Named(String name) implements CheckProvider {
    @Override
    public org.argos.api.spi.Check create(Object parameter) {
      return (r, c) -> org.argos.api.CheckResult.success("mine");
    }
  }

  /** The same, from another class. */
  private record Named2(String name) implements CheckProvider {
    @Override
    public org.argos.api.spi.Check create(Object parameter) {
      return (r, c) -> org.argos.api.CheckResult.success("mine too");
    }
  }
}
