/**
 * Runs and task state: completed runs recorded with their results, transitions, state changes and the alerts they
 * raise. Internal to argos-postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.runs;

import org.jspecify.annotations.NullMarked;
