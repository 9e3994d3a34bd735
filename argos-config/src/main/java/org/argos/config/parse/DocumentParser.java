package org.argos.config.parse;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.InvalidValueException;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.settings.Durations;
import org.argos.config.ConfigError;
import org.argos.config.ConfigException;
import org.argos.config.DaemonConfig;
import org.argos.config.yaml.ConfigNode;
import org.argos.config.yaml.ConfigNode.Entry;
import org.argos.config.yaml.ConfigNode.Mapping;
import org.argos.config.yaml.ConfigNode.Scalar;
import org.argos.config.yaml.ConfigNode.Sequence;
import org.argos.api.spi.NotifierProvider;
import org.argos.engine.CheckRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Validates a whole Argos YAML tree into a {@link DaemonConfig}: the top-level keys, {@code service},
 * {@code ssl} and {@code recurring_tasks} here, the other sections in their own classes. Every problem is collected
 * with its file, line, column and key.
 */
public final class DocumentParser {
  /** The top-level keys. */
  public static final Set<String> TOP = Set.of("general", "service", "ssl", "recurring_tasks", "websites", "argos_java",
      "tenants");
  private static final Set<String> SERVICE = Set.of("secrets");
  private static final Set<String> SSL = Set.of("thresholds");
  private static final Set<String> RECURRING = Set.of("max_results_age", "max_lock_seconds", "time_without_agent");

  private final ParseRun run;
  private final ChannelSections channels;
  private final WebsitesSection websites;

  private final @Nullable Map<String, NotifierProvider> notifiers;

  private DocumentParser(ParseRun run, @Nullable Map<String, NotifierProvider> notifiers) {
    this.run = run;
    this.notifiers = notifiers;
    this.channels = new ChannelSections(run);
    this.websites = new WebsitesSection(run, channels);
  }

  /**
   * @param root the YAML tree, or null when it could not be read
   * @param readErrors the errors of reading it (syntax, {@code !include}, {@code !env})
   * @param source the file's name, as errors show it
   * @param file the file, or null for text
   * @param checks the check types a check parameter is validated with
   * @param notifiers the notifier providers by type, to validate the settings of the channels routings name; null
   *     to leave them to whoever builds the notifiers
   * @return the config
   * @throws ConfigException with every error found, in file order
   */
  public static DaemonConfig parse(@Nullable ConfigNode root, List<ConfigError> readErrors, String source,
      @Nullable Path file, CheckRegistry checks, @Nullable Map<String, NotifierProvider> notifiers) {
    DocumentParser p = new DocumentParser(new ParseRun(checks), notifiers);
    p.run.errors.addAll(readErrors);
    DaemonConfig config = root == null ? null : p.top(root, source, file);
    if (!p.run.errors.isEmpty() || config == null) {
      List<ConfigError> sorted = new ArrayList<>(p.run.errors);
      sorted.sort(Comparator.comparing((ConfigError e) -> e.where().file()).thenComparingInt(e -> e.where().line())
          .thenComparingInt(e -> e.where().column()));
      throw new ConfigException(sorted);
    }
    return config;
  }

  private @Nullable DaemonConfig top(ConfigNode root, String source, @Nullable Path file) {
    Section top = run.section(root, "", TOP);
    if (top == null) {
      return null;
    }
    Section general = top.section("general", GeneralSection.KEYS, true);
    DaemonConfig.Daemon daemon = new ArgosJavaSection(run, channels).read(top.section("argos_java",
        ArgosJavaSection.KEYS, false), file);
    DaemonConfig.General g = general == null ? null : new GeneralSection(run, channels).read(general);
    List<String> secrets = List.of();
    Section service = top.section("service", SERVICE, true);
    if (service != null) {
      secrets = service.stringList("secrets", false);
      if (service.node("secrets") instanceof Sequence seq) {
        for (int i = 0; i < seq.items().size(); i++) {
          if (seq.items().get(i) instanceof Scalar sc && sc.value() != null) {
            run.ownSecret("service.secrets[" + i + "]", sc.text(), sc.where());
          }
        }
      }
    }
    List<DaemonConfig.SslThreshold> thresholds = ssl(top.section("ssl", SSL, false));
    DaemonConfig.RecurringTasks recurring = recurring(top.section("recurring_tasks", RECURRING, false));
    if (daemon != null && daemon.agentsOnly() && service != null && secrets.isEmpty()) {
      service.error("secrets", service.node("secrets") != null ? service.node("secrets") : service.map,
          "argos_java.probing is 'agents' but no secret is configured: agents could not authenticate "
              + "(generate one with 'argos server generate-token')");
    }
    Map<String, DaemonConfig.TenantConfig> tenants = new TenantsSection(run, channels).read(top);
    websites.tenants(tenants);
    websites.locations(daemon == null ? DaemonConfig.Locations.DEFAULT : daemon.locations());
    List<Site> sites = g == null ? List.of() : websites.websites(top, g);
    if (g != null && daemon != null && !daemon.locations().canaries().isEmpty()) {
      sites = canaries(top, daemon.locations(), sites, g);
    }
    if (g != null) {
      channels.checkRouting(general.node("alerts"), "general.alerts", g.alerts());
      Map<String, String> owners = TenantsSection.owners(tenants);
      for (String ch : g.alerts().allChannels()) {
        if (owners.containsKey(ch) && !owners.get(ch).equals(org.argos.api.Tenant.DEFAULT_SLUG)) {
          general.error("alerts", general.node("alerts"), "the channel '" + ch + "' is owned by tenant '"
              + owners.get(ch) + "': the operator's default routing may not send to a tenant's channel");
        }
      }
    }
    run.checkOwnSecrets();
    if (g != null && notifiers != null && run.errors.isEmpty()) { // one complaint per mistake: ours come first
      Set<String> routed = new LinkedHashSet<>(g.alerts().allChannels());
      sites.stream().filter(site -> site.routing() != null).forEach(site -> routed.addAll(site.routing().allChannels()));
      run.channels.values().stream().filter(ch -> ch.digest() != null).forEach(ch -> routed.add(ch.name()));
      channels.validate(routed, notifiers);
    }
    if (g == null || daemon == null || !run.errors.isEmpty()) {
      return null;
    }
    return new DaemonConfig(source, file, g, secrets, thresholds, recurring, daemon, sites, run.channels, tenants);
  }

  /** The sites with the canary sites (issue 19 §2) added; a canary that is also a site is an error. */
  private List<Site> canaries(Section top, DaemonConfig.Locations locations, List<Site> sites, DaemonConfig.General g) {
    List<Site> out = new ArrayList<>(sites);
    Set<String> domains = new java.util.HashSet<>();
    sites.forEach(s -> domains.add(s.domain()));
    Section aj = top.section("argos_java", null, false);
    for (Site c : LocationsSection.canarySites(locations, sites, g.frequency())) {
      if (!domains.add(c.domain())) {
        if (aj != null) {
          aj.error("canaries", aj.node("canaries"), c.domain() + " is also a site: a canary must be a target of its own");
        }
      } else {
        out.add(c);
      }
    }
    return out;
  }

  private List<DaemonConfig.SslThreshold> ssl(@Nullable Section s) {
    List<DaemonConfig.SslThreshold> out = new ArrayList<>();
    if (s == null) {
      out.add(new DaemonConfig.SslThreshold(Duration.ofDays(1), Severity.CRITICAL));
      out.add(new DaemonConfig.SslThreshold(Duration.ofDays(5), Severity.WARNING));
      return out;
    }
    ConfigNode node = s.node("thresholds");
    if (node == null) {
      s.error("thresholds", s.map, "is required: a list such as [ {\"1d\": critical}, {\"5d\": warning} ]");
      return out;
    }
    if (!(node instanceof Sequence seq)) {
      s.error("thresholds", node, "expected a list of one-key maps such as - \"1d\": critical, got " + node.kind());
      return out;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      ConfigNode item = seq.items().get(i);
      String key = "ssl.thresholds[" + i + "]";
      if (!(item instanceof Mapping m) || m.entries().size() != 1) {
        run.errors.add(new ConfigError(item.where(), key, "expected a one-key map such as \"5d\": warning, got " + item.kind()));
        continue;
      }
      Entry e = m.entries().get(0);
      Duration before;
      try {
        before = Durations.parse(e.key().value() != null ? e.key().value() : e.name(), ChronoUnit.DAYS);
      } catch (InvalidValueException ex) {
        run.errors.add(new ConfigError(e.key().where(), key, ex.getMessage()));
        continue;
      }
      if (!(e.value() instanceof Scalar v) || !(v.value() instanceof String label)) {
        run.errors.add(new ConfigError(e.value().where(), key, "expected a severity (ok, warning, critical, unknown), got "
            + e.value().kind()));
        continue;
      }
      try {
        out.add(new DaemonConfig.SslThreshold(before, Severity.fromLabel(label)));
      } catch (InvalidValueException ex) {
        run.errors.add(new ConfigError(v.where(), key, ex.getMessage()));
      }
    }
    out.sort(Comparator.comparing(DaemonConfig.SslThreshold::before));
    return out;
  }

  private static DaemonConfig.RecurringTasks recurring(@Nullable Section s) {
    if (s == null) {
      return new DaemonConfig.RecurringTasks(Duration.ofDays(1), 100, Duration.ofMinutes(5));
    }
    Duration age = s.duration("max_results_age", ChronoUnit.SECONDS, Duration.ofDays(1));
    int lock = s.integer("max_lock_seconds", 100, 0);
    if (lock <= 60) {
      lock = 100; // Argos' rule: a lock shorter than the recurring task's period would expire while still held
    }
    Duration noAgent = s.duration("time_without_agent", ChronoUnit.MINUTES, Duration.ofMinutes(5));
    if (noAgent.compareTo(Duration.ofMinutes(1)) < 0) {
      noAgent = Duration.ofMinutes(5);
    }
    return new DaemonConfig.RecurringTasks(age, lock, noAgent);
  }

  /**
   * Validates one websites entry with the running config's defaults and channels.
   *
   * @throws ConfigException with every error found
   */
  public static Site parseSite(ConfigNode node, DaemonConfig config, CheckRegistry checks) {
    ParseRun run = new ParseRun(checks);
    run.channels.putAll(config.channels());
    Section s = run.section(node, "", WebsitesSection.SITE);
    WebsitesSection websites = new WebsitesSection(run, new ChannelSections(run));
    websites.locations(config.daemon().locations()); // a site added through the API inherits them too
    websites.tenants(config.tenants());
    Site site = websites.site(s, config.general());
    if (site != null && websites.parentOf(site.domain()) != null) {
      site = Parents.single(site, websites.parentOf(site.domain()), run.errors);
    }
    if (site == null || !run.errors.isEmpty()) {
      throw new ConfigException(run.errors.isEmpty()
          ? List.of(new ConfigError(node.where(), "", "invalid site")) : run.errors);
    }
    return site;
  }
}
