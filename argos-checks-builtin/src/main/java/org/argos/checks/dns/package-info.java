/**
 * The DNS probe ({@code dns://name}) and its checks ({@code dns-rcode}, {@code dns-record}): the probe asks one
 * question of a given server or of the system's resolvers with dnsjava; the providers are public, the rest is
 * package-private.
 */
@NullMarked
package org.argos.checks.dns;

import org.jspecify.annotations.NullMarked;
