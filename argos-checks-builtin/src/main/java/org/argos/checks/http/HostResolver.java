package org.argos.checks.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Maps a host name to its addresses for {@link HttpProbe}. The probe filters the result to the IP family a request
 * asks for, so a resolver returns every address it knows. Tests and benchmarks plug in one that maps many names to
 * loopback addresses; production uses {@link #system()}.
 */
@FunctionalInterface
public interface HostResolver {
  /**
   * @param host a host name (never an IP literal: the probe handles those itself)
   * @return the addresses, in preference order; empty or an exception when the name does not resolve
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /**
   * Whether {@link #resolve} may wait on I/O. The probe calls a resolver that may block on a thread of its own, so the
   * request's timeout bounds it even when it hangs; a resolver that answers from memory says {@code false} and is
   * called on the probing thread, which saves two thread hand-overs per probe.
   *
   * @return true (the default) when {@link #resolve} may block
   */
  default boolean mayBlock() {
    return true;
  }

  /**
   * Marks a resolver as answering from memory (a map, a computation): the probe then calls it on the probing thread.
   * A resolver wrapped here must never block, since nothing would bound it.
   *
   * @param resolver computes the addresses without I/O
   * @return the same resolver, declaring {@link #mayBlock()} false
   */
  static HostResolver inMemory(HostResolver resolver) {
    if (resolver == null) {
      throw new IllegalArgumentException("resolver must not be null");
    }
    return new HostResolver() {
      @Override
      public List<InetAddress> resolve(String host) throws UnknownHostException {
        return resolver.resolve(host);
      }

      @Override
      public boolean mayBlock() {
        return false;
      }
    };
  }

  /**
   * Reads an IP literal without any lookup: what a probe does with {@link org.argos.api.spi.Probe#ADDRESS_OPTION}.
   *
   * @param text an IPv4 dotted quad, or an IPv6 address (with its zone, {@code fe80::1%2}), without brackets
   * @param family the family the request must use
   * @return the address, or null when the text is not a literal of that family
   */
  static @org.jspecify.annotations.Nullable InetAddress literal(String text, org.argos.api.IpVersion family) {
    int scope = text.indexOf('%'); // an IPv6 zone, as InetAddress writes a link-local address
    String bare = scope < 0 ? text : text.substring(0, scope);
    if (text.isEmpty() || text.length() > 64 || !OutgoingRequests.isIpLiteral(bare)
        || !bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
        || (scope >= 0 && (bare.indexOf(':') < 0 || !text.substring(scope + 1).matches("[A-Za-z0-9_.-]{1,20}")))
        || OutgoingRequests.literalFamilyMismatch(text, family) != null) {
      return null;
    }
    try {
      return InetAddress.getByName(text); // hex digits, dots, colons (and a zone): parsed as a literal
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** @return the JVM's resolver ({@link InetAddress#getAllByName}) */
  static HostResolver system() {
    return host -> Arrays.asList(InetAddress.getAllByName(host));
  }

  /**
   * @return a resolver that maps every name to {@code 127.0.0.1} and {@code ::1}, so that any number of distinct
   *     host names reach a local server (benchmarks, tests)
   */
  static HostResolver loopback() {
    return inMemory(host -> List.of(
        InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}),
        InetAddress.getByAddress(host, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})));
  }
}
