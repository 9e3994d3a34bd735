-- Tag pages at a million tasks. A tag's page of the worst-first domain list used to join site_tags to sites and sort
-- every tagged site before skipping to the page (a tenth of 333,334 sites: ~0.3 s for a deep page). Each tag entry
-- now carries its site's worst rank and domain, so a tag's page, with or without a severity, is one range of
-- site_tags_page read in order (index-only on PostgreSQL) and only the listed sites are read from the table.
-- site_tags.worst_rank follows sites.worst_rank in the same transactions (Aggregates.refreshSites); a site's domain
-- never changes (it is its key).
ALTER TABLE site_tags ADD COLUMN worst_rank SMALLINT DEFAULT 4 NOT NULL;
ALTER TABLE site_tags ADD COLUMN domain VARCHAR(2048);
UPDATE site_tags SET worst_rank = (SELECT s.worst_rank FROM sites s WHERE s.id = site_tags.site_id),
    domain = (SELECT s.domain FROM sites s WHERE s.id = site_tags.site_id);
ALTER TABLE site_tags ALTER COLUMN domain SET NOT NULL;
CREATE INDEX site_tags_page ON site_tags (tag, worst_rank, domain, site_id);
