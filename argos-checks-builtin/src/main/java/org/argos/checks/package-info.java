/**
 * The built-in checks of Argos and the HTTP probe they evaluate.
 *
 * <p>{@link org.argos.checks.HttpProbe} does the I/O for a request group over HTTP/1.1 (its own wire code; OkHttp parses URLs). Each check type (the Argos ones,
 * {@code status-is} to {@code ssl-certificate-expiration}, and a few more) is offered by one public
 * {@link org.argos.api.spi.CheckProvider} class, found through {@link java.util.ServiceLoader}; everything else in this
 * package is package-private.
 */
@NullMarked
package org.argos.checks;

import org.jspecify.annotations.NullMarked;
