/**
 * Opening the store: Argos database URLs read into JDBC ones, and the schema created or upgraded by Flyway. Internal
 * to argos-postgres: not an API, may change in any release.
 */
@NullMarked
package org.argos.postgres.internal.pool;

import org.jspecify.annotations.NullMarked;
