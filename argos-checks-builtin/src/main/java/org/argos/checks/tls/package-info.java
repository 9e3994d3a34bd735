/**
 * The TLS probe, for {@code tls://host:port} on any port: it connects, speaks the STARTTLS upgrade of SMTP, IMAP,
 * POP3 or XMPP where asked, makes the handshake with SNI and reports the chain, the version and cipher, and whether
 * the chain is trusted and names the host, without failing on a bad certificate (the checks judge it). Everything
 * here but the probe is package-private.
 */
@NullMarked
package org.argos.checks.tls;

import org.jspecify.annotations.NullMarked;
