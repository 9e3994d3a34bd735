/**
 * Uptime (V19): the per-task, per-day rollup written when state changes are recorded, and the availability reads over
 * it. Internal to argos-postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.uptime;

import org.jspecify.annotations.NullMarked;
