package org.argos.checks.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.argos.api.IpVersion;
import org.argos.checks.http.HostResolver;

/**
 * The name lookup every probe of a host makes (HTTP, TCP, TLS): the addresses of the requested family only, within the
 * probe's deadline. A blocking resolver cannot be interrupted, so it runs on a virtual thread of its own and the probe
 * stops waiting at the deadline. One implementation, so that the probes report the same failure the same way: a name
 * with no address of the family is {@link NoAddressException}, a lookup past the deadline {@link DnsTimeoutException}.
 * Internal to argos-checks-builtin (not exported).
 */
public final class FamilyLookup {
  private FamilyLookup() {}

  /**
   * @param resolver the probe's resolver
   * @param host a host name, or an IP literal (an IPv6 one without brackets), which is parsed, not looked up
   * @param family the family to keep
   * @param deadlineNanos the probe's deadline, on {@link System#nanoTime()}'s scale
   * @param threadName the name of the lookup's thread
   * @return the host's addresses of the family, in the resolver's order
   * @throws NoAddressException when the name resolves, but not in the family
   * @throws DnsTimeoutException when the lookup did not finish by the deadline
   * @throws UnknownHostException when the name does not resolve
   * @throws InterruptedException when the probe's thread is interrupted
   */
  public static List<InetAddress> resolve(HostResolver resolver, String host, IpVersion family, long deadlineNanos,
      String threadName) throws UnknownHostException, InterruptedException {
    List<InetAddress> all = isLiteral(host) ? List.of(InetAddress.getByName(host))
        : withinDeadline(resolver, host, deadlineNanos, threadName);
    if (all == null || all.isEmpty()) {
      throw new UnknownHostException(host + ": no address");
    }
    List<InetAddress> kept = new ArrayList<>();
    for (InetAddress a : all) {
      if (family == IpVersion.IPV4 ? a instanceof Inet4Address : a instanceof Inet6Address) {
        kept.add(a);
      }
    }
    if (kept.isEmpty()) {
      throw new NoAddressException(host + " has no IPv" + family.label() + " address (it resolves to "
          + all.stream().map(InetAddress::getHostAddress).toList() + ")");
    }
    return kept;
  }

  /** @return true for an IPv4 or IPv6 literal (without brackets): parsed, never looked up */
  public static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
  }

  private static List<InetAddress> withinDeadline(HostResolver resolver, String host, long deadline, String threadName)
      throws UnknownHostException, InterruptedException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new DnsTimeoutException("no time left to resolve " + host);
    }
    if (!resolver.mayBlock()) {
      return resolver.resolve(host); // answers from memory: nothing to bound, no thread to hand over to
    }
    FutureTask<List<InetAddress>> task = new FutureTask<>(() -> resolver.resolve(host));
    Thread.ofVirtual().name(threadName).start(task);
    try {
      return task.get(remaining, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new DnsTimeoutException("resolving " + host + " did not finish in time");
    } catch (InterruptedException e) {
      task.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException u) {
        throw u;
      }
      UnknownHostException u = new UnknownHostException(host + ": " + e.getCause());
      u.initCause(e.getCause());
      throw u;
    }
  }

  /** The name resolves, but not in the family the request must use. */
  public static final class NoAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    /** @param message what the name resolves to */
    public NoAddressException(String message) {
      super(message);
    }
  }

  /** The resolver did not answer before the probe's deadline. */
  public static final class DnsTimeoutException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    /** @param message what was being resolved */
    public DnsTimeoutException(String message) {
      super(message);
    }
  }
}
