package org.argos.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An IP address or a CIDR block ({@code 10.0.0.5}, {@code 10.0.0.0/24}, {@code 2001:db8::/32}), matched against a
 * site whose host is an IP literal. Nothing is resolved: a host name never matches (matching the addresses a name
 * resolves to needs the stored resolutions of issue 19 §3).
 *
 * @param network the first address of the block (bits beyond the prefix are cleared)
 * @param prefix the prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record AddressRange(InetAddress network, int prefix) {
  /** Validates and clears the bits beyond the prefix. */
  public AddressRange {
    if (network == null) {
      throw new InvalidSiteException("address: an IP address is required");
    }
    int bits = network.getAddress().length * 8;
    if (prefix < 0 || prefix > bits) {
      throw new InvalidSiteException("address: the prefix of " + network.getHostAddress() + " is 0 to " + bits
          + ", got " + prefix);
    }
    network = masked(network, prefix);
  }

  /**
   * @param text an IP literal, optionally followed by {@code /prefix}
   * @return the range; throws {@link InvalidSiteException} for anything else (host names are refused: nothing is
   *     resolved)
   */
  public static AddressRange parse(String text) {
    if (text == null || text.isBlank() || text.length() > 60) {
      throw new InvalidSiteException("address: expected an IP address or a CIDR block such as 10.0.0.0/24, got '"
          + (text == null ? "" : text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'");
    }
    String t = text.trim();
    int slash = t.indexOf('/');
    InetAddress a = literal(slash < 0 ? t : t.substring(0, slash));
    if (a == null) {
      throw new InvalidSiteException("address: expected an IP address or a CIDR block such as 10.0.0.0/24 (host names "
          + "are not resolved), got '" + t + "'");
    }
    int bits = a.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (!p.matches("\\d{1,3}")) {
        throw new InvalidSiteException("address: the prefix after '/' is a number, got '" + p + "'");
      }
      prefix = Integer.parseInt(p);
    }
    return new AddressRange(a, prefix);
  }

  /**
   * @param domain a site's domain (a URL such as {@code https://10.0.0.5:8443})
   * @return true when its host is an IP literal within this range
   */
  public boolean matchesDomain(String domain) {
    String host;
    try {
      host = URI.create(domain).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host == null) {
      return false;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress a = literal(host);
    return a != null && a.getAddress().length == network.getAddress().length && network.equals(masked(a, prefix));
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }

  /** @return the address a literal denotes, or null when it is not one (never a DNS lookup) */
  static @Nullable InetAddress literal(String s) {
    try {
      if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        String[] parts = s.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
          int v = Integer.parseInt(parts[i]);
          if (v > 255) {
            return null;
          }
          b[i] = (byte) v;
        }
        return InetAddress.getByAddress(b);
      }
      if (s.contains(":") && s.matches("[0-9A-Fa-f:.]+")) {
        return InetAddress.getByName("[" + s + "]"); // brackets: parsed as an IPv6 literal or refused, never resolved
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return null;
  }

  private static InetAddress masked(InetAddress a, int prefix) {
    byte[] b = a.getAddress();
    byte[] out = Arrays.copyOf(b, b.length);
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
    }
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // a 4- or 16-byte array is always accepted
    }
  }
}
