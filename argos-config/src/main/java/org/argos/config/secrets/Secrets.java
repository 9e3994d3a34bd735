package org.argos.config.secrets;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Our own secrets ({@code general.cookie_secret}, {@code service.secrets}, {@code argos_java.api_tokens}): how new
 * ones are made, and which values are refused. Third-party credentials (a mail or LDAP password, a Gotify token) are
 * not ours to judge and are not checked here.
 */
public final class Secrets {
  /** The shortest secret accepted, in characters. */
  static final int MIN_LENGTH = 16;

  /** What a refused secret's error tells the user to run. */
  public static final String GENERATE = "argos server generate-token";

  /**
   * Every secret value this project (or the Argos example config it reads unchanged) ever shipped in an example
   * config, a doc, a script or {@code generate-config}, compared after {@link #normalize}. Anyone can read them, so a
   * server using one is open to anyone. Keep this list when the examples change: old copies stay in the wild.
   */
  private static final Set<String> PUBLISHED = Set.of(
      normalize("change-me-please"),                     // examples/daemon/argos-config.yaml, cookie_secret
      normalize("5f1c2bde-0a55-4c69-9d8b-2f7c7e0a1b3d"), // examples/daemon/argos-config.yaml, service.secrets
      normalize("1b1ee9b2-9d3f-44b8-9a3e-f3f1a2b0c1d2"), // the Argos Panoptès example config, service.secrets
      normalize("foo_bar_baz"),                          // the Argos Panoptès example config, cookie_secret
      normalize("status-pages-benchmark"),               // benchmarks/status-pages, cookie_secret
      normalize("bench"));                               // benchmarks/status-pages, service.secrets

  /**
   * Words that mark a placeholder rather than a secret, refused at the start of a value ({@code change-me},
   * {@code changeme-now}, {@code secret123...}). Each has at least 6 letters, none a hexadecimal digit string, so a
   * random value (hexadecimal, base64, a UUID) starts with one by a chance of about 10^-9 at most.
   */
  private static final Set<String> PLACEHOLDERS = Set.of("changeme", "changethis", "changeit", "replaceme",
      "replacethis", "yoursecret", "yourtoken", "mysecret", "mytoken", "secret", "password", "passw0rd", "placeholder",
      "example", "default", "insecure", "notasecret", "letmein", "qwerty");

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** @return a new secret: 32 bytes from {@link SecureRandom}, as 64 hexadecimal digits (safe in YAML, shells, URLs) */
  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * @return why this value must not be used as one of our secrets (a sentence to follow the key's name), or null when
   *     it may be; the value itself is never part of the answer, so errors and logs do not spread it
   */
  public static @Nullable String weakness(String value) {
    int length = value.codePointCount(0, value.length());
    String n = normalize(value);
    if (PUBLISHED.contains(n)) {
      return "is a value published in an example config: anyone can use it; replace it with a new random secret ("
          + GENERATE + ")";
    }
    if (value.isBlank()) {
      return "must not be empty; set a random secret (" + GENERATE + ")";
    }
    if (length < MIN_LENGTH) {
      return "is " + length + (length == 1 ? " character" : " characters") + " long; a secret needs at least "
          + MIN_LENGTH + " random characters (" + GENERATE + " makes one)";
    }
    for (String p : PLACEHOLDERS) {
      if (n.startsWith(p)) {
        return "looks like a placeholder ('" + p + "...'), not a secret; replace it with a random one (" + GENERATE
            + ")";
      }
    }
    if (value.codePoints().distinct().count() < 6) {
      return "has fewer than 6 different characters: it is easy to guess; replace it with a random secret (" + GENERATE
          + ")";
    }
    return null;
  }

  /** Lower case, letters and digits only: {@code Change_Me-Please} and {@code changemeplease} are the same value. */
  private static String normalize(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    value.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
    return sb.toString();
  }
}
