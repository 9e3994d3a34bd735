/**
 * The HTTP probe: {@link org.argos.checks.http.HttpProbe} does the I/O of a request group over HTTP/1.1 with its own
 * wire code (OkHttp parses URLs and encodes bodies), and {@link org.argos.checks.http.HostResolver} maps host names
 * to addresses. Everything else here (the exchange on the wire, redirects, TLS set-up, name resolution per address
 * family, body decoding and timings) is package-private.
 */
@NullMarked
package org.argos.checks.http;

import org.jspecify.annotations.NullMarked;
