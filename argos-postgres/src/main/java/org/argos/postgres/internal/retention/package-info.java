/**
 * Retention: old raw results, history and delivered alerts deleted in bounded batches. Internal to argos-postgres: not
 * an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.retention;

import org.jspecify.annotations.NullMarked;
