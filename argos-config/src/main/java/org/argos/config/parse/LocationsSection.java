package org.argos.config.parse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.argos.api.InvalidValueException;
import org.argos.api.Quorum;
import org.argos.api.Site;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Mapping;
import org.jspecify.annotations.Nullable;

/**
 * Locations and quorum (issue 19): {@code argos_java.location} (this engine's own), the defaults
 * {@code argos_java.locations}, {@code quorum} and {@code alert_on_partial}, per tag {@code argos_java.tag_locations},
 * and the same three keys on a site. A site takes its own keys, else those of its first tag (in name order) that has
 * some, else the defaults; a quorum left out is the inherited one, at most the number of locations.
 */
final class LocationsSection {
  /** The keys a site, a tag or the defaults may set. */
  static final Set<String> KEYS = Set.of("locations", "quorum", "alert_on_partial");
  /** The most tags {@code tag_locations} may list. */
  static final int MAX_TAGS = 1_000;

  private LocationsSection() {}

  /** Reads {@code argos_java}'s location keys; defaults when the section is absent. */
  static DaemonConfig.Locations read(@Nullable Section s) {
    if (s == null) {
      return DaemonConfig.Locations.DEFAULT;
    }
    String self = Quorum.DEFAULT_LOCATION;
    String given = s.string("location", false);
    if (given != null) {
      try {
        self = Quorum.checkName(given);
      } catch (InvalidValueException e) {
        s.error("location", s.node("location"), e.getMessage());
      }
    }
    Quorum defaults = quorum(s, Quorum.DEFAULT);
    Map<String, Quorum> byTag = new TreeMap<>();
    ConfigNode tags = s.node("tag_locations");
    if (tags != null) {
      if (!(tags instanceof Mapping m)) {
        s.error("tag_locations", tags, "expected a mapping of tag: {locations, quorum, alert_on_partial}, got "
            + tags.kind());
      } else if (m.entries().size() > MAX_TAGS) {
        s.error("tag_locations", tags, "lists " + m.entries().size() + " tags, at most " + MAX_TAGS);
      } else {
        Section t = s.section("tag_locations", null, false);
        for (var e : m.entries()) {
          Section one = t == null ? null : t.section(e.name(), KEYS, false);
          if (one != null) {
            byTag.put(e.name().trim().toLowerCase(java.util.Locale.ROOT), quorum(one, defaults));
          }
        }
      }
    }
    List<String> canaries = new java.util.ArrayList<>();
    List<String> urls = s.stringList("canaries", false);
    if (urls.size() > MAX_CANARIES) {
      s.error("canaries", s.node("canaries"), "lists " + urls.size() + " canaries, at most " + MAX_CANARIES);
    } else {
      for (String url : urls) {
        try {
          canaries.add(canaryUrl(url));
        } catch (RuntimeException e) {
          s.error("canaries", s.node("canaries"), "'" + url + "': " + e.getMessage());
        }
      }
    }
    return new DaemonConfig.Locations(self, defaults, byTag, canaries);
  }

  /** The most canaries {@code argos_java.canaries} may list. */
  static final int MAX_CANARIES = 10;

  /** A canary is a base URL, checked at {@code /}: its domain as sites write it. */
  private static String canaryUrl(String url) {
    return Site.normalizeDomain(url);
  }

  /**
   * The canary sites (issue 19 §2): each canary URL checked at {@code /} from every location the config lists, quorum
   * 1, tagged {@code canary}, alerting nobody (its location's verdict is the engine's); none when no site is checked
   * from several locations.
   *
   * @param locations the location settings
   * @param sites the configured sites
   * @param frequency how often (the general frequency)
   * @return the canary sites to register with the others
   */
  static List<Site> canarySites(DaemonConfig.Locations locations, List<Site> sites, java.time.Duration frequency) {
    java.util.Set<String> all = new java.util.LinkedHashSet<>();
    sites.stream().filter(s -> !s.quorum().isDefault()).forEach(s -> all.addAll(s.quorum().locations()));
    if (all.isEmpty() || locations.canaries().isEmpty()) {
      return List.of();
    }
    List<String> listed = all.stream().limit(Quorum.MAX_LOCATIONS).toList();
    List<Site> out = new java.util.ArrayList<>();
    for (String domain : locations.canaries()) {
      out.add(Site.builder(domain).frequency(frequency).tags("canary").routing(org.argos.api.AlertRouting.NONE)
          .quorum(new Quorum(listed, 1, false))
          .path("/", p -> p.check("status-in", List.of(200, 204, 301, 302, 303, 307, 308, 401, 403, 404))).build());
    }
    return out;
  }

  /**
   * The quorum a section sets over an inherited one; errors name the key and its position.
   *
   * @param s a site, a tag or {@code argos_java}
   * @param inherited what it starts from
   * @return the quorum
   */
  static Quorum quorum(Section s, Quorum inherited) {
    if (s.node("locations") == null && s.node("quorum") == null && s.node("alert_on_partial") == null) {
      return inherited;
    }
    List<String> locations = s.node("locations") == null ? inherited.locations() : s.stringList("locations", true);
    if (locations.isEmpty()) {
      return inherited; // the error is reported
    }
    int n = Math.min(locations.size(), Quorum.MAX_LOCATIONS);
    int quorum = s.node("quorum") == null ? Math.min(inherited.quorum(), n) : s.integer("quorum", 1, 1, n);
    boolean partial = s.bool("alert_on_partial", inherited.alertOnPartial());
    try {
      return new Quorum(locations, quorum, partial);
    } catch (InvalidValueException e) {
      s.error("locations", s.node("locations") != null ? s.node("locations") : s.map, e.getMessage());
      return inherited;
    }
  }

  /**
   * @param tags a site's tags
   * @param locations the config's location settings
   * @return what the site inherits: its first tag (in name order) with settings, else the defaults
   */
  static Quorum inherited(List<String> tags, DaemonConfig.Locations locations) {
    Map<String, Boolean> sorted = new TreeMap<>();
    tags.forEach(t -> sorted.put(t.trim().toLowerCase(java.util.Locale.ROOT), true));
    for (String t : sorted.keySet()) {
      Quorum q = locations.byTag().get(t);
      if (q != null) {
        return q;
      }
    }
    return locations.defaults();
  }
}
