/**
 * The compatibility kits and fault-injection helpers ({@code org.argos.testkit}). The kits are abstract JUnit suites
 * that other modules' tests extend; JUnit finds and calls their test methods reflectively, hence {@code opens}.
 */
module org.argos.testkit {
  requires transitive org.argos.api;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires static org.jspecify;
  // the probe kit's loopback HTTP targets
  requires jdk.httpserver;

  exports org.argos.testkit;
  exports org.argos.testkit.store;
  opens org.argos.testkit;
  opens org.argos.testkit.store;
}
