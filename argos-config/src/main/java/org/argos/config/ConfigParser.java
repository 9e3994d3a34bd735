package org.argos.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.ArgosException;
import org.argos.api.Site;
import org.argos.api.spi.NotifierProvider;
import org.argos.config.parse.DocumentParser;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.YamlReader;
import org.argos.engine.CheckRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Reads an Argos YAML file into a {@link DaemonConfig}. Every problem is collected with its file, line, column and
 * key; unknown keys are errors (with a suggestion when one is close); unknown checks list the known ones. The
 * validation of each part of the file lives in {@code org.argos.config.parse}.
 */
public final class ConfigParser {
  /** Where the packaged example lives on the classpath. */
  static final String EXAMPLE_RESOURCE = "/org/argos/daemon/argos-config.yaml";

  private ConfigParser() {}

  /**
   * Reads and validates a config file.
   *
   * @throws ConfigException with every error found
   */
  public static DaemonConfig load(Path file, Map<String, String> env, CheckRegistry checks) {
    return load(file, env, checks, null);
  }

  /**
   * Reads and validates a config file, the settings of the notification channels included: a notifier provider's
   * complaint about a setting is an error at its file, line and column.
   *
   * @param notifiers the notifier providers by type; null to leave the channels' settings to whoever builds them
   * @throws ConfigException with every error found
   */
  public static DaemonConfig load(Path file, Map<String, String> env, CheckRegistry checks,
      @Nullable Map<String, NotifierProvider> notifiers) {
    List<ConfigError> errors = new ArrayList<>();
    ConfigNode root = new YamlReader(env, errors).read(file);
    return DocumentParser.parse(root, errors, file.toString(), file.toAbsolutePath().normalize(), checks, notifiers);
  }

  /** Reads and validates YAML text; {@code !include} resolves against {@code baseDir}. */
  public static DaemonConfig parse(String name, String text, Path baseDir, Map<String, String> env, CheckRegistry checks) {
    return parse(name, text, baseDir, env, checks, null);
  }

  /**
   * Reads and validates YAML text, the settings of the notification channels included; {@code !include} resolves
   * against {@code baseDir}.
   *
   * @param notifiers the notifier providers by type; null to leave the channels' settings to whoever builds them
   * @throws ConfigException with every error found
   */
  public static DaemonConfig parse(String name, String text, Path baseDir, Map<String, String> env, CheckRegistry checks,
      @Nullable Map<String, NotifierProvider> notifiers) {
    List<ConfigError> errors = new ArrayList<>();
    ConfigNode root = new YamlReader(env, errors).read(name, text, baseDir);
    return DocumentParser.parse(root, errors, name, null, checks, notifiers);
  }

  /**
   * Validates one websites entry (the body of {@code PUT /api/sites/...}) with the running config's defaults.
   *
   * @throws ConfigException with every error found
   */
  public static Site parseSite(ConfigNode node, DaemonConfig config, CheckRegistry checks) {
    return DocumentParser.parseSite(node, config, checks);
  }

  /** @return the packaged example config text */
  public static String exampleText() {
    try (var in = ConfigParser.class.getResourceAsStream(EXAMPLE_RESOURCE)) {
      if (in == null) {
        throw new ArgosException("the example config is missing from the jar (" + EXAMPLE_RESOURCE + ")");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new ArgosException("cannot read the packaged example config: " + e, e);
    }
  }

  /** @return the config file Argos would use: --config, ARGOS_YAML_FILE, ./argos-config.yaml, /etc/argos/config.yaml */
  public static @Nullable Path locate(@Nullable Path option, Map<String, String> env, Path workingDir) {
    if (option != null) {
      return option;
    }
    String fromEnv = env.get("ARGOS_YAML_FILE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    for (Path p : List.of(workingDir.resolve("argos-config.yaml"), Path.of("/etc/argos/config.yaml"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  static Set<String> knownTopKeys() {
    return new LinkedHashSet<>(DocumentParser.TOP);
  }
}
