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
