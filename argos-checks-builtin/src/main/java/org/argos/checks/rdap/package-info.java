/**
 * Domain expiry through RDAP ({@code domain://example.org}): the probe finds the registry's RDAP server in IANA's
 * bootstrap file (shipped in this jar, see {@code dns.json} and its README beside it), asks it about the registrable
 * domain and caches the answer; the check {@code domain-expiration} compares the expiry with thresholds. The providers
 * are public, the rest is package-private.
 */
@NullMarked
package org.argos.checks.rdap;

import org.jspecify.annotations.NullMarked;
