package org.argos.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.argos.engine.plugin.PluginRegistry;

/**
 * The check types an engine knows, by name, as the engine uses them: a spec is validated once and its configured check
 * cached. The providers come from a {@link PluginRegistry} (installed explicitly, or discovered when it discovers),
 * resolved when first needed. Thread-safe.
 */
public final class CheckRegistry {
  private final PluginRegistry plugins;
  private final Map<CheckSpec, Check> cache = new ConcurrentHashMap<>();

  private CheckRegistry(PluginRegistry plugins) {
    this.plugins = plugins;
  }

  /**
   * @param plugins where the providers come from
   * @return the check view of that registry (prefer {@link PluginRegistry#checks()}, which is made once)
   */
  public static CheckRegistry of(PluginRegistry plugins) {
    return new CheckRegistry(plugins);
  }

  /**
   * A registry of its own: a shorthand for {@code PluginRegistry.builder()...build().checks()}.
   *
   * @param installed providers installed explicitly
   * @param discover whether to add providers found by ServiceLoader
   * @param classLoader where to look for them
   * @return the registry
   * @throws DuplicateProviderException when two installed providers claim a name
   */
  public static CheckRegistry of(List<CheckProvider> installed, boolean discover, ClassLoader classLoader) {
    return PluginRegistry.builder().installChecks(installed).discover(discover).classLoader(classLoader).build()
        .checks();
  }

  /** @return the plugin registry these checks come from */
  public PluginRegistry plugins() {
    return plugins;
  }

  /** @return the known check type names, sorted */
  public List<String> names() {
    return new ArrayList<>(plugins.checkProviders().keySet());
  }

  /** @return the providers by name, sorted */
  public Map<String, CheckProvider> providers() {
    return plugins.checkProviders();
  }

  /**
   * Validates a check spec and returns its configured check (cached).
   *
   * @param spec the spec
   * @return the check
   * @throws UnknownCheckTypeException listing the known types (and discovered providers that failed to load)
   * @throws DuplicateProviderException when two discovered providers claim the name
   * @throws InvalidCheckParameterException naming the check and the value
   */
  public Check check(CheckSpec spec) {
    Check c = cache.get(spec);
    if (c != null) {
      return c;
    }
    CheckProvider p = plugins.checkProvider(spec.type());
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
   * {@code error} result (unknown) saying so. A report of our agent's {@code addresses: all} run that some but not all
   * addresses failed ({@code partial} with {@code addresses} in its details) is at most a warning, as in-process.
   *
   * @param spec the task's check
   * @param report what the agent sent
   * @param context evaluation context (the current time)
   * @return the result to record
   */
  public CheckResult judgeReport(CheckSpec spec, AgentReport report, CheckContext context) {
    return judged(spec, report, context);
  }

  /** @return whether an agent reported a partial failure over a host's addresses ({@code addresses: all}) */
  private static boolean partialAddresses(AgentReport report) {
    return Boolean.TRUE.equals(report.context().get("partial")) && report.context().get("addresses") instanceof Map;
  }

  private CheckResult judged(CheckSpec spec, AgentReport report, CheckContext context) {
    try {
      CheckResult r = check(spec).judgeReport(report, context);
      if (r != null && partialAddresses(report) && r.severity().isWorseThan(org.argos.api.Severity.WARNING)) {
        // our agent probed every address of the host (addresses: all) and some, not all, failed: the fold's verdict
        // is a warning, which the report's status alone (failure) cannot say
        return r.withSeverity(org.argos.api.Severity.WARNING);
      }
      return r != null ? r : CheckResult.error("check " + spec.type() + " returned no judgement of the agent's report")
          .withContext(report.context());
    } catch (RuntimeException e) {
      return CheckResult.error("check " + spec.type() + " could not judge the agent's report: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
          .withContext(report.context());
    }
  }
}
