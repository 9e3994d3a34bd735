/**
 * The built-in checks of Argos, which evaluate what the HTTP probe ({@link org.argos.checks.http.HttpProbe}) fetched,
 * and the {@code tls-*} checks, which read what the TLS probe ({@link org.argos.checks.tls.TlsProbe}) saw.
 *
 * <p>Each check type (the Argos ones, {@code status-is} to {@code ssl-certificate-expiration}, and a few more) is
 * offered by one public {@link org.argos.api.spi.CheckProvider} class, found through {@link java.util.ServiceLoader};
 * everything else in this package is package-private.
 */
@NullMarked
package org.argos.checks;

import org.jspecify.annotations.NullMarked;
