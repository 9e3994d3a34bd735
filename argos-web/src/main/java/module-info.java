/**
 * The web side of Argos: the server-rendered UI ({@code org.argos.web.ui}), logins, sessions and API tokens
 * ({@code org.argos.web.auth}), the HTTP edge (body limits, request errors, database outages; {@code org.argos.web.http})
 * the JSON API by concept ({@code org.argos.web.api}), the agent endpoints ({@code org.argos.web.agents}), and
 * {@link org.argos.web.ArgosWeb}, which a host uses to mount them on its own Javalin server.
 */
module org.argos.web {
  requires transitive org.argos.api;
  requires transitive org.argos.config;
  requires transitive org.argos.agents;
  requires transitive org.argos.engine;
  requires static org.jspecify;
  requires org.slf4j;
  requires java.naming;
  requires java.sql;
  requires java.xml; // the incident feed is written with StAX
  requires io.javalin;
  requires jakarta.servlet;
  requires gg.jte;
  // the precompiled templates carry @javax.annotation.processing.Generated
  requires static java.compiler;
  requires gg.jte.runtime;
  requires bcrypt;
  requires com.fasterxml.jackson.databind;

  exports org.argos.web;
  exports org.argos.web.agents;
  exports org.argos.web.api;
  exports org.argos.web.auth;
  exports org.argos.web.http;
  exports org.argos.web.ui;
  exports org.argos.web.status;
  // jte loads the precompiled templates by name; the pages' view records are read by them
  opens gg.jte.generated.precompiled to gg.jte, gg.jte.runtime;
  opens gg.jte.generated.precompiled.status to gg.jte, gg.jte.runtime;
  // FileUserStore reads and writes its users with Jackson
  opens org.argos.web.auth to com.fasterxml.jackson.databind;
}
