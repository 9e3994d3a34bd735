/** The Argos contracts: value types ({@code org.argos.api}) and the plugin SPIs ({@code org.argos.api.spi}). */
module org.argos.api {
  requires static transitive org.jspecify;
  exports org.argos.api;
  exports org.argos.api.spi;
  uses org.argos.api.spi.CheckProvider;
  uses org.argos.api.spi.NotifierProvider;
}
