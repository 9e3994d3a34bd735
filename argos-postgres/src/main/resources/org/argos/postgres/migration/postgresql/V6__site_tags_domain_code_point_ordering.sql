-- PostgreSQL only, as V2 for sites.domain: tag pages are ordered by site_tags.domain (V5), so it compares by code
-- point too and a tag's page lists its sites in the order of the whole list. The index is rebuilt with it.
ALTER TABLE site_tags ALTER COLUMN domain TYPE VARCHAR(2048) COLLATE "C";
