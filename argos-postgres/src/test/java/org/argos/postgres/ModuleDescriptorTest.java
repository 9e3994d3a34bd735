package org.argos.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests run on the class path; this one runs the store on the module path, in a module layer of its own, so the
 * descriptor's exports, opens (Flyway's scripts, jOOQ's generated classes) and requires are what the store needs.
 */
class ModuleDescriptorTest {
  @TempDir Path dir;

  @Test
  void exportsOnlyTheStorePackage() throws Exception {
    ModuleDescriptor d = layer().findModule("org.argos.postgres").orElseThrow().getDescriptor();
    assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("org.argos.postgres");
    assertThat(d.packages()).contains("org.argos.postgres.internal.schema");
  }

  @Test
  void anEmbeddedStoreMigratesAndWorksOnTheModulePath() throws Exception {
    ModuleLayer layer = layer();
    Module module = layer.findModule("org.argos.postgres").orElseThrow();
    Class<?> jdbcStore = module.getClassLoader().loadClass("org.argos.postgres.JdbcStore");
    assertThat(jdbcStore.getModule()).isSameAs(module);
    // DriverManager finds drivers once per JVM, through the context class loader, and this JVM's tests found the
    // class path's H2 first: register the layer's own (its class registers itself when initialized). On a real module
    // path there is one H2 and none of this is needed.
    Class.forName("org.h2.Driver", true, module.getClassLoader());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(module.getClassLoader());
    Object builder = jdbcStore.getMethod("embedded", Path.class).invoke(null, dir.resolve("argos"));
    Object store = builder.getClass().getMethod("build").invoke(builder);
    Class<?> storeApi = storeApi(module);
    try {
      assertThat(storeApi.getModule().getName()).isEqualTo("org.argos.api");
      // the schema exists (Flyway found its scripts) and jOOQ reads it
      assertThat(storeApi.getMethod("siteCount").invoke(store)).isEqualTo(0L);
    } finally {
      Method close = storeApi.getMethod("close");
      close.invoke(store);
      thread.setContextClassLoader(previous);
    }
  }

  private static Class<?> storeApi(Module module) throws ClassNotFoundException {
    return module.getClassLoader().loadClass("org.argos.api.store.Store");
  }

  /** This module's classes and the jars of the test class path, resolved from org.argos.postgres alone. */
  private static ModuleLayer layer() throws Exception {
    Path classes = Path.of(JdbcStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes.resolve("module-info.class")).exists();
    List<Path> path = new ArrayList<>();
    path.add(classes);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(p) && isModule(p)) {
        path.add(p);
      }
    }
    ModuleFinder finder = ModuleFinder.of(path.toArray(Path[]::new));
    Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("org.argos.postgres"));
    return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
  }

  /** Some test libraries cannot be modules at all (an invalid Automatic-Module-Name); the store needs none of them. */
  private static boolean isModule(Path jar) {
    try {
      ModuleFinder.of(jar).findAll();
      return true;
    } catch (java.lang.module.FindException e) {
      return false;
    }
  }

  @Test
  void theLayerHoldsNoTestLibrary() throws Exception {
    Set<String> names = layer().modules().stream().map(Module::getName).collect(Collectors.toSet());
    assertThat(names).contains("org.argos.postgres", "org.argos.api", "org.jooq", "flyway.core", "com.h2database")
        .doesNotContain("org.junit.jupiter.api", "org.argos.engine");
  }
}
