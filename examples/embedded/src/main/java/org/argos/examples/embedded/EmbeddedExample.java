package org.argos.examples.embedded;

import java.time.Duration;
import org.argos.api.Site;
import org.argos.checks.BuiltinChecks;
import org.argos.checks.http.HttpProbe;
import org.argos.engine.Argos;

/**
 * The smallest useful host program: build an engine with the built-in checks and the HTTP probe (installed
 * explicitly; {@code discoverPlugins(true)} would find them on the classpath instead), register a site, print every
 * severity change. Run with a base URL as argument.
 */
public final class EmbeddedExample {
  private EmbeddedExample() {}

  /** @param args the base URL to watch, e.g. {@code https://example.org} */
  public static void main(String[] args) throws Exception {
    try (Argos argos = Argos.builder()
        .probe(new HttpProbe())
        .install(BuiltinChecks.all())
        .firstRunSpread(Duration.ZERO)
        .listener(change -> System.out.printf("%s %s [%s]: %s -> %s (%s)%n", change.at(), change.url(), change.check(),
            change.previous(), change.current(), change.message()))
        .build()) {
      argos.register(Site.builder(args.length > 0 ? args[0] : "https://example.org")
          .frequency(Duration.ofMinutes(1))
          .path("/", p -> p.check("status-is", 200).check("body-contains", "<html"))
          .build());
      argos.start();
      Thread.sleep(Duration.ofHours(1));
    }
  }
}
