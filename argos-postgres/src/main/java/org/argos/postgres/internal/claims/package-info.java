/**
 * Work shared between nodes: due request groups claimed for a lease, and the nodes' heartbeats by which a silent
 * node's claims are taken over. Internal to argos-postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.claims;

import org.jspecify.annotations.NullMarked;
