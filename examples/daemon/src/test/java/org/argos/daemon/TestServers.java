package org.argos.daemon;

import java.util.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts daemons in the JVM on an ephemeral loopback port, with the test checks and probe. */
final class TestServers {
  static final String TOKEN = "test-token-0123";

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
        %s
        websites:
        """.formatted(TOKEN, extra));
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

  static String base(Server s) {
    return "http://127.0.0.1:" + s.port();
  }
}
