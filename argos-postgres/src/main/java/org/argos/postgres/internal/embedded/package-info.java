/**
 * The embedded H2 file database: kept private to its user, refused writes before its disk is full, recovered after H2
 * closed it, and held by one engine node. Internal to argos-postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.embedded;

import org.jspecify.annotations.NullMarked;
