package org.argos.checks;

import java.security.cert.X509Certificate;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.spi.ProbeResponse;

/** What the {@code tls-*} checks share: the scheme they read and how they read the TLS probe's attributes. */
final class TlsResponses {
  /** The schemes whose responses carry the TLS probe's attributes. */
  static final Set<String> SCHEMES = Set.of("tls");

  private TlsResponses() {}

  /** The error a check gives a response without the attribute it reads. */
  static CheckResult missing(ProbeResponse response, String name) {
    return CheckResult.error("the response has no " + name + " (it does not come from a tls:// probe: "
        + Params.abbreviate(response.finalUrl(), 200) + ")");
  }

  /** Adds the leaf's subject and issuer to a result, for the alert. */
  static CheckResult withLeaf(CheckResult result, ProbeResponse response) {
    if (response.peerCertificates().isEmpty()) {
      return result;
    }
    X509Certificate leaf = response.peerCertificates().get(0);
    return result.with("subject", leaf.getSubjectX500Principal().getName())
        .with("issuer", leaf.getIssuerX500Principal().getName());
  }
}
