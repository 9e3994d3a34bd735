package org.argos.api.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.Alert;
import org.argos.api.InvalidValueException;
import org.argos.api.Severity;
import org.jspecify.annotations.Nullable;

/**
 * What a notifier sends: one alert, or several grouped by the engine when many arrive together.
 *
 * <p>The engine sends a notification again, with the same {@code idempotencyKey} and the same {@code alertIds}, when it
 * cannot know whether an earlier attempt reached the receiver (a node killed while the receiver answered). A channel
 * passes the key on where its receiver can see it (the webhook's {@code Idempotency-Key} header, mail's
 * {@code X-Argos-Idempotency-Key} and {@code Message-ID}), so a receiver that keeps the keys it has seen drops the
 * repeat.
 *
 * @param alerts the alerts listed, at least one, worst first
 * @param omitted further alerts of the same group not listed (grouping lists the top N)
 * @param baseUrl the public URL of the daemon's web UI, for links, or null
 * @param idempotencyKey identifies this message: a repeat of it carries the same key, a different message never does
 * @param alertIds the ids of every alert the notification stands for, listed and omitted, in ascending order
 * @param ackUrls for listed alerts of failing tasks, by alert id, a signed link that acknowledges the task without a
 *     login (once, until it expires); empty without a base URL or a store that acknowledges
 * @param cause what the alerts have in common when the engine grouped them by cause (the same backend address, the
 *     same certificate, the same error...), or null for an alert alone or a group by time only. Notifiers written
 *     before it existed ignore it and still read a grouped notification.
 * @param digest for a channel's daily digest (one alert of kind {@link org.argos.api.AlertKind#DIGEST} whose message
 *     is the digest's headline), what is still failing; null for any other notification. Notifiers written before it
 *     existed show the headline.
 */
public record Notification(
    List<Alert> alerts, int omitted, @Nullable String baseUrl, String idempotencyKey, List<Long> alertIds,
    Map<Long, String> ackUrls, @Nullable Cause cause, @Nullable Digest digest) {
  /** Validates and copies. */
  public Notification {
    if (alerts.isEmpty()) {
      throw new InvalidValueException("a notification needs at least one alert");
    }
    if (omitted < 0) {
      throw new InvalidValueException("omitted must not be negative: " + omitted);
    }
    if (idempotencyKey.isBlank()) {
      throw new InvalidValueException("a notification needs an idempotency key");
    }
    alerts = List.copyOf(alerts);
    ackUrls = ackUrls == null ? Map.of() : Map.copyOf(ackUrls);
    alertIds = alertIds.stream().sorted().distinct().toList();
    Set<Long> all = new HashSet<>(alertIds);
    for (Alert a : alerts) {
      if (!all.contains(a.id())) {
        throw new InvalidValueException("listed alert " + a.id() + " is missing from alertIds");
      }
    }
  }

  /**
   * A notification that is not a digest.
   *
   * @param alerts the alerts listed, at least one, worst first
   * @param omitted further alerts of the same group not listed
   * @param baseUrl the public URL of the daemon's web UI, for links, or null
   * @param idempotencyKey identifies this message
   * @param alertIds the ids of every alert the notification stands for
   * @param ackUrls signed acknowledgement links by alert id
   * @param cause what the alerts have in common, or null
   */
  public Notification(List<Alert> alerts, int omitted, @Nullable String baseUrl, String idempotencyKey,
      List<Long> alertIds, Map<Long, String> ackUrls, @Nullable Cause cause) {
    this(alerts, omitted, baseUrl, idempotencyKey, alertIds, ackUrls, cause, null);
  }

  /**
   * A notification without acknowledgement links.
   *
   * @param alerts the alerts listed, at least one, worst first
   * @param omitted further alerts of the same group not listed
   * @param baseUrl the public URL of the daemon's web UI, for links, or null
   * @param idempotencyKey identifies this message
   * @param alertIds the ids of every alert the notification stands for
   * @param cause what the alerts have in common, or null
   */
  public Notification(List<Alert> alerts, int omitted, @Nullable String baseUrl, String idempotencyKey,
      List<Long> alertIds, @Nullable Cause cause) {
    this(alerts, omitted, baseUrl, idempotencyKey, alertIds, Map.of(), cause);
  }

  /**
   * A notification without a cause.
   *
   * @param alerts the alerts listed, at least one, worst first
   * @param omitted further alerts of the same group not listed
   * @param baseUrl the public URL of the daemon's web UI, for links, or null
   * @param idempotencyKey identifies this message
   * @param alertIds the ids of every alert the notification stands for
   * @param ackUrls signed acknowledgement links by alert id
   */
  public Notification(List<Alert> alerts, int omitted, @Nullable String baseUrl, String idempotencyKey,
      List<Long> alertIds, Map<Long, String> ackUrls) {
    this(alerts, omitted, baseUrl, idempotencyKey, alertIds, ackUrls, null);
  }

  /**
   * A notification without a cause.
   *
   * @param alerts the alerts listed, at least one, worst first
   * @param omitted further alerts of the same group not listed
   * @param baseUrl the public URL of the daemon's web UI, for links, or null
   * @param idempotencyKey identifies this message
   * @param alertIds the ids of every alert the notification stands for
   */
  public Notification(List<Alert> alerts, int omitted, @Nullable String baseUrl, String idempotencyKey,
      List<Long> alertIds) {
    this(alerts, omitted, baseUrl, idempotencyKey, alertIds, Map.of(), null);
  }

  /**
   * A notification whose listed alerts are all it stands for, or (with {@code omitted > 0}) one that does not know the
   * omitted alerts' ids; its key is derived from the listed ids.
   *
   * @param alerts the alerts, at least one, worst first
   * @param omitted further alerts of the same group not listed
   * @param baseUrl the public URL of the daemon's web UI, for links, or null
   */
  public Notification(List<Alert> alerts, int omitted, @Nullable String baseUrl) {
    this(alerts, omitted, baseUrl, keyOf("", alerts.stream().map(Alert::id).toList()),
        alerts.stream().map(Alert::id).toList());
  }

  /**
   * The key the engine gives a message: the same channel and the same alerts always give the same key.
   *
   * @param channel the channel name
   * @param alertIds the alerts the message stands for (any order)
   * @return 32 lower-case hex digits
   */
  public static String keyOf(String channel, List<Long> alertIds) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(channel.getBytes(StandardCharsets.UTF_8));
      for (long id : alertIds.stream().sorted().distinct().toList()) {
        sha.update((byte) ',');
        sha.update(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** @return the severity of the first (worst) alert */
  public Severity severity() {
    return alerts.get(0).severity();
  }

  /** @return number of alerts this notification stands for */
  public int total() {
    return alerts.size() + omitted;
  }

  /**
   * What the alerts of a notification have in common: one broken thing behind many tasks.
   *
   * @param kind what they share: {@code address} (the same resolved address and port), {@code certificate} (the same
   *     TLS leaf certificate), {@code error} (the same error message), {@code tag} (the same site tag) or
   *     {@code domain} (the same parent domain)
   * @param value the shared value: {@code 10.0.0.5:443}, a SHA-256 fingerprint, the message, the tag, the suffix
   * @param summary one line for people: {@code 10.0.0.5:443 — 312 sites critical (connect: timed out)}
   * @param domains every site concerned, sorted, at most {@link #MAX_DOMAINS} (the webhook sends them all)
   * @param link where the full list is, in the web UI or the API, or null without a base URL
   */
  public record Cause(String kind, String value, String summary, List<String> domains, @Nullable String link) {
    /** The most domains a cause lists. */
    public static final int MAX_DOMAINS = 10_000;

    /** Validates and copies. */
    public Cause {
      if (kind.isBlank() || value.isBlank() || summary.isBlank()) {
        throw new InvalidValueException("a cause needs a kind, a value and a summary");
      }
      domains = domains.stream().distinct().sorted().limit(MAX_DOMAINS).toList();
    }
  }

  /**
   * A channel's daily digest: what is still failing among the tasks routed to the channel, worst first (severity, then
   * the longest failing), the first {@link #MAX_LISTED} listed.
   *
   * @param channel the channel
   * @param date the local date of the digest in {@code zone}
   * @param zone the channel's time zone
   * @param tasks the failing tasks listed, worst first; empty when nothing fails ("all clear")
   * @param failing how many tasks routed to the channel fail, listed or not (at least {@code tasks.size()})
   * @param acknowledged how many of them are acknowledged
   */
  public record Digest(String channel, java.time.LocalDate date, java.time.ZoneId zone, List<Entry> tasks, int failing,
      int acknowledged) {
    /** The most tasks a digest lists; the rest are counted. */
    public static final int MAX_LISTED = 100;

    /** Validates and copies. */
    public Digest {
      tasks = List.copyOf(tasks);
      if (tasks.size() > MAX_LISTED || failing < tasks.size() || acknowledged < 0 || acknowledged > failing) {
        throw new InvalidValueException("a digest lists at most " + MAX_LISTED + " of its failing tasks, got "
            + tasks.size() + " of " + failing + " (" + acknowledged + " acknowledged)");
      }
    }

    /** @return failing tasks not listed */
    public int omitted() {
      return failing - tasks.size();
    }

    /**
     * One failing task of a digest.
     *
     * @param taskId the task
     * @param domain its site
     * @param url the URL probed
     * @param check the check type
     * @param severity its severity now (never ok)
     * @param since since when it has had it
     * @param message its last result's message
     * @param ackedBy who acknowledged the failure, or null when nobody did
     */
    public record Entry(long taskId, String domain, String url, String check, Severity severity,
        java.time.Instant since, String message, @Nullable String ackedBy) {
      /** @return whether someone acknowledged the failure */
      public boolean acknowledged() {
        return ackedBy != null;
      }
    }
  }
}
