/**
 * Argos YAML to sites and settings: the parsed model and its parser ({@code org.argos.config}), positioned YAML with
 * {@code !include} and {@code !env} ({@code org.argos.config.yaml}), secrets ({@code org.argos.config.secrets}) and the
 * config versions a cluster compares on reload ({@code org.argos.config.version}).
 */
module org.argos.config {
  requires transitive org.argos.api;
  requires static org.jspecify;
  // argos-engine has no module descriptor yet: its automatic name, from its jar's file name
  requires org.argos.engine;
  requires org.argos.checks;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires org.yaml.snakeyaml;

  exports org.argos.config;
  exports org.argos.config.yaml;
  exports org.argos.config.secrets;
  exports org.argos.config.version;
  // ConfigVersions hashes the parsed model with Jackson's field access
  opens org.argos.config to com.fasterxml.jackson.databind;
}
