/**
 * The Argos engine: {@code org.argos.engine} (the {@link org.argos.engine.Argos} entry point, the in-memory store and
 * the in-process executor) and {@code org.argos.engine.plugin} (the plugin registry, the one place that calls
 * {@link java.util.ServiceLoader}, hence the {@code uses} clauses). {@code org.argos.engine.internal} is not exported.
 */
module org.argos.engine {
  requires transitive org.argos.api;
  requires org.slf4j;
  requires static org.jspecify;
  // Argos.Builder.meterRegistry takes a host's registry
  requires transitive micrometer.core;
  // ArgosModule only, for hosts that use Guice (an optional dependency); Guice calls its @Provides method reflectively.
  // Not transitive: a host that uses ArgosModule requires Guice itself, and modules that need no Guice compile without it.
  requires static com.google.guice;

  exports org.argos.engine;
  exports org.argos.engine.plugin;
  opens org.argos.engine to com.google.guice;

  uses org.argos.api.spi.CheckProvider;
  uses org.argos.api.spi.NotifierProvider;
  uses org.argos.api.spi.ProbeProvider;
}
