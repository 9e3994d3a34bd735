package org.argos.config.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.argos.api.InvalidSiteException;
import org.argos.api.Site;
import org.argos.config.ConfigError;
import org.argos.config.yaml.ConfigNode.Where;
import org.jspecify.annotations.Nullable;

/**
 * {@code depends_on}: each site names its parent by domain ({@code https://db.example.org}) or by host or address
 * ({@code db.example.org}, {@code 10.0.0.5}) of one configured site. An unknown parent, a host several sites share,
 * the site itself, and cycles are errors at the {@code depends_on} that names them.
 */
final class Parents {
  /** A {@code depends_on} as written, and where. */
  record Wanted(String value, Where where, String key) {}

  private Parents() {}

  /** @return the sites, each with its parent's domain; errors are added for every bad {@code depends_on} */
  static List<Site> resolve(List<Site> sites, Map<String, Wanted> wanted, List<ConfigError> errors) {
    if (wanted.isEmpty()) {
      return sites;
    }
    Map<String, Site> byDomain = new LinkedHashMap<>();
    Map<String, List<String>> byHost = new HashMap<>();
    for (Site s : sites) {
      byDomain.put(s.domain(), s);
      byHost.computeIfAbsent(s.host(), h -> new ArrayList<>()).add(s.domain());
    }
    Map<String, String> parentOf = new LinkedHashMap<>();
    for (var e : wanted.entrySet()) {
      if (!byDomain.containsKey(e.getKey())) {
        continue; // the child itself was rejected
      }
      Wanted w = e.getValue();
      String parent = parent(w, byDomain, byHost, errors);
      if (parent == null) {
        continue;
      }
      if (parent.equals(e.getKey())) {
        errors.add(new ConfigError(w.where(), w.key(), "a site cannot depend on itself"));
        continue;
      }
      parentOf.put(e.getKey(), parent);
    }
    for (var e : parentOf.entrySet()) {
      Set<String> chain = new LinkedHashSet<>();
      String d = e.getKey();
      while (d != null && chain.add(d)) {
        d = parentOf.get(d);
      }
      if (d != null && d.equals(e.getKey())) {
        Wanted w = wanted.get(e.getKey());
        errors.add(new ConfigError(w.where(), w.key(), "depends_on forms a cycle: " + String.join(" -> ", chain)
            + " -> " + d));
      }
    }
    List<Site> out = new ArrayList<>(sites.size());
    for (Site s : sites) {
      String parent = parentOf.get(s.domain());
      out.add(parent == null ? s : s.toBuilder().dependsOn(parent).build());
    }
    return out;
  }

  /** A site registered alone (the sites API): its parent must be named by domain, as no other site is known here. */
  static @Nullable Site single(Site site, Wanted w, List<ConfigError> errors) {
    if (!w.value().contains("://")) {
      errors.add(new ConfigError(w.where(), w.key(), "name the parent by its domain (https://...) here"));
      return null;
    }
    try {
      return site.toBuilder().dependsOn(w.value()).build();
    } catch (InvalidSiteException e) {
      errors.add(new ConfigError(w.where(), w.key(), e.getMessage()));
      return null;
    }
  }

  private static @Nullable String parent(Wanted w, Map<String, Site> byDomain, Map<String, List<String>> byHost,
      List<ConfigError> errors) {
    String v = w.value();
    if (v.contains("://")) {
      String domain;
      try {
        domain = Site.normalizeDomain(v);
      } catch (InvalidSiteException e) {
        errors.add(new ConfigError(w.where(), w.key(), e.getMessage()));
        return null;
      }
      if (!byDomain.containsKey(domain)) {
        errors.add(new ConfigError(w.where(), w.key(), "unknown parent " + domain + ": no site has that domain"));
        return null;
      }
      return domain;
    }
    String host = v.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    List<String> found = byHost.getOrDefault(host, byHost.getOrDefault("[" + host + "]", List.of()));
    if (found.isEmpty()) {
      errors.add(new ConfigError(w.where(), w.key(), "unknown parent '" + v + "': no site has that host or address"
          + " (expected the domain or host of a site of this config)"));
      return null;
    }
    if (found.size() > 1) {
      errors.add(new ConfigError(w.where(), w.key(), "'" + v + "' is the host of several sites (" + String.join(", ", found)
          + "): name one by its domain"));
      return null;
    }
    return found.get(0);
  }
}
