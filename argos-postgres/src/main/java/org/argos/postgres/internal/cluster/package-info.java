/**
 * What the nodes of a cluster share besides sites and runs: the config version, the silences, and the remote agents
 * seen. Internal to argos-postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.cluster;

import org.jspecify.annotations.NullMarked;
