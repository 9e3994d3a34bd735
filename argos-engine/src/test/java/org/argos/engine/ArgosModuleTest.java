package org.argos.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.argos.api.Site;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Probe;
import org.argos.api.store.Store;
import org.argos.engine.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

class ArgosModuleTest {
  @Test
  void aHostApplicationBindsItsOwnStoreProbeAndChecks() {
    InMemoryStore store = new InMemoryStore();
    MeterRegistry registry = new SimpleMeterRegistry();
    Injector injector = Guice.createInjector(new ArgosModule(b -> b.firstRunSpread(Duration.ZERO)), new AbstractModule() {
      @Override
      protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Store.class).setBinding().toInstance(store);
        OptionalBinder.newOptionalBinder(binder(), Probe.class).setBinding().toInstance(new FakeProbe());
        OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class).setBinding().toInstance(registry);
        Multibinder.newSetBinder(binder(), CheckProvider.class).addBinding().to(TestChecks.Status.class);
      }
    });
    Argos argos = injector.getInstance(Argos.class);
    assertThat(injector.getInstance(Argos.class)).isSameAs(argos);
    try (argos) {
      assertThat(argos.store()).isSameAs(store);
      assertThat(argos.checks().names()).as("installed only: discovery is off").containsExactly("test-status");
      argos.register(Site.builder("http://guice.test").path("/", p -> p.check("test-status", 200)).build());
      assertThat(store.siteCount()).isEqualTo(1);
      assertThat(registry.find("argos.start.lag").timer()).as("the engine's meters in the bound registry").isNotNull();
    }
  }

  @Test
  void aBoundPluginRegistryIsTheEnginesAndSetBindingsAddToIt() {
    PluginRegistry shared = PluginRegistry.discovering(getClass().getClassLoader());
    Injector injector = Guice.createInjector(new ArgosModule(), new AbstractModule() {
      @Override
      protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), PluginRegistry.class).setBinding().toInstance(shared);
        OptionalBinder.newOptionalBinder(binder(), Probe.class).setBinding().toInstance(new FakeProbe());
        Multibinder.newSetBinder(binder(), CheckProvider.class).addBinding().to(TestChecks.Status.class);
      }
    });
    try (Argos argos = injector.getInstance(Argos.class)) {
      assertThat(argos.checks().names()).containsExactly("discovered-check", "test-status");
      assertThat(argos.checks().providers().get("discovered-check"))
          .isSameAs(shared.checkProviders().get("discovered-check"));
    }
  }
}
