/**
 * The Flyway scripts only PostgreSQL runs (resources beside this file). A package, with this
 * file, only so that the module can open it to Flyway, which reads the scripts as resources.
 */
@NullMarked
package org.argos.postgres.migration.postgresql;

import org.jspecify.annotations.NullMarked;
