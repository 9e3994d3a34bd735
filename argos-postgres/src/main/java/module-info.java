/**
 * The PostgreSQL and embedded (H2) store: {@code org.argos.postgres} ({@link org.argos.postgres.JdbcStore}) is
 * exported; the jOOQ classes in {@code org.argos.postgres.internal.schema} are not.
 */
module org.argos.postgres {
  requires transitive org.argos.api;
  requires transitive java.sql; // JdbcStore.dataSource(DataSource)
  requires static org.jspecify;
  requires org.slf4j;
  requires org.jooq;
  requires com.zaxxer.hikari;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  // Flyway 13 ships neither a module descriptor nor an Automatic-Module-Name: these are the automatic names derived
  // from its jar names (flyway-core, flyway-database-postgresql), the only ones it has.
  requires flyway.core;
  requires flyway.database.postgresql; // Flyway's PostgreSQL support, a plugin Flyway finds by ServiceLoader
  // The JDBC drivers, found by DriverManager; named here so that they are in the module graph.
  requires org.postgresql.jdbc;
  requires com.h2database;

  exports org.argos.postgres;

  // Flyway reads the migration scripts as resources of these packages.
  opens org.argos.postgres.migration.common;
  opens org.argos.postgres.migration.postgresql;
  // jOOQ makes its generated records and tables reflectively.
  opens org.argos.postgres.internal.schema to org.jooq;
  opens org.argos.postgres.internal.schema.tables to org.jooq;
  opens org.argos.postgres.internal.schema.tables.records to org.jooq;
}
