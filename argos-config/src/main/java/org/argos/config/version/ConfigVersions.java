package org.argos.config.version;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.argos.api.ArgosException;
import org.argos.api.Site;
import org.argos.api.store.ConfigVersion;
import org.argos.api.store.Store;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.argos.config.DaemonConfig;

/**
 * The config version a cluster runs (issue 17): a SHA-256 of the config's sites and checks, normalised (sites by
 * domain, map keys and properties sorted), stored in the database with a label, when and by which node. A node whose
 * config hashes differently does not rewrite the shared sites: it refuses to start, runs read-only, or adopts its
 * config when told to. A store of one node (embedded database, memory) adopts a changed config by itself: a lone
 * admin edits the file and restarts.
 */
public final class ConfigVersions {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigVersions.class);

  /** Exit status of {@code argos server start} refused for a config that differs from the cluster's (EX_CONFIG). */
  public static final int MISMATCH_EXIT = 78;

  /** What a node started with a config other than the stored one does. */
  public enum OnMismatch {
    /** It does not start (the default): its message names both versions. */
    REFUSE,
    /** It runs the stored sites and does not register its own ({@code --read-only}). */
    READ_ONLY,
    /** Its config becomes the cluster's ({@code --adopt-config}): sites are rewritten, removed ones deleted. */
    ADOPT
  }

  /**
   * What a node runs at start.
   *
   * @param readOnly true when it must not register its config's sites (nor its silences)
   * @param stored the version stored after the decision (null with a store that keeps none)
   */
  public record Decision(boolean readOnly, @Nullable ConfigVersion stored) {}

  /** A node refused to start because its config is not the cluster's. */
  public static final class Mismatch extends ArgosException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message);
    }
  }

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .visibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
      .build();

  private ConfigVersions() {}

  /** @return the hex SHA-256 of the sites, in domain order, written canonically */
  public static String hash(List<Site> sites) {
    List<Site> sorted = new ArrayList<>(sites);
    sorted.sort(Comparator.comparing(Site::domain));
    try {
      byte[] json = CANONICAL.writeValueAsBytes(sorted);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException e) {
      throw new ArgosException("cannot hash the config's sites: " + e.getOriginalMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** @return {@code argos_java.config_version} if set, else the file's name and modification time */
  public static String label(DaemonConfig c) {
    String label = c.daemon().cluster().configVersion();
    if (label != null) {
      return label;
    }
    Path file = c.file();
    if (file == null) {
      return c.source();
    }
    try {
      Instant mtime = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
      return file.toAbsolutePath() + " modified " + mtime;
    } catch (IOException e) {
      return file.toAbsolutePath().toString();
    }
  }

  /**
   * Compares this node's config with the stored version and decides, storing this node's version when it is the
   * first, when the store serves one node only, or when the node adopts its config.
   *
   * @throws Mismatch when the versions differ and the node neither adopts nor runs read-only
   */
  public static Decision atStart(Store store, ConfigVersion mine, OnMismatch onMismatch) {
    if (!store.keepsClusterState()) {
      return new Decision(false, null);
    }
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<ConfigVersion> read = store.configVersion();
      ConfigVersion stored = read.orElse(null);
      if (stored != null && stored.hash().equals(mine.hash())) {
        return new Decision(false, stored);
      }
      boolean adopt = stored == null || !store.supportsSeveralNodes() || onMismatch == OnMismatch.ADOPT;
      if (!adopt) {
        if (onMismatch == OnMismatch.READ_ONLY) {
          LOG.warn("this node runs READ-ONLY: its config {} differs from the one the cluster runs, {}; it checks the "
              + "stored sites and does not register its own (see docs/configuration.md, 'The config a cluster runs')",
              short12(mine) + " (" + mine.label() + ")", stored.describe());
          return new Decision(true, stored);
        }
        throw new Mismatch(mismatchMessage(mine, stored));
      }
      if (store.replaceConfigVersion(stored == null ? null : stored.hash(), mine)) {
        if (stored != null) {
          LOG.warn("this node adopts its config {} ({}) as the cluster's; it replaces {}{}", short12(mine), mine.label(),
              stored.describe(), store.supportsSeveralNodes() ? "" : " (a store of one node adopts a changed config)");
        }
        return new Decision(false, mine);
      }
      // another node stored a version in between: read it again
    }
    throw new ArgosException("the config version kept changing while this node started; start it again");
  }

  static String mismatchMessage(ConfigVersion mine, ConfigVersion stored) {
    return "error: this node's config differs from the one the cluster runs, so it does not start (it would rewrite "
        + "the sites every node shares).\n"
        + "  this node:   " + short12(mine) + " (" + mine.label() + ")\n"
        + "  the cluster: " + stored.describe() + "\n"
        + "Give this node the cluster's config file, or start it with --adopt-config to make this config the cluster's "
        + "(sites it lacks are deleted for every node), or with --read-only to check the stored sites without "
        + "registering its own.";
  }

  /**
   * Whether a reload may apply the next config: always on a store of one node; on a shared store, when the node ran
   * the stored config (it is the one moving the cluster on), when the next config is the stored one, or when adopted.
   *
   * @return null when allowed, else why not
   */
  public static @Nullable String reloadRefusal(Store store, String currentHash, boolean readOnly, ConfigVersion next,
      boolean adopt) {
    if (!store.keepsClusterState() || !store.supportsSeveralNodes() || adopt) {
      return null;
    }
    ConfigVersion stored = store.configVersion().orElse(null);
    if (stored == null || stored.hash().equals(next.hash()) || (!readOnly && stored.hash().equals(currentHash))) {
      return null;
    }
    return (readOnly ? "this node runs read-only" : "the cluster has moved on to another config since this node "
        + "started") + ": the file's config " + short12(next) + " (" + next.label() + ") is not the one the cluster "
        + "runs, " + stored.describe() + "; reload with adopt (argos server reload-config --adopt-config) to make it "
        + "the cluster's";
  }

  /** Stores a version after a reload; a lost race is logged (the other node's version stands). */
  public static void recordReload(Store store, ConfigVersion next) {
    if (!store.keepsClusterState()) {
      return;
    }
    ConfigVersion stored = store.configVersion().orElse(null);
    if (stored != null && stored.hash().equals(next.hash())) {
      return;
    }
    if (!store.replaceConfigVersion(stored == null ? null : stored.hash(), next)) {
      LOG.warn("another node stored a config version while this one reloaded; the stored version is {}",
          store.configVersion().map(ConfigVersion::describe).orElse("none"));
    }
  }

  static String short12(ConfigVersion v) {
    return v.hash().substring(0, Math.min(12, v.hash().length()));
  }

  static boolean sameHash(@Nullable ConfigVersion a, @Nullable ConfigVersion b) {
    return a != null && b != null && Objects.equals(a.hash(), b.hash());
  }
}
