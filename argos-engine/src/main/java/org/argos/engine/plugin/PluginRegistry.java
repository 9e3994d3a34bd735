package org.argos.engine.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.argos.api.ArgosException;
import org.argos.api.DuplicateProviderException;
import org.argos.api.UnknownCheckTypeException;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.NotifierProvider;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;
import org.argos.engine.CheckRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The one place where an engine, and whatever validates its configuration, finds its plugins: check providers by
 * name, notifier providers by type, and probe providers by the URI schemes they serve.
 *
 * <ul>
 *   <li><b>Explicit first.</b> Providers are installed with {@link Builder#install(CheckProvider...)}; discovery
 *       through {@link ServiceLoader} is opt-in ({@link Builder#discover(boolean)}). An installed provider replaces a
 *       discovered one of the same name, which also settles a conflict between discovered ones.</li>
 *   <li><b>One rule for duplicates.</b> Two providers of one kind that claim one name (a check type, a notifier type;
 *       a scheme for probe providers) fail with a {@link DuplicateProviderException} naming both classes and
 *       the jars they come from. The same class installed twice counts once.</li>
 *   <li><b>Lazy.</b> Building a registry instantiates nothing: discovered providers of a kind are instantiated when
 *       that kind is first used. A provider whose constructor throws is logged and breaks only a lookup that finds
 *       nothing else: the error then names it, its jar and its failure.</li>
 *   <li><b>Cached per class loader.</b> Registries over one class loader share one {@link ServiceLoader} lookup and
 *       one instance of each discovered provider. A probe is a resource: each {@link #newProbe(String)} makes a
 *       new one, which the caller closes.</li>
 * </ul>
 *
 * <pre>{@code
 * PluginRegistry plugins = PluginRegistry.builder().discover(true).classLoader(pluginJars).build();
 * validate(config, plugins.checks());                     // the same registry checks the config...
 * Argos argos = Argos.builder().plugins(plugins).build(); // ...and runs it
 * }</pre>
 *
 * Thread-safe and immutable once built.
 */
public final class PluginRegistry {
  private static final String NAME = "[a-z0-9]+(-[a-z0-9]+)*";

  private final ClassLoader classLoader;
  private final boolean discover;
  private final List<CheckProvider> installedChecks;
  private final List<NotifierProvider> installedNotifiers;
  private final List<ProbeProvider> installedProbes;
  private final @Nullable Discovered discovered;
  private final CheckRegistry checks;
  private volatile @Nullable Map<String, CheckProvider> checkProviders;
  private volatile @Nullable Map<String, NotifierProvider> notifierProviders;
  private volatile @Nullable Map<String, ProbeProvider> probeProviders;

  private PluginRegistry(ClassLoader classLoader, boolean discover, List<CheckProvider> checks,
      List<NotifierProvider> notifiers, List<ProbeProvider> probes) {
    this.classLoader = classLoader;
    this.discover = discover;
    this.installedChecks = List.copyOf(checks);
    this.installedNotifiers = List.copyOf(notifiers);
    this.installedProbes = List.copyOf(probes);
    // Held here so that the class loader's cache lives as long as this registry (see Discovered).
    this.discovered = discover ? Discovered.in(classLoader) : null;
    this.checks = CheckRegistry.of(this);
    // Installed providers are checked at once: they are the caller's own code, and it is cheap.
    byName("check provider", installedChecks, CheckProvider::name, true);
    byName("notifier provider", installedNotifiers, NotifierProvider::type, false);
    byScheme(installedProbes);
  }

  /** @return a builder: nothing installed, discovery off, this library's class loader */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @param classLoader where to look (a plugin directory's loader, say)
   * @return a registry of everything ServiceLoader finds there, nothing installed
   */
  public static PluginRegistry discovering(ClassLoader classLoader) {
    return builder().discover(true).classLoader(classLoader).build();
  }

  /**
   * A registry with the same class loader, discovery and installs as this one, plus more check providers installed
   * (which replace any of the same name, installed or discovered). Discovered providers stay shared.
   *
   * @param providers the providers to add
   * @return the new registry
   * @throws DuplicateProviderException when two of the given providers claim one name
   */
  public PluginRegistry with(CheckProvider... providers) {
    List<CheckProvider> added = List.of(providers);
    byName("check provider", added, CheckProvider::name, true);
    List<CheckProvider> all = new ArrayList<>();
    for (CheckProvider p : installedChecks) {
      if (added.stream().noneMatch(a -> a.name().equals(p.name()))) {
        all.add(p);
      }
    }
    all.addAll(added);
    return new PluginRegistry(classLoader, discover, all, installedNotifiers, installedProbes);
  }

  /**
   * A registry with the same class loader, discovery and installs as this one, plus more probe providers installed
   * (which replace, for the schemes they serve, any installed or discovered provider).
   *
   * @param providers the providers to add
   * @return the new registry
   * @throws DuplicateProviderException when two of the given providers serve one scheme
   */
  public PluginRegistry with(ProbeProvider... providers) {
    List<ProbeProvider> added = List.of(providers);
    Set<String> schemes = byScheme(added).keySet();
    List<ProbeProvider> all = new ArrayList<>();
    for (ProbeProvider p : installedProbes) {
      if (p.schemes().stream().noneMatch(schemes::contains)) {
        all.add(p);
      }
    }
    all.addAll(added);
    return new PluginRegistry(classLoader, discover, installedChecks, installedNotifiers, all);
  }

  /** @return where plugins are discovered (and the class loader plugin classes are loaded from) */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** @return whether ServiceLoader discovery is on */
  public boolean discovers() {
    return discover;
  }

  /** @return the check types, as the engine uses them: configured checks by spec, validated and cached */
  public CheckRegistry checks() {
    return checks;
  }

  /**
   * @return the check providers by name, sorted: the installed ones, and the discovered ones whose name no installed
   *     provider claims
   * @throws DuplicateProviderException when two discovered providers claim one name
   */
  public Map<String, CheckProvider> checkProviders() {
    Map<String, CheckProvider> m = checkProviders;
    if (m == null) {
      m = resolve("check provider", CheckProvider.class, installedChecks, CheckProvider::name, true);
      checkProviders = m;
    }
    return m;
  }

  /**
   * @param name a check type
   * @return its provider
   * @throws UnknownCheckTypeException listing the known types, and the discovered providers that failed to load
   * @throws DuplicateProviderException when two discovered providers claim one name
   */
  public CheckProvider checkProvider(String name) {
    CheckProvider p = checkProviders().get(name);
    if (p == null) {
      throw new UnknownCheckTypeException("unknown check '" + name + "'; known checks: "
          + String.join(", ", checkProviders().keySet()) + failures(CheckProvider.class));
    }
    return p;
  }

  /**
   * @return the notifier providers by type, sorted: the installed ones, and the discovered ones whose type no
   *     installed provider claims
   * @throws DuplicateProviderException when two discovered providers claim one type
   */
  public Map<String, NotifierProvider> notifierProviders() {
    Map<String, NotifierProvider> m = notifierProviders;
    if (m == null) {
      m = resolve("notifier provider", NotifierProvider.class, installedNotifiers, NotifierProvider::type, false);
      notifierProviders = m;
    }
    return m;
  }

  /**
   * @param type a notifier type ({@code mail}, {@code webhook}...)
   * @return its provider, or empty when none is installed or discovered
   * @throws DuplicateProviderException when two discovered providers claim the type
   */
  public Optional<NotifierProvider> notifierProvider(String type) {
    return Optional.ofNullable(notifierProviders().get(type));
  }

  /**
   * @return why discovered notifier providers failed to load, to add to a "no notifier of type x" message (empty when
   *     none failed)
   */
  public String notifierFailures() {
    return failures(NotifierProvider.class);
  }

  /**
   * @return the probe providers by scheme, sorted: the installed ones, and for each scheme no installed provider
   *     serves, the discovered one
   * @throws DuplicateProviderException when two discovered providers claim one scheme
   */
  public Map<String, ProbeProvider> probeProviders() {
    Map<String, ProbeProvider> m = probeProviders;
    if (m == null) {
      Map<String, ProbeProvider> explicit = byScheme(installedProbes);
      Map<String, ProbeProvider> all = new TreeMap<>();
      if (discovered != null) {
        var installedTypes = installedProbes.stream().map(Object::getClass).toList();
        List<ProbeProvider> found = discovered.service(ProbeProvider.class).instances().loaded().stream()
            .filter(p -> !installedTypes.contains(p.getClass()))
            .toList();
        byScheme(found).forEach((scheme, p) -> {
          if (!explicit.containsKey(scheme)) { // explicit wins, and settles a conflict
            all.put(scheme, p);
          }
        });
      }
      all.putAll(explicit);
      m = Collections.unmodifiableMap(all);
      probeProviders = m;
    }
    return m;
  }

  /**
   * @return the schemes some probe serves, sorted
   * @throws DuplicateProviderException when two discovered providers claim one scheme
   */
  public Set<String> schemes() {
    return Collections.unmodifiableSet(new TreeSet<>(probeProviders().keySet()));
  }

  /**
   * Makes a probe for a scheme. The caller owns it and closes it.
   *
   * @param scheme a lower-case scheme ({@code https}, {@code tcp})
   * @return a new probe from the provider that serves the scheme
   * @throws ArgosException when no provider serves it, naming the schemes served (and providers that failed to load)
   * @throws DuplicateProviderException when two discovered providers claim the scheme
   */
  public Probe newProbe(String scheme) {
    ProbeProvider p = probeProviders().get(scheme);
    if (p == null) {
      if (discovered == null && installedProbes.isEmpty()) {
        throw new ArgosException("no Probe given and plugin discovery is off: give one (Argos.builder().probe(new "
            + "HttpProbe()) with argos-checks-builtin), or turn discovery on (discoverPlugins(true))");
      }
      if (probeProviders().isEmpty()) {
        throw new ArgosException("no Probe given and none found by plugin discovery: add argos-checks-builtin (its "
            + "HttpProbe), or give one with Argos.builder().probe(...)" + failures(ProbeProvider.class));
      }
      throw new ArgosException("no probe serves the scheme '" + scheme + "'; schemes served: "
          + String.join(", ", probeProviders().keySet()) + failures(ProbeProvider.class));
    }
    return create(p);
  }

  /**
   * Makes the http/https probe (what {@code Argos.builder().probe(...)} sets). The caller owns it and closes it.
   *
   * @return a new probe from the provider that serves {@code http}
   * @throws ArgosException when discovery is off or found no probe, naming what to add
   * @throws DuplicateProviderException when several discovered providers serve {@code http}, naming them and their jars
   */
  public Probe newProbe() {
    return newProbe("http");
  }

  /**
   * @param provider a provider of this registry
   * @return a new probe from it
   * @throws ArgosException naming the provider when it fails or returns nothing
   */
  public static Probe create(ProbeProvider provider) {
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
  private static Map<String, ProbeProvider> byScheme(Collection<ProbeProvider> providers) {
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

  private String failures(Class<?> service) {
    if (discovered == null) {
      return "";
    }
    List<Discovered.Failure> failed = discovered.service(service).instances().failures();
    return failed.isEmpty() ? "" : "; these " + service.getSimpleName() + " plugins failed to load: "
        + String.join("; ", failed.stream().map(Discovered.Failure::toString).toList());
  }

  private <T> Map<String, T> resolve(String kind, Class<T> service, List<T> installed, Function<T, String> name,
      boolean strictNames) {
    Map<String, T> explicit = byName(kind, installed, name, strictNames);
    Map<String, T> all = new TreeMap<>();
    if (discovered != null) {
      var installedTypes = installed.stream().map(Object::getClass).toList();
      List<T> found = discovered.service(service).instances().loaded().stream()
          .filter(p -> !installedTypes.contains(p.getClass()))
          .filter(p -> !explicit.containsKey(name.apply(p))) // explicit wins, and settles a conflict
          .toList();
      all.putAll(byName(kind, found, name, strictNames));
    }
    all.putAll(explicit);
    return Collections.unmodifiableMap(all);
  }

  /** The one duplicate rule: two providers of one kind may not claim a name, unless they are of one class. */
  private static <T> Map<String, T> byName(String kind, Collection<T> providers, Function<T, String> name,
      boolean strictNames) {
    Map<String, T> out = new LinkedHashMap<>();
    for (T p : providers) {
      String n = name.apply(p);
      if (n == null || (strictNames ? !n.matches(NAME) : n.isBlank())) {
        throw new ArgosException(kind + " " + Discovered.describe(p.getClass()) + " has an invalid name '" + n + "'"
            + (strictNames ? " (expected lower-case words joined by '-')" : ""));
      }
      T other = out.putIfAbsent(n, p);
      if (other != null && other.getClass() != p.getClass()) {
        throw new DuplicateProviderException("two " + kind + "s claim the name '" + n + "': "
            + Discovered.describe(other.getClass()) + " and " + Discovered.describe(p.getClass())
            + "; remove one, or install the one to use explicitly");
      }
    }
    return out;
  }

  /** Builds a {@link PluginRegistry}. Not thread-safe. */
  public static final class Builder {
    private final List<CheckProvider> checks = new ArrayList<>();
    private final List<NotifierProvider> notifiers = new ArrayList<>();
    private final List<ProbeProvider> probes = new ArrayList<>();
    private boolean discover;
    private ClassLoader classLoader = PluginRegistry.class.getClassLoader();
    private @Nullable Path directory;

    private Builder() {}

    /**
     * @param providers check providers to install; they replace discovered providers of the same name
     * @return this
     */
    public Builder install(CheckProvider... providers) {
      checks.addAll(List.of(providers));
      return this;
    }

    /**
     * @param providers notifier providers to install; they replace discovered providers of the same type
     * @return this
     */
    public Builder install(NotifierProvider... providers) {
      notifiers.addAll(List.of(providers));
      return this;
    }

    /**
     * @param providers probe providers to install; for the schemes they serve, they replace discovered providers
     * @return this
     */
    public Builder install(ProbeProvider... providers) {
      probes.addAll(List.of(providers));
      return this;
    }

    /**
     * @param providers check providers to install (see {@link #install(CheckProvider...)})
     * @return this
     */
    public Builder installChecks(Collection<? extends CheckProvider> providers) {
      checks.addAll(providers);
      return this;
    }

    /**
     * @param discover whether to add the check, notifier and probe providers that ServiceLoader finds (default false)
     * @return this
     */
    public Builder discover(boolean discover) {
      this.discover = discover;
      return this;
    }

    /**
     * @param classLoader where discovery looks (default: this library's class loader)
     * @return this
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = java.util.Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Adds a plugin directory (the daemon's {@code plugins/}): its jars are loaded, in name order, by one class loader,
     * a child of {@link #classLoader(ClassLoader)}'s, where discovery then looks. A missing or empty directory adds
     * nothing.
     *
     * @param directory the directory
     * @return this
     */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /**
     * @return the registry; nothing discovered is instantiated yet
     * @throws DuplicateProviderException when two installed providers of one kind claim one name
     * @throws ArgosException when the plugin directory cannot be listed
     */
    public PluginRegistry build() {
      ClassLoader cl = directory == null ? classLoader : PluginJars.loader(directory, classLoader);
      return new PluginRegistry(cl, discover, checks, notifiers, probes);
    }
  }
}
