package org.argos.checks.dns;

import org.argos.api.spi.ProbeResponse;

/** The name a DNS response is about, for messages. */
final class DnsProbeName {
  private DnsProbeName() {}

  static String of(ProbeResponse response) {
    String asked = response.attribute("dns.name");
    if (asked != null) {
      return asked;
    }
    try {
      return DnsProbe.name(response.request().url());
    } catch (IllegalArgumentException e) {
      return response.request().url();
    }
  }
}
