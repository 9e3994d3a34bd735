package org.argos.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.argos.api.spi.Probe;
import org.argos.api.spi.ProbeProvider;
import org.argos.checks.dns.DnsProbeProvider;
import org.argos.checks.tcp.TcpProbe;

/**
 * The ceiling per probe kind (issue 21, {@code --kinds}): the ramp runs once on a fleet of each kind, {@code http}
 * (the {@code --fleet} sites, as the published figures), {@code tcp}, {@code dns}, and {@code mixed} (per 100 sites
 * the {@code --kind-shares}), each reported in a table of its own and summed up in one.
 */
final class ProbeKinds {
  static final Set<String> KINDS = Set.of("http", "tcp", "dns", "mixed");

  private ProbeKinds() {}

  /** @return the kinds of {@code --kinds}, in the given order */
  static List<String> parseKinds(String v) {
    Set<String> out = new LinkedHashSet<>();
    for (String k : v.split(",")) {
      String kind = k.trim().toLowerCase(Locale.ROOT);
      if (!KINDS.contains(kind)) {
        throw new IllegalArgumentException("--kinds: expected a list of http, tcp, dns and mixed, got " + k.trim());
      }
      if (!out.add(kind)) {
        throw new IllegalArgumentException("--kinds: " + kind + " is listed twice");
      }
    }
    return new ArrayList<>(out);
  }

  /** @return the shares of {@code --kind-shares http=80,tcp=10,dns=10} (a kind left out has none) */
  static Fleet.Shares parseShares(String v) {
    int http = 0;
    int tcp = 0;
    int dns = 0;
    for (String part : v.split(",")) {
      String[] kv = part.trim().split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("--kind-shares: expected KIND=PERCENT (http=80,tcp=10,dns=10), got " + part);
      }
      int n;
      try {
        n = Integer.parseInt(kv[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--kind-shares: not a number: " + kv[1].trim(), e);
      }
      switch (kv[0].trim()) {
        case "http" -> http = n;
        case "tcp" -> tcp = n;
        case "dns" -> dns = n;
        default -> throw new IllegalArgumentException("--kind-shares: the kinds are http, tcp and dns, got " + kv[0]);
      }
    }
    try {
      return new Fleet.Shares(http, tcp, dns);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--kind-shares: " + e.getMessage(), e);
    }
  }

  /** @return the shares of one kind's fleet */
  static Fleet.Shares shares(String kind, Fleet.Shares mixed) {
    return switch (kind) {
      case "tcp" -> new Fleet.Shares(0, 100, 0);
      case "dns" -> new Fleet.Shares(0, 0, 100);
      case "mixed" -> mixed;
      default -> Fleet.Shares.HTTP;
    };
  }

  /** Refuses kinds that cannot run: dns sites without a server, or a step with more sites than it has records. */
  static void validate(FleetBenchmark.Options o) {
    boolean dns = o.kinds.contains("dns") || (o.kinds.contains("mixed") && o.kindShares.dns() > 0);
    if (dns && o.dnsServer.isEmpty()) {
      throw new IllegalArgumentException("dns sites need --dns-server host:port (benchmarks/run starts a dnsmasq)");
    }
    if (!dns || o.ceiling.isEmpty()) {
      return;
    }
    long groups = Math.round(o.ceiling.stream().mapToInt(Integer::intValue).max().orElse(0)
        * o.ceilingPeriod.toMillis() / 1000.0);
    if (groups > o.dnsRecords) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the ceiling ramp's last step has %,d sites, "
          + "but --dns-records says the DNS server has records for %,d (site0.bench up): every dns site needs its own",
          groups, o.dnsRecords));
    }
  }

  /**
   * The probes of the other kinds: TCP through the fleet's resolver (its names are not in any DNS), DNS as built in
   * (its sites name the server to ask).
   */
  static ProbeProvider[] probes(Fleet fleet) {
    ProbeProvider tcp = new ProbeProvider() {
      @Override
      public String name() {
        return "tcp-fleet";
      }

      @Override
      public Set<String> schemes() {
        return Set.of("tcp");
      }

      @Override
      public Probe create() {
        return new TcpProbe(fleet.resolver());
      }
    };
    return new ProbeProvider[] {tcp, new DnsProbeProvider()};
  }

  /** What a site of each kind is, for the report. */
  static String sites(String kind, FleetBenchmark.Options o) {
    return switch (kind) {
      case "tcp" -> "`tcp://` to nginx's HTTP port: half `tcp-connect`, half `tcp-expect` (a request line, the "
          + "page's marker)";
      case "dns" -> "`dns://site<i>.bench`: `dns-rcode` and `dns-record` (type A, one query) of the benchmark's "
          + "dnsmasq at " + o.dnsServer;
      case "mixed" -> "per 100 sites " + o.kindShares.http() + " http, " + o.kindShares.tcp() + " tcp, "
          + o.kindShares.dns() + " dns";
      default -> o.fleet.equals("small") ? "the small page over HTTP (`--fleet small`)" : "the HTTP mix";
    };
  }

  /**
   * Runs the ramp once per kind, each in a table of its own, then a table of the ceilings.
   *
   * @return the {@code http} kind's ceiling (the one compared with the peers), 0 when it was not ramped
   */
  static double ramps(FleetBenchmark.Options o, Fleet fleet, Report report, FleetBenchmark.Progress progress)
      throws Exception {
    record Row(String kind, FleetBenchmark.Ramp ramp) {}
    List<Row> rows = new ArrayList<>();
    double http = 0;
    for (String kind : o.kinds) {
      FleetBenchmark.Ramp r = FleetBenchmark.ramp(o, fleet.withShares(shares(kind, o.kindShares)), ", " + kind
          + " sites", report, progress);
      rows.add(new Row(kind, r));
      if (kind.equals("http")) {
        http = r.best();
        // the line benchmarks/run reads for its ratios to the peers, which are HTTP
        report.note(String.format(Locale.ROOT, "Highest sustained rate: **%,.0f probes/s** (%,.0f checks/s).",
            r.best(), 3 * r.best()));
      }
    }
    Report.Table t = report.table("Ceiling per probe kind", "kind", "sites", "highest sustained probes/s",
        "checks/s at it", "first rate not sustained",
        "at the highest: probes with a transport error; tasks ok/warn/crit/unknown/pending");
    for (Row row : rows) {
      double checks = switch (row.kind()) {
        case "mixed" -> row.ramp().best() * (o.kindShares.http() * Fleet.checksPerProbe("http")
            + o.kindShares.tcp() * Fleet.checksPerProbe("tcp") + o.kindShares.dns() * Fleet.checksPerProbe("dns"))
            / 100.0;
        default -> row.ramp().best() * Fleet.checksPerProbe(row.kind());
      };
      t.row(row.kind(), sites(row.kind(), o), String.format(Locale.ROOT, "%,.0f", row.ramp().best()),
          String.format(Locale.ROOT, "%,.0f", checks), row.ramp().failedAt() == 0 ? "none (the ramp's end)"
              : String.format(Locale.ROOT, "%,d", row.ramp().failedAt()),
          row.ramp().atBest() == null ? "—" : String.format(Locale.ROOT, "%.1f %%; %s",
              100 * row.ramp().atBest().transportErrorShare(), row.ramp().atBest().severities()));
    }
    return http;
  }
}
