-- PostgreSQL only. Text search on domains (the domain list's "q", case-insensitive "contains"): a trigram index
-- answers "domain LIKE '%text%'" for texts of three characters or more without reading every domain.
--
-- pg_trgm ships with PostgreSQL (Debian's postgresql package includes it) and is a trusted extension since
-- PostgreSQL 13: the database's owner, or any role with CREATE on the database, may install it. Where it cannot be
-- installed (not shipped with the server, or the role may not), this migration still succeeds without the index and
-- searches read the whole worst-first index instead (about 0.1 to 0.3 s at 333,334 sites); installing pg_trgm and
-- creating the index later (docs/storage.md) brings them back to milliseconds.
DO $$
DECLARE
  trgm_schema TEXT;
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'argos: pg_trgm could not be installed (%): text search on domains will read the whole list', SQLERRM;
  END;
  SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
  IF trgm_schema IS NOT NULL THEN
    EXECUTE format('CREATE INDEX sites_domain_trgm ON sites USING gin (domain %I.gin_trgm_ops)', trgm_schema);
  END IF;
END $$;

-- Site rows now change rarely (see V3), so vacuum can keep the table all-visible for index-only scans; vacuum it
-- after 2 % of its rows changed (a reload that rewrites every registration, the first results) instead of 20 %.
ALTER TABLE sites SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
