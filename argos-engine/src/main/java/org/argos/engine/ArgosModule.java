package org.argos.engine;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.argos.api.AlertRouting;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.Notifier;
import org.argos.api.spi.Probe;
import org.argos.api.executor.ProbeExecutor;
import org.argos.api.store.Store;
import org.argos.engine.plugin.PluginRegistry;

/**
 * Guice wiring for a host application: install it, bind what you want to replace, inject {@link Argos}.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new ArgosModule(), new AbstractModule() {
 *   protected void configure() {
 *     OptionalBinder.newOptionalBinder(binder(), Store.class).setBinding().toInstance(myStore);
 *     Multibinder.newSetBinder(binder(), Notifier.class).addBinding().toInstance(myNotifier);
 *   }
 * });
 * Argos argos = injector.getInstance(Argos.class);
 * }</pre>
 *
 * Optional bindings: {@link Store}, {@link Probe}, {@link ProbeExecutor}, {@link Clock}, {@link AlertRouting},
 * {@link MeterRegistry} (where the engine's meters go, see {@link Argos.Builder#meterRegistry}),
 * {@link PluginRegistry} (to share one with the host's own config validation, or to discover plugins); set bindings:
 * {@link CheckProvider} (installed explicitly), {@link Notifier}, {@link StateChangeListener}. Anything not bound takes
 * the builder's default (plugins installed explicitly only). The engine is a singleton; the host starts and closes it.
 */
public final class ArgosModule extends AbstractModule {
  private final Consumer<Argos.Builder> customizer;

  /** A module with the builder's defaults for everything not bound. */
  public ArgosModule() {
    this(b -> {});
  }

  /** @param customizer adjusts the builder after the bindings are applied (claims, grouping, node id...) */
  public ArgosModule(Consumer<Argos.Builder> customizer) {
    this.customizer = customizer;
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), Store.class);
    OptionalBinder.newOptionalBinder(binder(), Probe.class);
    OptionalBinder.newOptionalBinder(binder(), ProbeExecutor.class);
    OptionalBinder.newOptionalBinder(binder(), Clock.class);
    OptionalBinder.newOptionalBinder(binder(), AlertRouting.class);
    OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class);
    OptionalBinder.newOptionalBinder(binder(), PluginRegistry.class);
    Multibinder.newSetBinder(binder(), CheckProvider.class);
    Multibinder.newSetBinder(binder(), Notifier.class);
    Multibinder.newSetBinder(binder(), StateChangeListener.class);
  }

  @Provides
  @Singleton
  Argos argos(Optional<Store> store, Optional<Probe> probe, Optional<ProbeExecutor> executor, Optional<Clock> clock,
      Optional<AlertRouting> routing, Optional<MeterRegistry> meters, Optional<PluginRegistry> plugins,
      Set<CheckProvider> checks, Set<Notifier> notifiers, Set<StateChangeListener> listeners) {
    Argos.Builder b = Argos.builder();
    store.ifPresent(b::store);
    probe.ifPresent(b::probe);
    executor.ifPresent(b::executor);
    clock.ifPresent(b::clock);
    routing.ifPresent(b::routing);
    meters.ifPresent(b::meterRegistry);
    plugins.ifPresent(b::plugins);
    b.install(checks.toArray(CheckProvider[]::new));
    b.notifiers(notifiers.toArray(Notifier[]::new));
    listeners.forEach(b::listener);
    customizer.accept(b);
    return b.build();
  }
}
