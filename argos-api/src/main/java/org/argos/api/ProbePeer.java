package org.argos.api;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a probe connected to (or last tried to): the resolved remote address and port, and the fingerprint of the TLS
 * leaf certificate the server presented. Kept with each group's last run, so that alerts that change together can be
 * grouped by their cause (the same backend, the same certificate) from data rather than from names.
 *
 * @param address the remote IP address, as a literal ({@code 10.0.0.5}, {@code 2001:db8::1}), at most 64 characters
 * @param port the remote port, 1 to 65535
 * @param certSha256 the SHA-256 fingerprint of the TLS leaf certificate, 64 lower-case hex digits, or null over plain
 *     HTTP or when no handshake completed
 */
public record ProbePeer(String address, int port, @Nullable String certSha256) {
  /** Validates: bounded, so a hostile agent's report cannot swell what is stored. */
  public ProbePeer {
    if (address == null || address.isBlank() || address.length() > 64
        || !address.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '%')) {
      throw new InvalidValueException("peer address must be an IP literal of at most 64 characters, got '"
          + address + "'");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidValueException("peer port must be 1 to 65535, got " + port);
    }
    if (certSha256 != null) {
      certSha256 = certSha256.toLowerCase(Locale.ROOT);
      if (!certSha256.matches("[0-9a-f]{64}")) {
        throw new InvalidValueException("peer certSha256 must be 64 hex digits, got '" + certSha256 + "'");
      }
    }
  }

  /** @return {@code address:port}, the IPv6 address in brackets */
  public String endpoint() {
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }
}
