/**
 * The Argos contracts: value types ({@code org.argos.api}), the plugin SPIs ({@code org.argos.api.spi}), and the
 * contracts of stores ({@code org.argos.api.store}) and probe executors ({@code org.argos.api.executor}).
 */
module org.argos.api {
  requires static transitive org.jspecify;
  exports org.argos.api;
  exports org.argos.api.spi;
  exports org.argos.api.store;
  exports org.argos.api.executor;
  exports org.argos.api.settings;
}
