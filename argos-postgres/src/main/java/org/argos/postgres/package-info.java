/**
 * The Argos store on SQL databases: {@link org.argos.postgres.JdbcStore} on PostgreSQL (shared by several engine
 * nodes) or on an embedded H2 file (the single-node default). The schema is managed with Flyway; queries are written
 * with jOOQ against classes generated from the migration scripts.
 *
 * <p>{@link org.argos.postgres.JdbcStore} and its {@link org.argos.postgres.JdbcStoreBuilder} are the whole API; the
 * work is done in {@code org.argos.postgres.internal.<concept>}, one package per concept of the store (sites, claims,
 * runs, outbox, status, cluster, retention, embedded), over the shared {@code sql} plumbing and the {@code pool} that
 * opens the database.
 */
@NullMarked
package org.argos.postgres;

import org.jspecify.annotations.NullMarked;
