/**
 * The SQL plumbing every part of the store shares: the database's dialect differences, the JSON codec, batching,
 * planner statistics, and the translation of failures into {@link org.argos.api.StoreException}s. Internal to argos-
 * postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.sql;

import org.jspecify.annotations.NullMarked;
