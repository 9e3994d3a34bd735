package org.argos.checks.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The release version, read once from a resource Maven filters. */
final class ArgosVersion {
  static final String VALUE = load();

  private ArgosVersion() {}

  private static String load() {
    try (InputStream in = HttpProbe.class.getResourceAsStream("argos-checks.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      String v = p.getProperty("version", "dev").trim();
      return v.isEmpty() || v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
