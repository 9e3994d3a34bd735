package org.argos.engine;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.argos.api.ArgosException;
import org.argos.api.CheckSpec;
import org.argos.api.DuplicateProviderException;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.UnknownCheckTypeException;
import org.argos.api.CheckResult;
import org.argos.api.spi.AgentReport;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;

/**
 * The check types an engine knows, by name: providers installed explicitly, plus those found by
 * {@link ServiceLoader} when discovery is on. An explicit install replaces a discovered provider of the same name;
 * two providers of one name from the same source are an error naming both (and their jars). Thread-safe and
 * immutable once built; configured checks are cached by spec.
 */
public final class CheckRegistry {
  private final Map<String, CheckProvider> providers;
  private final Map<CheckSpec, Check> cache = new ConcurrentHashMap<>();

  private CheckRegistry(Map<String, CheckProvider> providers) {
    this.providers = Collections.unmodifiableMap(new TreeMap<>(providers));
  }

  /**
   * @param installed providers installed explicitly
   * @param discover whether to add providers found by ServiceLoader
   * @param classLoader where to look for them
   * @return the registry
   * @throws DuplicateProviderException when two providers of one kind claim a name
   */
  public static CheckRegistry of(List<CheckProvider> installed, boolean discover, ClassLoader classLoader) {
    Map<String, CheckProvider> explicit = new TreeMap<>();
    for (CheckProvider p : installed) {
      putUnique(explicit, p);
    }
    Map<String, CheckProvider> all = new TreeMap<>();
    if (discover) {
      var explicitTypes = installed.stream().map(Object::getClass).toList();
      ServiceLoader.load(CheckProvider.class, classLoader).stream()
          .filter(p -> !explicitTypes.contains(p.type())) // no need to instantiate what was installed by hand
          .forEach(p -> {
            CheckProvider provider;
            try {
              provider = p.get();
            } catch (Throwable e) {
              throw new ArgosException("could not load check provider " + p.type().getName() + " from "
                  + source(p.type()) + ": " + e, e);
            }
            if (!explicit.containsKey(provider.name())) {
              putUnique(all, provider);
            }
          });
    }
    all.putAll(explicit);
    return new CheckRegistry(all);
  }

  private static void putUnique(Map<String, CheckProvider> map, CheckProvider p) {
    String name = p.name();
    if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new ArgosException("check provider " + p.getClass().getName() + " from " + source(p.getClass())
          + " has an invalid name '" + name + "' (expected lower-case words joined by '-')");
    }
    CheckProvider other = map.putIfAbsent(name, p);
    if (other != null && other.getClass() != p.getClass()) {
      throw new DuplicateProviderException("two check providers claim the name '" + name + "': "
          + other.getClass().getName() + " (" + source(other.getClass()) + ") and " + p.getClass().getName() + " ("
          + source(p.getClass()) + ")");
    }
  }

  static String source(Class<?> type) {
    CodeSource cs = type.getProtectionDomain().getCodeSource();
    URL location = cs == null ? null : cs.getLocation();
    return location == null ? "unknown location" : location.toString();
  }

  /** @return the known check type names, sorted */
  public List<String> names() {
    return new ArrayList<>(providers.keySet());
  }

  /** @return the providers by name, sorted */
  public Map<String, CheckProvider> providers() {
    return providers;
  }

  /**
   * Validates a check spec and returns its configured check (cached).
   *
   * @param spec the spec
   * @return the check
   * @throws UnknownCheckTypeException listing the known types
   * @throws InvalidCheckParameterException naming the check and the value
   */
  public Check check(CheckSpec spec) {
    Check c = cache.get(spec);
    if (c != null) {
      return c;
    }
    CheckProvider p = providers.get(spec.type());
    if (p == null) {
      throw new UnknownCheckTypeException("unknown check '" + spec.type() + "'; known checks: " + String.join(", ", names()));
    }
    try {
      c = p.create(spec.parameter());
    } catch (InvalidCheckParameterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidCheckParameterException("check " + spec.type() + ": invalid parameter " + spec.expected() + ": "
          + e.getMessage(), e);
    }
    if (c == null) {
      throw new ArgosException("check provider " + p.getClass().getName() + " returned no check for " + spec);
    }
    cache.putIfAbsent(spec, c);
    return c;
  }

  /**
   * Judges a result a remote agent reported, with the check this registry builds for the spec
   * ({@link Check#judgeReport}). Never throws: a check that throws, returns nothing, or no longer exists gives an
   * {@code error} result (unknown) saying so.
   *
   * @param spec the task's check
   * @param report what the agent sent
   * @param context evaluation context (the current time)
   * @return the result to record
   */
  public CheckResult judgeReport(CheckSpec spec, AgentReport report, CheckContext context) {
    try {
      CheckResult r = check(spec).judgeReport(report, context);
      return r != null ? r : CheckResult.error("check " + spec.type() + " returned no judgement of the agent's report")
          .withContext(report.context());
    } catch (RuntimeException e) {
      return CheckResult.error("check " + spec.type() + " could not judge the agent's report: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
          .withContext(report.context());
    }
  }
}
