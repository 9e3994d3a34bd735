package org.argos.checks.http;

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

/**
 * The name lookup for one probe: keeps only the requested family, and bounds the lookup by the probe's deadline, since
 * a blocking resolver cannot be interrupted.
 */
final class FamilyDns {
  private final HostResolver resolver;
  private final IpVersion version;
  private final long deadline;

  FamilyDns(HostResolver resolver, IpVersion version, long deadlineNanos) {
    this.resolver = resolver;
    this.version = version;
    this.deadline = deadlineNanos;
  }

  List<InetAddress> lookup(String host) throws UnknownHostException {
    List<InetAddress> all = resolveWithinDeadline(host);
    if (all == null || all.isEmpty()) {
      throw new UnknownHostException(host + ": no address");
    }
    List<InetAddress> kept = new ArrayList<>();
    for (InetAddress a : all) {
      if (version == IpVersion.IPV4 ? a instanceof Inet4Address : a instanceof Inet6Address) {
        kept.add(a);
      }
    }
    if (kept.isEmpty()) {
      throw new NoAddressException(host + " has no IPv" + version.label() + " address (it resolves to "
          + all.stream().map(InetAddress::getHostAddress).toList() + ")");
    }
    return kept;
  }

  private List<InetAddress> resolveWithinDeadline(String host) throws UnknownHostException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new DnsTimeoutException("no time left to resolve " + host);
    }
    if (!resolver.mayBlock()) {
      return resolver.resolve(host); // answers from memory: nothing to bound, no thread to hand over to
    }
    FutureTask<List<InetAddress>> task = new FutureTask<>(() -> resolver.resolve(host));
    Thread.ofVirtual().name("argos-dns").start(task);
    try {
      return task.get(remaining, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new DnsTimeoutException("resolving " + host + " did not finish in time");
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new UnknownHostException("interrupted while resolving " + host);
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
  static final class NoAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    NoAddressException(String message) {
      super(message);
    }
  }

  /** The resolver did not answer before the probe's deadline. */
  static final class DnsTimeoutException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    DnsTimeoutException(String message) {
      super(message);
    }
  }
}
