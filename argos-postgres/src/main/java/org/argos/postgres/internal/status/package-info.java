/**
 * The reads behind status pages and APIs, and the small aggregates (worst severity per site, counts) that keep them
 * cheap. Internal to argos-postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.status;

import org.jspecify.annotations.NullMarked;
