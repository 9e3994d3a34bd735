package org.argos.engine.plugin;

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

/** The class loader of a plugin directory: one for all its jars, so that plugins may share classes. */
final class PluginJars {
  private static final Logger LOG = LoggerFactory.getLogger(PluginJars.class);

  private PluginJars() {}

  /**
   * @param dir the plugin directory; a missing directory means no plugins
   * @param parent the loader plugins see the API (and the host's classes) through
   * @return a class loader over its jars (child of {@code parent}), or {@code parent} when there are none
   */
  static ClassLoader loader(Path dir, ClassLoader parent) {
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
