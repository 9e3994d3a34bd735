/**
 * The Argos store on SQL databases: {@link org.argos.postgres.JdbcStore} on PostgreSQL (shared by several engine
 * nodes) or on an embedded H2 file (the single-node default). The schema is managed with Flyway; queries are written
 * with jOOQ against classes generated from the migration scripts.
 */
@NullMarked
package org.argos.postgres;

import org.jspecify.annotations.NullMarked;
