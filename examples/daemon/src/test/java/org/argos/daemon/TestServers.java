package org.argos.daemon;

import java.util.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.argos.web.auth.FileUserStore;

/** Starts daemons in the JVM on an ephemeral loopback port, with the test checks and probe. */
final class TestServers {
  /** The agent token ({@code service.secrets}): the agent protocol only. */
  static final String TOKEN = "agent-token-of-the-tests-4f2a9c";
  /** API tokens ({@code argos_java.api_tokens}) with each scope. */
  static final String READ = "reader-token-of-the-tests-8b1e07";
  static final String WRITE = "writer-token-of-the-tests-c3d5a1";
  static final String ADMIN = "admin-token-of-the-tests-6e9f42";

  private TestServers() {}

  /** A config with one site per given base URL (each: / status-is 200, /health status-is 200 + body-contains ok). */
  static String config(String extra, String... sites) {
    StringBuilder sb = new StringBuilder("""
        general:
          db:
            url: memory
          frequency: "1s"
          ipv6: false
          alerts:
            ok: [local]
            critical: [local]
            unknown: [local]
        service:
          secrets: [%s]
        argos_java:
          first_run_spread: 0
          api_tokens:
            - {name: reader, token: "%s", scopes: [read]}
            - {name: writer, token: "%s", scopes: [write]}
            - {name: admin, token: "%s", scopes: [admin]}
        %s
        websites:
        """.formatted(TOKEN, READ, WRITE, ADMIN, extra));
    for (String s : sites) {
      sb.append("""
            - domain: "%s"
              timeout: 2s
              paths:
                - path: "/"
                  checks:
                    - status-is: 200
                - path: "/health"
                  checks:
                    - status-is: 200
                    - body-contains: ok
          """.formatted(s));
    }
    return sb.toString();
  }

  static Path write(Path dir, String yaml) throws IOException {
    Path f = dir.resolve("argos-config.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  static Server start(Path config) {
    return Server.start(new Server.Options(config, "127.0.0.1", 0, Map.of(), config.getParent(), null, null,
        List.of(), Stores.DEFAULT));
  }

  /**
   * A daemon with no sites, for the web UI: {@code general} lines (indented by two spaces) are added to the config's
   * {@code general}, and the users file holds alice with the given password.
   */
  static Server startWithoutSites(Path dir, String general, String alicePassword) throws IOException {
    String yaml = config("").replace("  frequency: \"1s\"\n", "  frequency: \"1s\"\n" + general)
        .replace("websites:\n", "websites: []\n");
    new FileUserStore(dir.resolve("argos-users.json")).add("alice", alicePassword);
    return start(write(dir, yaml));
  }

  /** As {@link #startWithoutSites(Path, String, String)}, with lines (indented by two spaces) added to {@code argos_java}. */
  static Server startWithoutSites(Path dir, String general, String argosJava, String alicePassword) throws IOException {
    String yaml = config("").replace("  frequency: \"1s\"\n", "  frequency: \"1s\"\n" + general)
        .replace("  first_run_spread: 0\n", "  first_run_spread: 0\n" + argosJava).replace("websites:\n", "websites: []\n");
    new FileUserStore(dir.resolve("argos-users.json")).add("alice", alicePassword);
    return start(write(dir, yaml));
  }

  static String base(Server s) {
    return "http://127.0.0.1:" + s.port();
  }
}
