/**
 * Internal: jOOQ classes generated at build time from the Flyway scripts (see the {@code jooq-codegen-maven}
 * execution in this module's pom). Not API; they change with the schema. Not {@code @NullMarked}: generated getters
 * return null for SQL NULLs.
 */
package org.argos.postgres.internal.schema;
