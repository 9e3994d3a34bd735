package org.argos.config.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.config.yaml.ConfigNode.Entry;
import org.argos.config.yaml.ConfigNode.Mapping;
import org.argos.config.yaml.ConfigNode.Scalar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.config.ConfigError;
import org.argos.config.ConfigException;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.YamlReader;

/**
 * The secrets of the packaged example config. The example reads them from variables ({@code ${ARGOS_COOKIE_SECRET}}
 * ...), so it ships none: {@code generate-config} writes a copy with new random values, and a server started on the
 * built-in example takes them from {@code argos-data/example-secrets.yaml}, made at its first start (mode 0600, in a
 * 0700 directory) and reused after, so sessions and tokens survive a restart. A variable set in the environment wins.
 */
public final class ExampleSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(ExampleSecrets.class);

  /** The variables the example config reads its secrets from, in the order they are written. */
  public static final List<String> NAMES = List.of("ARGOS_COOKIE_SECRET", "ARGOS_AGENT_TOKEN", "ARGOS_ADMIN_TOKEN");

  /** The file, in the data directory. */
  public static final String FILE = "example-secrets.yaml";

  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private ExampleSecrets() {}

  /**
   * @return the example config text with each secret variable ({@code "${ARGOS_COOKIE_SECRET}"}...) replaced by a new
   *     random secret, so the printed config is ready to use and shares its secrets with no other copy
   */
  public static String withNewSecrets(String exampleText) {
    String out = exampleText;
    for (String name : NAMES) {
      String placeholder = "\"${" + name + "}\"";
      if (!out.contains(placeholder)) {
        throw new IllegalStateException("the example config no longer reads " + placeholder
            + ": update ExampleSecrets");
      }
      out = out.replace(placeholder, "\"" + Secrets.generate() + "\"");
    }
    return out;
  }

  /**
   * The variables the built-in example config is read with: the environment, plus the example's secrets where the
   * environment does not set them.
   *
   * @param dataDir the data directory ({@code ./argos-data})
   * @param keep true (for {@code server start}) to read the file, creating it or adding what it lacks; false (for
   *     {@code check-config} and the like, which should not write) to read it when it exists, else use throwaway values
   * @throws ConfigException when the file cannot be read, naming its line
   */
  public static Map<String, String> environment(Path dataDir, Map<String, String> env, boolean keep) {
    Path file = dataDir.resolve(FILE);
    Map<String, String> secrets = Files.exists(file) ? read(file) : new LinkedHashMap<>();
    boolean missing = false;
    for (String name : NAMES) {
      if (!secrets.containsKey(name)) {
        secrets.put(name, Secrets.generate());
        missing = true;
      }
    }
    if (keep) {
      try {
        if (missing) {
          write(dataDir, file, secrets);
          LOG.info("made new secrets for the built-in example config in {} (the admin API token is ARGOS_ADMIN_TOKEN)",
              file);
        } else {
          restrict(dataDir, OWNER_DIR);
          restrict(file, OWNER_FILE);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep the example config's secrets in " + file + ": " + e.getMessage(),
            e);
      }
    }
    Map<String, String> out = new HashMap<>(secrets);
    out.putAll(env);
    return out;
  }

  /** @throws ConfigException naming the line of each problem */
  private static Map<String, String> read(Path file) {
    List<ConfigError> errors = new ArrayList<>();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ConfigNode root = new YamlReader(Map.of(), errors, false).read(file.toString(), text, file.getParent());
    Map<String, String> out = new LinkedHashMap<>();
    if (root instanceof Mapping m) {
      for (Entry e : m.entries()) {
        String why = !NAMES.contains(e.name()) ? "unknown key '" + e.name() + "'; expected " + String.join(", ", NAMES)
            : !(e.value() instanceof Scalar sc && sc.value() instanceof String v)
                ? "expected a string, got " + e.value().kind()
            : Secrets.weakness(v);
        if (why != null) {
          errors.add(new ConfigError((NAMES.contains(e.name()) ? e.value() : e.key()).where(), e.name(),
              why + " (or delete " + file + " to make new secrets)"));
        } else {
          out.put(e.name(), ((Scalar) e.value()).text());
        }
      }
    } else if (root != null) {
      errors.add(new ConfigError(root.where(), "", "expected " + String.join(", ", NAMES) + " as keys, got "
          + root.kind() + " (delete the file to make new secrets)"));
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return out;
  }

  private static void write(Path dataDir, Path file, Map<String, String> secrets) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    } else {
      Files.createDirectories(dataDir);
    }
    restrict(dataDir, OWNER_DIR);
    StringBuilder sb = new StringBuilder("""
        # Secrets of the built-in example config (examples/daemon/argos-config.yaml), made at its first start and
        # reused since. Keep this file private. ARGOS_ADMIN_TOKEN is an API token with every scope
        # (Authorization: Bearer <it>), ARGOS_AGENT_TOKEN is for agents (argos agent URL TOKEN).
        # A variable of the same name in the environment wins. Delete this file to make new ones.
        """);
    secrets.forEach((k, v) -> sb.append(k).append(": \"").append(v).append("\"\n"));
    // Written under another name with owner-only permissions from the start, then moved: never readable by others,
    // never half-written.
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    if (posix) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_FILE));
    } else {
      Files.createFile(tmp);
    }
    restrict(tmp, OWNER_FILE);
    Files.writeString(tmp, sb, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Sets owner-only permissions (the umask may have widened a new file's, and an old file may have been opened up). */
  private static void restrict(Path p, Set<PosixFilePermission> perms) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        && !Files.getPosixFilePermissions(p).equals(perms)) {
      Files.setPosixFilePermissions(p, perms);
    }
  }
}
