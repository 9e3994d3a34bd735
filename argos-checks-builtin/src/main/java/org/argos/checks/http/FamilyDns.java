package org.argos.checks.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.argos.api.IpVersion;
import org.argos.checks.internal.FamilyLookup;

/**
 * The name lookup for one HTTP probe, as the HTTP client asks for it: {@link FamilyLookup}, the lookup every probe
 * shares (the requested family only, within the probe's deadline).
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
    try {
      return FamilyLookup.resolve(resolver, host, version, deadline, "argos-dns");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the HTTP client's name lookup can only throw UnknownHostException
      UnknownHostException u = new UnknownHostException("interrupted while resolving " + host);
      u.initCause(e);
      throw u;
    }
  }
}
