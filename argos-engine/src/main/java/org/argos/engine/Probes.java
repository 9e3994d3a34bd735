package org.argos.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.argos.api.ArgosException;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;
import org.argos.engine.plugin.PluginRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probes of an engine (or an agent) by the scheme they serve: one probe per provider, made when this is built and
 * closed with it, plus the http/https probe a host gives ({@code Argos.builder().probe(...)}), which its host closes.
 * Thread-safe and immutable.
 */
public final class Probes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Probes.class);

  private final Map<String, Probe> byScheme;
  private final List<Probe> owned;

  private Probes(Map<String, Probe> byScheme, List<Probe> owned) {
    this.byScheme = Collections.unmodifiableMap(new TreeMap<>(byScheme));
    this.owned = List.copyOf(owned);
  }

  /**
   * @param probe the probe for {@code http} and {@code https}, closed by its owner (not by this)
   * @return probes for those two schemes only
   */
  public static Probes http(Probe probe) {
    return new Probes(Map.of("http", probe, "https", probe), List.of());
  }

  /**
   * Makes one probe per probe provider of the registry.
   *
   * @param plugins where the providers come from
   * @param http the http/https probe the host gives, which replaces the registry's for those schemes; null for none
   * @return the probes, owning those it made
   * @throws ArgosException when no probe is given and the registry has none (the message says what to add), or a
   *     provider fails to make its probe
   */
  public static Probes of(PluginRegistry plugins, @Nullable Probe http) {
    Map<String, ProbeProvider> providers = plugins.probeProviders();
    if (http == null && providers.isEmpty()) {
      plugins.newProbe(); // throws, saying what to add
    }
    Map<String, Probe> byScheme = new TreeMap<>();
    List<Probe> owned = new ArrayList<>();
    Map<ProbeProvider, Probe> made = new IdentityHashMap<>();
    try {
      for (Map.Entry<String, ProbeProvider> e : providers.entrySet()) {
        String scheme = e.getKey();
        if (http != null && (scheme.equals("http") || scheme.equals("https"))) {
          continue;
        }
        Probe p = made.get(e.getValue());
        if (p == null) {
          p = PluginRegistry.create(e.getValue());
          made.put(e.getValue(), p);
          owned.add(p);
        }
        byScheme.put(scheme, p);
      }
    } catch (RuntimeException e) {
      closeAll(owned);
      throw e;
    }
    if (http != null) {
      byScheme.put("http", http);
      byScheme.put("https", http);
    }
    return new Probes(byScheme, owned);
  }

  /** @param scheme a lower-case scheme @return the probe serving it, or null when none does */
  public @Nullable Probe probe(String scheme) {
    return byScheme.get(scheme);
  }

  /** @return the schemes served, sorted */
  public Set<String> schemes() {
    return byScheme.keySet();
  }

  /** Closes the probes this made (not one a host gave). */
  @Override
  public void close() {
    closeAll(owned);
  }

  private static void closeAll(List<Probe> probes) {
    for (Probe p : probes) {
      try {
        p.close();
      } catch (Throwable e) { // a plugin's Error must not leave the other probes open
        LOG.warn("closing probe {} failed", p.getClass().getName(), e);
      }
    }
  }
}
