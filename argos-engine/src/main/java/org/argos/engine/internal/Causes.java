package org.argos.engine.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.ProbePeer;
import org.argos.api.Severity;
import org.argos.api.Site;
import org.argos.api.spi.Notification;
import org.argos.api.store.OutboxEntry;
import org.jspecify.annotations.Nullable;

/**
 * Splits the alerts of one (channel, severity) bucket by cause, so that a mass outage reads "10.0.0.5:443 — 312 sites
 * critical (connect: timed out)" rather than "312 tasks critical". Keys are tried in order of preference: the same
 * resolved address and port, the same TLS leaf certificate, the same error message (failures only), the same tag, the
 * same parent domain. At each key the largest set of at least {@code minSize} alerts sharing a value becomes a cause,
 * then the next largest among the alerts left, and so on; alerts no cause takes stay grouped by time alone.
 * Deterministic: the same alerts and peers give the same groups, so a message repeated after a crash reads the same.
 */
final class Causes {
  /** How many alerts must share a value to be told as one cause. */
  static final int MIN_SIZE = 3;
  private static final int MESSAGE_IN_SUMMARY = 100;

  /** A group of alerts, and its cause when it has one. */
  record Group(List<OutboxEntry> entries, Notification.@Nullable Cause cause) {}

  private record Key(String kind, Function<OutboxEntry, Collection<String>> values) {}

  private final Map<Long, ProbePeer> peers;
  private final Function<String, Optional<Site>> sites;
  private final @Nullable String baseUrl;
  private final int minSize;

  /**
   * @param peers the last peer of each task that has one
   * @param sites the site of a domain
   * @param baseUrl the web UI's public URL, for links, or null
   * @param minSize how many alerts make a cause
   */
  Causes(Map<Long, ProbePeer> peers, Function<String, Optional<Site>> sites, @Nullable String baseUrl, int minSize) {
    this.peers = peers;
    this.sites = sites;
    this.baseUrl = baseUrl;
    this.minSize = minSize;
  }

  /**
   * @param severity the bucket's severity, or null when it mixes them (a window's end tells what still fails in one
   *     summary per channel)
   * @return the bucket's alerts by cause (largest first), then those of no cause in one group, if any
   */
  List<Group> split(List<OutboxEntry> bucket, @Nullable Severity severity) {
    List<Key> keys = keys(severity);
    List<OutboxEntry> left = new ArrayList<>();
    List<OutboxEntry> apart = new ArrayList<>(); // no-agent alerts: about no site, never part of a cause
    for (OutboxEntry e : bucket) {
      (e.alert().kind() == AlertKind.NO_AGENT || e.alert().change().taskId() <= 0 ? apart : left).add(e);
    }
    List<Group> groups = new ArrayList<>();
    for (Key key : keys) {
      while (left.size() >= minSize) {
        Map<String, List<OutboxEntry>> byValue = new LinkedHashMap<>();
        for (OutboxEntry e : left) {
          for (String v : key.values().apply(e)) {
            if (!v.isBlank()) {
              byValue.computeIfAbsent(v, x -> new ArrayList<>()).add(e);
            }
          }
        }
        Map.Entry<String, List<OutboxEntry>> best = byValue.entrySet().stream()
            .max(Comparator.comparingInt((Map.Entry<String, List<OutboxEntry>> x) -> x.getValue().size())
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())) // ties: the smallest value, stably
            .orElse(null);
        if (best == null || best.getValue().size() < minSize) {
          break;
        }
        groups.add(new Group(best.getValue(), cause(key.kind(), best.getKey(), best.getValue(), severity)));
        Set<OutboxEntry> taken = new HashSet<>(best.getValue());
        left.removeIf(taken::contains);
      }
    }
    left.addAll(apart);
    if (!left.isEmpty()) {
      groups.add(new Group(left, null));
    }
    return groups;
  }

  /** The keys in order of preference; a failure's error message is a key, a recovery's is not. */
  private List<Key> keys(@Nullable Severity severity) {
    return List.of(
        new Key("address", e -> single(peer(e) == null ? null : peer(e).endpoint())),
        new Key("certificate", e -> single(peer(e) == null ? null : peer(e).certSha256())),
        new Key("error", e -> severity == Severity.OK ? List.of() : single(e.alert().change().message().strip())),
        new Key("tag", e -> sites.apply(e.alert().change().domain()).map(Site::tags).orElse(Set.of())),
        new Key("domain", e -> single(parentDomain(e.alert().change().domain()))));
  }

  /**
   * @param entry an alert
   * @param severity the severity it is told with
   * @param kind a cause's kind
   * @param value a cause's value
   * @return true when the alert shares that value (an alert about no task shares none)
   */
  boolean shares(OutboxEntry entry, Severity severity, String kind, String value) {
    if (entry.alert().kind() == AlertKind.NO_AGENT || entry.alert().change().taskId() <= 0) {
      return false;
    }
    for (Key key : keys(severity)) {
      if (key.kind().equals(kind)) {
        return key.values().apply(entry).contains(value);
      }
    }
    return false;
  }

  /**
   * One cause for alerts held back while their causes had just been told ({@link CauseHolds}): the causes these
   * alerts share, named together, such as {@code 10.0.0.5:443 (120), 10.0.0.6:443 (98) — 218 more sites critical}.
   *
   * @param entries the alerts, all of one severity
   * @param severity their severity
   * @return the cause, and the causes it names (to be held again)
   */
  FollowUp followUp(List<OutboxEntry> entries, Severity severity) {
    List<Group> groups = split(entries, severity);
    List<Notification.Cause> named = groups.stream().map(Group::cause).filter(java.util.Objects::nonNull).toList();
    TreeSet<String> domains = new TreeSet<>();
    entries.forEach(e -> domains.add(e.alert().change().domain()));
    if (named.isEmpty()) {
      return new FollowUp(null, List.of());
    }
    StringBuilder label = new StringBuilder();
    int shown = 0;
    for (Group g : groups) {
      if (g.cause() != null && shown < 5) {
        label.append(shown++ == 0 ? "" : ", ").append(label(g.cause().kind(), g.cause().value())).append(" (")
            .append(g.entries().size()).append(')');
      }
    }
    if (named.size() > shown) {
      label.append(" and ").append(named.size() - shown).append(" other causes");
    }
    int others = groups.stream().filter(g -> g.cause() == null).mapToInt(g -> g.entries().size()).sum();
    String counted = domains.size() + (domains.size() == 1 ? " more site " : " more sites ") + severity.label()
        + (others > 0 ? " (" + others + " of another cause)" : "");
    boolean one = named.size() == 1;
    Notification.Cause cause = new Notification.Cause(one ? named.get(0).kind() : "causes",
        one ? named.get(0).value() : String.join(", ", named.stream().map(Notification.Cause::value).toList()),
        label + " — " + counted, List.copyOf(domains), one ? named.get(0).link() : link("causes", "", severity));
    return new FollowUp(cause, named);
  }

  /** A follow-up's cause, and the causes it names. */
  record FollowUp(Notification.@Nullable Cause cause, List<Notification.Cause> named) {}

  /** @return the cause of all these alerts together (a message repeated as it was), or null when they have none */
  Notification.@Nullable Cause of(List<OutboxEntry> entries, Severity severity) {
    List<Group> groups = split(entries, severity);
    return groups.size() == 1 ? groups.get(0).cause() : null;
  }

  private @Nullable ProbePeer peer(OutboxEntry e) {
    return peers.get(e.alert().change().taskId());
  }

  private static List<String> single(@Nullable String v) {
    return v == null ? List.of() : List.of(v);
  }

  /** {@code https://a.shop.example.org:8443} → {@code shop.example.org}; null for a bare name or an address. */
  static @Nullable String parentDomain(String domain) {
    String host;
    try {
      host = URI.create(domain).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (host == null || host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
      return null;
    }
    int dot = host.indexOf('.');
    String parent = dot < 0 ? null : host.substring(dot + 1);
    return parent == null || parent.indexOf('.') < 0 ? null : parent.toLowerCase(Locale.ROOT); // not a bare TLD
  }

  /** @param severity the bucket's severity, or null for a summary that mixes them (what still fails as a window ends) */
  private Notification.Cause cause(String kind, String value, List<OutboxEntry> entries, @Nullable Severity severity) {
    TreeSet<String> domains = new TreeSet<>();
    Map<String, Integer> messages = new HashMap<>();
    for (OutboxEntry e : entries) {
      domains.add(e.alert().change().domain());
      String m = e.alert().change().message().strip();
      if (!m.isEmpty()) {
        messages.merge(m, 1, Integer::sum);
      }
    }
    String label = label(kind, value);
    String counted = domains.size() + (domains.size() == 1 ? " site " : " sites ")
        + (severity == null ? "still failing" : severity.label())
        + (entries.size() != domains.size() ? " (" + entries.size() + " tasks)" : "");
    String why = "";
    if (!kind.equals("error") && severity != Severity.OK && !messages.isEmpty()) {
      String common = messages.entrySet().stream()
          .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
          .orElseThrow().getKey();
      why = " (" + oneLine(common) + (messages.size() > 1 ? ", and " + (messages.size() - 1) + " other messages" : "")
          + ")";
    }
    return new Notification.Cause(kind, value, label + " — " + counted + why, List.copyOf(domains), link(kind, value, severity));
  }

  /** @return how a cause is named in a headline */
  private static String label(String kind, String value) {
    return switch (kind) {
      case "certificate" -> "certificate " + value.substring(0, Math.min(16, value.length())) + "…";
      case "tag" -> "tag " + value;
      case "error" -> oneLine(value);
      default -> value;
    };
  }

  /**
   * The web UI filtered by the cause where it can be: the failing tasks at an address (the dashboard's {@code
   * ?address=}), the domain list by tag or name; else the domain list by severity (all domains when mixed).
   */
  private @Nullable String link(String kind, String value, @Nullable Severity severity) {
    if (baseUrl == null) {
      return null;
    }
    String base = baseUrl.strip().replaceAll("/+$", "");
    String v = URLEncoder.encode(value, StandardCharsets.UTF_8);
    return switch (kind) {
      case "tag" -> base + "/domains?tag=" + v;
      case "domain" -> base + "/domains?q=" + v;
      case "address" -> base + "/?address=" + v;
      default -> base + "/domains" + (severity == null ? "" : "?severity=" + severity.label());
    };
  }

  private static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() > MESSAGE_IN_SUMMARY ? line.substring(0, MESSAGE_IN_SUMMARY - 1) + "…" : line;
  }
}
