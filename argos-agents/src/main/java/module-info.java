/**
 * Remote agents: the executor that hands tasks to agents and judges what they post back
 * ({@code org.argos.agents.executor}), the Argos agent protocol as plain JSON in and out, without a transport
 * ({@code org.argos.agents.protocol}), and our agent ({@code org.argos.agents.agent}).
 */
module org.argos.agents {
  requires transitive org.argos.api;
  requires static org.jspecify;
  // argos-engine has no module descriptor yet: its automatic name, from its jar's file name
  requires org.argos.engine;
  requires org.slf4j;
  requires java.net.http;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;

  exports org.argos.agents.protocol;
  exports org.argos.agents.executor;
  exports org.argos.agents.agent;
}
