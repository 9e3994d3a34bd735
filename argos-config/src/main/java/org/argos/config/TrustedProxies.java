package org.argos.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The reverse proxies whose {@code X-Forwarded-For} the server believes ({@code argos_java.trusted_proxies}): IP
 * addresses and CIDR ranges, IPv4 or IPv6. A request's client address is its TCP peer, unless the peer is one of these;
 * then it is the right-most address of the {@code X-Forwarded-For} chain that is not one of these (each trusted hop
 * appended the address it saw, so everything left of the first untrusted address may be forged by the client).
 * Addresses are read as literals only: nothing here ever makes a DNS lookup.
 */
public final class TrustedProxies {
  /** Trusts nobody: the client address is always the TCP peer. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());
  /** Entries of a forwarded chain read at most, from the right: a longer chain is a forgery or a loop. */
  static final int MAX_HOPS = 64;
  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final List<String> entries;
  private final List<Range> ranges;

  private TrustedProxies(List<String> entries, List<Range> ranges) {
    this.entries = List.copyOf(entries);
    this.ranges = List.copyOf(ranges);
  }

  /**
   * @param entries addresses ({@code 127.0.0.1}, {@code ::1}) and CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8})
   * @return the proxies these name
   * @throws IllegalArgumentException naming the first entry that is not an address or a range
   */
  public static TrustedProxies of(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String e : entries) {
      ranges.add(range(e));
    }
    return new TrustedProxies(entries, ranges);
  }

  /**
   * Checks one entry.
   *
   * @throws IllegalArgumentException saying what is wrong with it and what is expected
   */
  public static void check(String entry) {
    range(entry);
  }

  private static Range range(String entry) {
    String e = entry.trim();
    int slash = e.indexOf('/');
    String addr = slash < 0 ? e : e.substring(0, slash);
    byte[] bytes = address(addr);
    if (bytes == null) {
      throw new IllegalArgumentException("expected an IP address or a CIDR range (such as 127.0.0.1, ::1 or "
          + "10.0.0.0/8), got '" + entry + "'");
    }
    int max = bytes.length * 8;
    if (addr.contains(":") && bytes.length == 4) {
      throw new IllegalArgumentException("'" + entry + "' is an IPv4 address written as IPv6: write it as "
          + canonical(bytes) + (slash < 0 ? "" : "/<prefix>"));
    }
    if (slash < 0) {
      return new Range(bytes, max);
    }
    String p = e.substring(slash + 1);
    int prefix;
    try {
      prefix = p.matches("\\d{1,3}") ? Integer.parseInt(p) : -1;
    } catch (NumberFormatException ex) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException("the prefix length of '" + entry + "' must be a number from 0 to " + max);
    }
    Range r = new Range(bytes, prefix);
    byte[] network = bytes.clone();
    for (int bit = prefix; bit < max; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    if (!Arrays.equals(network, bytes)) {
      // As Python's ipaddress does: a range with host bits set is most likely a typo of the address or of the prefix.
      throw new IllegalArgumentException("'" + entry + "' has host bits set: did you mean " + canonical(network) + "/"
          + prefix + " (the range) or " + canonical(bytes) + " (one address)?");
    }
    return r;
  }

  /** @return the entries as written, for messages and equality */
  public List<String> entries() {
    return entries;
  }

  /** @return true when the address (a literal) is one of the trusted proxies */
  public boolean trusts(String address) {
    byte[] a = address(address);
    return a != null && trusts(a);
  }

  private boolean trusts(byte[] a) {
    for (Range r : ranges) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The address of the client a request comes from.
   *
   * @param peer the TCP peer's address
   * @param forwardedFor every {@code X-Forwarded-For} header line of the request, in order (a proxy may add a line
   *     instead of extending the last one)
   * @return the peer (in canonical form), or when the peer is trusted, the right-most untrusted address of the chain
   *     (the left-most one when all are trusted; the last readable one when an entry is not an address)
   */
  public String clientAddress(String peer, List<String> forwardedFor) {
    byte[] p = address(peer);
    if (p == null) {
      return peer; // not an IP (a Unix socket, a test double): nothing to compare, nothing to believe
    }
    String client = canonical(p);
    if (ranges.isEmpty() || !trusts(p) || forwardedFor.isEmpty()) {
      return client;
    }
    List<String> hops = new ArrayList<>();
    for (String line : forwardedFor) {
      for (String h : line.split(",", -1)) {
        hops.add(h);
      }
    }
    for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
      byte[] a = address(forwardedEntry(hops.get(i)));
      if (a == null) {
        break; // garbage: the last trusted hop is the best we know
      }
      client = canonical(a);
      if (!trusts(a)) {
        break;
      }
    }
    return client;
  }

  /** @return an X-Forwarded-For entry without spaces, brackets or port ({@code [::1]:443}, {@code 1.2.3.4:80}) */
  private static String forwardedEntry(String raw) {
    String s = raw.trim();
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      return end < 0 ? s : s.substring(1, end);
    }
    int colon = s.indexOf(':');
    if (colon > 0 && s.indexOf(':', colon + 1) < 0) {
      return s.substring(0, colon); // IPv4 with a port
    }
    return s;
  }

  /** @return the bytes of an IPv4 or IPv6 literal (IPv4-mapped IPv6 gives 4 bytes), or null; never a DNS lookup */
  static byte @Nullable [] address(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone > 0 && s.indexOf(':') >= 0) {
      s = s.substring(0, zone); // fe80::1%eth0: the zone names our interface, not the client
    }
    if (IPV4.matcher(s).matches()) {
      String[] parts = s.split("\\.");
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        b[i] = (byte) Integer.parseInt(parts[i]);
      }
      return b;
    }
    if (s.indexOf(':') >= 0 && IPV6_CHARS.matcher(s).matches()) {
      try {
        // With a ':' the JDK reads the text as an IPv6 literal and never resolves it.
        return InetAddress.getByName("[" + s + "]").getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }
    return null;
  }

  /** @return the address in the JDK's canonical text form ({@code 0:0:0:0:0:0:0:1} for {@code ::1}) */
  static String canonical(byte[] address) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * @return the address the login throttle counts failures against: the address itself for IPv4, its /64 network for
   *     IPv6 (one subscriber usually holds a whole /64, so counting single addresses would let one client escape the
   *     per-address limit by changing address)
   */
  public static String throttleKey(String address) {
    byte[] a = address(address);
    if (a == null || a.length == 4) {
      return address;
    }
    byte[] net = Arrays.copyOf(Arrays.copyOf(a, 8), 16);
    return canonical(net) + "/64";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustedProxies t && t.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "TrustedProxies" + entries;
  }
}
