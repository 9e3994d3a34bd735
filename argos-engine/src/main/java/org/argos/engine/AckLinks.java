package org.argos.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.argos.api.store.Acknowledgements;

/**
 * Signed acknowledgement links, put in mails and webhook payloads: each acknowledges one task, once, until it expires,
 * without a login. A token is {@code <task>.<alert>.<expiry>.<HMAC-SHA256>}, signed with a key that the first node
 * generates and stores ({@link Acknowledgements#linkSecret}); the key is never published. A token is used once: the
 * store records {@code <task>.<alert>} when it is.
 */
public final class AckLinks {
  /** How long a link works after the result it is about. */
  public static final Duration VALID = Duration.ofDays(7);
  /** The longest token accepted. */
  public static final int MAX_TOKEN = 200;

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Acknowledgements store;
  private volatile byte[] key;

  /** @param store where the key is kept */
  public AckLinks(Acknowledgements store) {
    this.store = store;
  }

  /**
   * A verified token.
   *
   * @param taskId the task it acknowledges
   * @param alertId the alert whose message carried it
   * @param expires when it stops working
   */
  public record Link(long taskId, long alertId, Instant expires) {
    /** @return what the store records when the link is used */
    public String useKey() {
      return taskId + "." + alertId;
    }
  }

  /**
   * @param taskId the task
   * @param alertId the alert the message is about (the same alert always gets the same link)
   * @param expires when the link stops working
   * @return the token, URL-safe
   */
  public String token(long taskId, long alertId, Instant expires) {
    String payload = taskId + "." + alertId + "." + expires.getEpochSecond();
    return payload + "." + B64.encodeToString(mac(payload));
  }

  /**
   * @param token a token as found in a link
   * @param now the current time
   * @return the link when the token is well formed, signed with this store's key and not expired; empty otherwise
   */
  public Optional<Link> verify(String token, Instant now) {
    if (token == null || token.length() > MAX_TOKEN) {
      return Optional.empty();
    }
    int sig = token.lastIndexOf('.');
    String[] parts = token.split("\\.", -1);
    if (sig < 0 || parts.length != 4) {
      return Optional.empty();
    }
    byte[] expected = B64.encodeToString(mac(token.substring(0, sig))).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    try {
      Link link = new Link(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
          Instant.ofEpochSecond(Long.parseLong(parts[2])));
      return now.isBefore(link.expires()) ? Optional.of(link) : Optional.empty();
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  /** What using a link did. */
  public enum Outcome {
    /** Not a link of this store, or expired. */
    INVALID,
    /** The link was used already. */
    USED,
    /** The link is spent, but its task is not failing, is acknowledged already, or is gone. */
    NOTHING_TO_ACKNOWLEDGE,
    /** The task is acknowledged, by {@code link}. */
    ACKNOWLEDGED
  }

  /**
   * Uses a link: acknowledges its task, as {@code link}, once per link across nodes.
   *
   * @param token the link's token
   * @param now the current time
   * @return what happened
   */
  public Outcome use(String token, Instant now) {
    Optional<Link> link = verify(token, now);
    if (link.isEmpty()) {
      return Outcome.INVALID;
    }
    if (!store.useToken(link.get().useKey(), link.get().expires(), now)) {
      return Outcome.USED;
    }
    return store.acknowledge(java.util.List.of(link.get().taskId()), "link", now).isEmpty()
        ? Outcome.NOTHING_TO_ACKNOWLEDGE : Outcome.ACKNOWLEDGED;
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private byte[] key() {
    byte[] k = key;
    if (k == null) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      k = store.linkSecret(B64.encodeToString(random)).getBytes(StandardCharsets.US_ASCII);
      key = k;
    }
    return k;
  }
}
