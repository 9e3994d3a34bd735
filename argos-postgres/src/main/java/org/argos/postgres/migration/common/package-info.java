/**
 * The Flyway scripts both databases run (resources beside this file). A package, with this
 * file, only so that the module can open it to Flyway, which reads the scripts as resources.
 */
@NullMarked
package org.argos.postgres.migration.common;

import org.jspecify.annotations.NullMarked;
