package org.argos.daemon;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.argos.api.ArgosException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads plugin jars (checks, notifiers, a probe) from a directory into one class loader. */
final class Plugins {
  private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

  private Plugins() {}

  /**
   * @param dir the plugin directory; a missing directory means no plugins
   * @return a class loader over its jars (child of the daemon's), or the daemon's own when there are none
   */
  static ClassLoader loader(Path dir) {
    ClassLoader parent = Plugins.class.getClassLoader();
    if (!Files.isDirectory(dir)) {
      return parent;
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
        jars.add(p.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new ArgosException("bad plugin path in " + dir + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ArgosException("cannot list the plugin directory " + dir + ": " + e.getMessage(), e);
    }
    if (jars.isEmpty()) {
      return parent;
    }
    LOG.info("loading {} plugin jar(s) from {}", jars.size(), dir);
    return new URLClassLoader("argos-plugins", jars.toArray(URL[]::new), parent);
  }
}
