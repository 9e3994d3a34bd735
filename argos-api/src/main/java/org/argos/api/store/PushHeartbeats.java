package org.argos.api.store;

import java.util.Optional;

/**
 * An optional store capability: the latest call of each push (heartbeat) monitor, such as {@code push://backup-job},
 * whose job calls a token URL when it runs. The web side records a call; the push probe reads the latest, and the
 * {@code heartbeat} check turns its age into a severity. One row per push site, so the store grows with sites, never
 * with calls. Both stores offer it; find it with {@code store.capability(PushHeartbeats.class)}.
 *
 * <p>No token is stored: a push URL's token is derived from the site's domain with {@link #pushSecret}, the one key,
 * the same on every node, so it can be shown again to an operator and checked without a lookup.
 */
public interface PushHeartbeats {
  /** The longest domain accepted, as for sites. */
  int MAX_DOMAIN = 2048;

  /**
   * Records a call, unless the site's latest recorded call is later (two nodes may record out of order).
   *
   * @param domain the push site's domain, such as {@code push://backup-job}
   * @param beat the call
   * @throws IllegalArgumentException for a blank or too long domain
   * @throws org.argos.api.StoreException when the store fails
   */
  void recordPush(String domain, PushBeat beat);

  /**
   * @param domain the push site's domain
   * @return its latest recorded call, or empty when none was recorded
   * @throws org.argos.api.StoreException when the store fails
   */
  Optional<PushBeat> lastPush(String domain);

  /**
   * The key that derives push tokens, the same on every node of the store: the first call stores {@code candidate},
   * every call returns what is stored. Never published.
   *
   * @param candidate a new random key, 32 to 100 characters, used when none is stored yet
   * @return the stored key
   * @throws org.argos.api.StoreException when the store fails
   */
  String pushSecret(String candidate);

  /**
   * Makes {@code key} the key that derives push tokens, replacing the stored one: for a key given in a config
   * ({@code argos_java.push_key}), so tokens survive a new database. Nodes that derived tokens with another key keep
   * it until they start again.
   *
   * @param key the key, 32 to 100 characters
   * @throws IllegalArgumentException when the key is not 32 to 100 characters
   * @throws org.argos.api.StoreException when the store fails
   */
  void replacePushSecret(String key);

  /**
   * Checks a domain's bounds, shared by implementations.
   *
   * @param domain the domain
   * @return the domain
   * @throws IllegalArgumentException when blank or longer than {@link #MAX_DOMAIN}
   */
  static String checkDomain(String domain) {
    if (domain == null || domain.isBlank() || domain.length() > MAX_DOMAIN) {
      throw new IllegalArgumentException("a push site's domain is 1 to " + MAX_DOMAIN + " characters");
    }
    return domain;
  }

  /** Checks a key's bounds. @param candidate the key @return it @throws IllegalArgumentException when not 32..100 */
  static String checkSecret(String candidate) {
    if (candidate == null || candidate.length() < 32 || candidate.length() > 100) {
      throw new IllegalArgumentException("a push key is 32 to 100 characters");
    }
    return candidate;
  }
}
