-- Tenants (issue 20): every site belongs to exactly one tenant; rows written before tenants existed belong to the
-- default one, so Argos configs without tenants read as before. A tenant's domain list is one range of
-- sites_tenant_worst_first (tenant, worst_rank, domain, id: the id carried, as V3 does, so a page reads the index
-- alone), and its counts read its range of the same index: a tenant's page costs what it did store-wide, however many
-- other tenants' sites there are.
ALTER TABLE sites ADD COLUMN tenant VARCHAR(63) DEFAULT 'default' NOT NULL;
CREATE INDEX sites_tenant_worst_first ON sites (tenant, worst_rank, domain, id);

