package org.argos.engine.plugin;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.argos.api.ArgosException;
import org.argos.api.DuplicateProviderException;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;

/** Probe providers by the schemes they serve, for {@link PluginRegistry}: the duplicate rule and making probes. */
final class ProbeProviders {
  private ProbeProviders() {}

  /** Installed providers win, scheme by scheme, over discovered ones (which settles a conflict among those). */
  static Map<String, ProbeProvider> resolve(List<ProbeProvider> installed, List<ProbeProvider> discovered) {
    Map<String, ProbeProvider> explicit = byScheme(installed);
    Map<String, ProbeProvider> all = new TreeMap<>();
    var installedTypes = installed.stream().map(Object::getClass).toList();
    byScheme(discovered.stream().filter(p -> !installedTypes.contains(p.getClass())).toList())
        .forEach((scheme, p) -> {
          if (!explicit.containsKey(scheme)) {
            all.put(scheme, p);
          }
        });
    all.putAll(explicit);
    return Collections.unmodifiableMap(all);
  }

  static Probe create(ProbeProvider provider) {
    Probe probe;
    try {
      probe = provider.create();
    } catch (RuntimeException | LinkageError e) {
      throw new ArgosException("could not create the probe of " + Discovered.describe(provider.getClass()) + ": " + e,
          e);
    }
    if (probe == null) {
      throw new ArgosException("probe provider " + Discovered.describe(provider.getClass()) + " returned no probe");
    }
    return probe;
  }

  /** The duplicate rule for probes: two providers of different classes may not serve one scheme. */
  static Map<String, ProbeProvider> byScheme(Collection<ProbeProvider> providers) {
    Map<String, ProbeProvider> out = new LinkedHashMap<>();
    for (ProbeProvider p : providers) {
      Set<String> schemes = p.schemes();
      if (schemes == null || schemes.isEmpty()) {
        throw new ArgosException("probe provider " + Discovered.describe(p.getClass()) + " serves no scheme");
      }
      for (String scheme : schemes) {
        if (scheme == null || !scheme.matches("[a-z][a-z0-9+.-]*")) {
          throw new ArgosException("probe provider " + Discovered.describe(p.getClass()) + " has an invalid scheme '"
              + scheme + "' (expected lower case, as in a URI)");
        }
        ProbeProvider other = out.putIfAbsent(scheme, p);
        if (other != null && other.getClass() != p.getClass()) {
          throw new DuplicateProviderException("two probe providers serve the scheme '" + scheme + "': "
              + Discovered.describe(other.getClass()) + " and " + Discovered.describe(p.getClass())
              + "; remove one, or install the one to use explicitly");
        }
      }
    }
    return out;
  }
}
