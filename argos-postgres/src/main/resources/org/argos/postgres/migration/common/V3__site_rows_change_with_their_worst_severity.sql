-- Status pages at a million tasks. Until now every recorded run rewrote its site row (last_run_at changed each
-- time): at 333,334 sites that is ~1,100 row versions a second, so on PostgreSQL the table never stayed all-visible
-- and a page of the domain list fetched from the heap every row it skipped. A site's last run is now read, for the
-- listed page only, from task_states (its tasks' entries in task_states_site), and a site row changes only when its
-- worst severity, its tasks or its registration do.
ALTER TABLE sites DROP COLUMN last_run_at;

-- The worst-first list carries the id, so a page (also a deep one, or one severity, or a text filter on the domain)
-- is found in the index alone (index-only scan on PostgreSQL) and only the listed rows are read from the table.
DROP INDEX sites_worst_first;
CREATE INDEX sites_worst_first ON sites (worst_rank, domain, id);
