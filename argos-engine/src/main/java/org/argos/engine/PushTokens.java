package org.argos.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.argos.api.store.PushBeat;
import org.argos.api.store.PushHeartbeats;
import org.jspecify.annotations.Nullable;

/**
 * The tokens of push (heartbeat) monitors, and the calls they record. A push site such as {@code push://backup-job}
 * has one URL, {@code /api/push/<token>}, that its job calls; the token is the only credential the call carries, and
 * all it can do is record a call for that one site.
 *
 * <p>A token is {@code <name>.<HMAC-SHA256>}: the site's name after {@code push://} (Base64url) and its signature
 * with a key that the first node generates and stores ({@link PushHeartbeats#pushSecret}), never published. So no
 * token is stored: any node derives the same token again to show it to an operator, and checks one by comparing
 * signatures in constant time ({@link MessageDigest#isEqual}). A token changes only when the store's key does (a new
 * database; an in-memory store at each start).
 */
public final class PushTokens {
  /** The scheme of push sites. */
  public static final String SCHEME = "push";
  /** The longest token accepted (a name of up to 300 bytes). */
  public static final int MAX_TOKEN = 460;

  private static final String PREFIX = SCHEME + "://";
  private static final int MAX_NAME = 300;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final PushHeartbeats store;
  private final Supplier<Instant> now;
  private volatile byte @Nullable [] key;

  /**
   * @param store where the key and the calls are kept
   * @param now the current time, for calls
   */
  public PushTokens(PushHeartbeats store, Supplier<Instant> now) {
    this.store = store;
    this.now = now;
  }

  /**
   * @param domain a push site's domain, {@code push://<name>}
   * @return the token of its URL
   * @throws IllegalArgumentException when the domain is not a push site's, or its name is over 300 bytes
   */
  public String token(String domain) {
    byte[] name = name(domain);
    return B64.encodeToString(name) + "." + B64.encodeToString(mac(name));
  }

  /**
   * @param token a token as found in a push URL
   * @return the push site's domain when the token is well formed and signed with this store's key; empty otherwise
   */
  public Optional<String> verify(@Nullable String token) {
    if (token == null || token.length() > MAX_TOKEN) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Optional.empty();
    }
    byte[] name;
    try {
      name = Base64.getUrlDecoder().decode(token.substring(0, dot));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (name.length == 0 || name.length > MAX_NAME) {
      return Optional.empty();
    }
    byte[] expected = B64.encodeToString(mac(name)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    return Optional.of(PREFIX + new String(name, StandardCharsets.UTF_8));
  }

  /**
   * Records a call of a push site's URL, at the current time.
   *
   * @param domain the push site (as {@link #verify} found it)
   * @param ok false when the caller said it failed
   * @param message what the caller said, cut to {@value PushBeat#MAX_MESSAGE} characters, or null
   * @return the call as recorded
   */
  public PushBeat record(String domain, boolean ok, @Nullable String message) {
    PushBeat beat = PushBeat.cleaned(now.get(), ok, message);
    store.recordPush(domain, beat);
    return beat;
  }

  /** @param domain a push site @return its latest call, if any */
  public Optional<PushBeat> last(String domain) {
    return store.lastPush(domain);
  }

  /** @param domain a site's domain @return whether it is a push site's ({@code push://...}) */
  public static boolean isPush(@Nullable String domain) {
    return domain != null && domain.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  private static byte[] name(String domain) {
    if (!isPush(domain) || domain.length() == PREFIX.length()) {
      throw new IllegalArgumentException("not a push site: '" + domain + "' (expected push://<name>)");
    }
    byte[] name = domain.substring(PREFIX.length()).getBytes(StandardCharsets.UTF_8);
    if (name.length > MAX_NAME) {
      throw new IllegalArgumentException("a push site's name is at most " + MAX_NAME + " bytes");
    }
    return name;
  }

  private byte[] mac(byte[] name) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      mac.update("argos push\0".getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(name);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private byte[] key() {
    byte[] k = key;
    if (k == null) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      k = store.pushSecret(B64.encodeToString(random)).getBytes(StandardCharsets.US_ASCII);
      key = k;
    }
    return k;
  }
}
