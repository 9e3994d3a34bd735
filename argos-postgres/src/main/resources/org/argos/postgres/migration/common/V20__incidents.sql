-- Incidents (issue 20 §5): what status pages and the incident feed tell. The engine opens one per tenant and cause
-- for a grouped outage; active_key (a SHA-256 of the cause, set while the engine still joins the incident, NULL once
-- resolved or opened by hand) is unique per tenant, so several nodes joining one outage share one incident (NULLs
-- never collide, in PostgreSQL as in H2). The tenant is a plain slug: sites gain theirs elsewhere.
CREATE SEQUENCE incidents_seq;
CREATE SEQUENCE incident_updates_seq;

CREATE TABLE incidents (
  id BIGINT NOT NULL,
  tenant VARCHAR(100) NOT NULL,
  title VARCHAR(200) NOT NULL,
  status VARCHAR(20) NOT NULL,
  cause_kind VARCHAR(40),
  cause_value VARCHAR(500),
  active_key VARCHAR(64),
  automatic BOOLEAN NOT NULL,
  status_by_person BOOLEAN NOT NULL,
  domain_count INTEGER NOT NULL,
  opened_at TIMESTAMP WITH TIME ZONE NOT NULL,
  resolved_at TIMESTAMP WITH TIME ZONE,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT incidents_pk PRIMARY KEY (id),
  CONSTRAINT incidents_active_key UNIQUE (tenant, active_key)
);
CREATE INDEX incidents_by_tenant ON incidents (tenant, id);

-- The affected domains, at most 10,000 per incident; a status page finds its incidents by its sites' domains.
CREATE TABLE incident_domains (
  incident_id BIGINT NOT NULL,
  domain VARCHAR(2048) NOT NULL,
  CONSTRAINT incident_domains_pk PRIMARY KEY (incident_id, domain),
  CONSTRAINT incident_domains_incident_fk FOREIGN KEY (incident_id) REFERENCES incidents (id) ON DELETE CASCADE
);
CREATE INDEX incident_domains_by_domain ON incident_domains (domain, incident_id);

-- The tasks an automatic incident tracks, and whether each still fails: all recovered resolves it.
CREATE TABLE incident_tasks (
  incident_id BIGINT NOT NULL,
  task_id BIGINT NOT NULL,
  failing BOOLEAN NOT NULL,
  CONSTRAINT incident_tasks_pk PRIMARY KEY (incident_id, task_id),
  CONSTRAINT incident_tasks_incident_fk FOREIGN KEY (incident_id) REFERENCES incidents (id) ON DELETE CASCADE
);
CREATE INDEX incident_tasks_by_task ON incident_tasks (task_id, failing);

-- The timeline.
CREATE TABLE incident_updates (
  id BIGINT NOT NULL,
  incident_id BIGINT NOT NULL,
  at TIMESTAMP WITH TIME ZONE NOT NULL,
  status VARCHAR(20) NOT NULL,
  message VARCHAR(10000) NOT NULL,
  author VARCHAR(100) NOT NULL,
  CONSTRAINT incident_updates_pk PRIMARY KEY (id),
  CONSTRAINT incident_updates_incident_fk FOREIGN KEY (incident_id) REFERENCES incidents (id) ON DELETE CASCADE
);
CREATE INDEX incident_updates_by_incident ON incident_updates (incident_id, id);
