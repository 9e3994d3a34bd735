package org.argos.checks.tls;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one TLS probe connection saw: where it connected, what the server said before the upgrade, and the handshake.
 *
 * @param address the address connected to (or last tried), null before any connect
 * @param port the port
 * @param startTls the upgrade spoken first, or null for TLS from the first byte
 * @param heard what the server sent before the upgrade (at most {@link Dialogue#MAX_BYTES})
 * @param protocol the negotiated TLS version ({@code TLSv1.3}), null without a handshake
 * @param cipher the negotiated cipher suite, null without a handshake
 * @param chain the server's certificates, leaf first, even when the handshake failed after they arrived
 * @param chainValid whether the trust accepts the chain
 * @param chainError why it does not, or null
 * @param hostnameMatch whether the leaf names the host
 * @param dns time spent resolving, null for an IP literal
 * @param connect time spent connecting, null when no connection was made
 * @param upgrade time spent in the STARTTLS dialogue, null without one
 * @param tls time spent in the handshake, null when none completed
 * @param total time from start to end
 * @param errorKind the transport error's kind, null when the handshake completed
 * @param errorClass the class of the exception behind it, or empty
 * @param errorMessage a readable message, or null
 */
record TlsOutcome(
    @Nullable InetAddress address,
    int port,
    @Nullable StartTls startTls,
    byte[] heard,
    @Nullable String protocol,
    @Nullable String cipher,
    List<X509Certificate> chain,
    boolean chainValid,
    @Nullable String chainError,
    boolean hostnameMatch,
    @Nullable Duration dns,
    @Nullable Duration connect,
    @Nullable Duration upgrade,
    @Nullable Duration tls,
    Duration total,
    @Nullable String errorKind,
    String errorClass,
    @Nullable String errorMessage) {

  TlsOutcome {
    chain = List.copyOf(chain);
  }
}
