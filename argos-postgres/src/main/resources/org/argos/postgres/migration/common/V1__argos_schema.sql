-- The Argos schema. One script for PostgreSQL and H2 (the embedded default), so it sticks to SQL both accept; jOOQ's
-- DDLDatabase parses the same script at build time to generate the query classes.
--
-- Severities are stored as a rank where lower is worse, so "worst first" is ascending order and the worst of a set is
-- min(): 0 unknown, 1 critical, 2 warning, 3 ok; 4 stands for "no result yet" (pending), which sorts after ok.
-- Ids come from sequences, fetched in bulk before multi-row inserts, so a batch knows its ids without relying on
-- the order of RETURNING rows.
-- Timestamps are TIMESTAMP WITH TIME ZONE (microseconds); durations are milliseconds.

CREATE SEQUENCE sites_seq;
CREATE SEQUENCE request_groups_seq;
CREATE SEQUENCE tasks_seq;
CREATE SEQUENCE results_seq;
CREATE SEQUENCE state_changes_seq;
CREATE SEQUENCE alert_outbox_seq;

-- A site as registered (JSON of org.argos.api.Site), with a small aggregate of its tasks' states kept up to date in
-- the transactions that change them, so the worst-first domain list is one index scan.
CREATE TABLE sites (
  id BIGINT NOT NULL,
  domain VARCHAR(2048) NOT NULL,
  site_json VARCHAR(1000000) NOT NULL,
  worst_rank SMALLINT DEFAULT 4 NOT NULL,
  last_run_at TIMESTAMP WITH TIME ZONE,
  task_count INTEGER DEFAULT 0 NOT NULL,
  CONSTRAINT sites_pk PRIMARY KEY (id),
  CONSTRAINT sites_domain_uk UNIQUE (domain)
);
CREATE INDEX sites_worst_first ON sites (worst_rank, domain);

CREATE TABLE site_tags (
  tag VARCHAR(200) NOT NULL,
  site_id BIGINT NOT NULL,
  CONSTRAINT site_tags_pk PRIMARY KEY (tag, site_id),
  CONSTRAINT site_tags_site_fk FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
);
CREATE INDEX site_tags_site ON site_tags (site_id);

-- The unit of scheduling. group_key can be long (it holds the request body), so uniqueness is on its SHA-256.
CREATE TABLE request_groups (
  id BIGINT NOT NULL,
  site_id BIGINT NOT NULL,
  group_key VARCHAR(1000000) NOT NULL,
  group_key_hash CHAR(64) NOT NULL,
  url VARCHAR(8192) NOT NULL,
  method VARCHAR(16) NOT NULL,
  request_data VARCHAR(1000000) NOT NULL,
  ip_version SMALLINT NOT NULL,
  timeout_ms BIGINT NOT NULL,
  follow_redirects BOOLEAN NOT NULL,
  max_redirects INTEGER NOT NULL,
  frequency_ms BIGINT NOT NULL,
  recheck_delay_ms BIGINT,
  retry_before_notification INTEGER NOT NULL,
  next_run TIMESTAMP WITH TIME ZONE NOT NULL,
  claimed_by VARCHAR(200),
  lease_until TIMESTAMP WITH TIME ZONE,
  CONSTRAINT request_groups_pk PRIMARY KEY (id),
  CONSTRAINT request_groups_key_uk UNIQUE (site_id, group_key_hash),
  CONSTRAINT request_groups_site_fk FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
);
-- Due-group claims scan this in next_run order; claimed groups are few (the in-flight batches), so a plain index
-- serves "due and unclaimed or lease expired" without a partial index (which H2 lacks).
CREATE INDEX request_groups_due ON request_groups (next_run);

CREATE TABLE tasks (
  id BIGINT NOT NULL,
  group_id BIGINT NOT NULL,
  site_id BIGINT NOT NULL,
  task_key VARCHAR(1000000) NOT NULL,
  task_key_hash CHAR(64) NOT NULL,
  check_type VARCHAR(200) NOT NULL,
  check_parameter VARCHAR(1000000) NOT NULL,
  CONSTRAINT tasks_pk PRIMARY KEY (id),
  CONSTRAINT tasks_key_uk UNIQUE (group_id, task_key_hash),
  CONSTRAINT tasks_group_fk FOREIGN KEY (group_id) REFERENCES request_groups (id) ON DELETE CASCADE,
  CONSTRAINT tasks_site_fk FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE
);
CREATE INDEX tasks_site ON tasks (site_id);

-- The current state of each task that has run, updated in place. No row: pending.
CREATE TABLE task_states (
  task_id BIGINT NOT NULL,
  site_id BIGINT NOT NULL,
  severity_rank SMALLINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  message VARCHAR(1000000) NOT NULL,
  last_run_at TIMESTAMP WITH TIME ZONE NOT NULL,
  severity_since TIMESTAMP WITH TIME ZONE NOT NULL,
  contiguous_failures INTEGER NOT NULL,
  already_retried BOOLEAN NOT NULL,
  notified_rank SMALLINT,
  notified_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT task_states_pk PRIMARY KEY (task_id),
  CONSTRAINT task_states_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE
);
-- A site's worst severity and last run are read from here (index-only on PostgreSQL) after each batch.
CREATE INDEX task_states_site ON task_states (site_id, severity_rank, last_run_at);

-- Tasks per severity rank (4: pending), maintained with deltas in the writing transactions, so the dashboard's
-- counts cost five rows whatever the number of tasks.
CREATE TABLE severity_counts (
  severity_rank SMALLINT NOT NULL,
  tasks BIGINT NOT NULL,
  CONSTRAINT severity_counts_pk PRIMARY KEY (severity_rank)
);
INSERT INTO severity_counts (severity_rank, tasks) VALUES (0, 0);
INSERT INTO severity_counts (severity_rank, tasks) VALUES (1, 0);
INSERT INTO severity_counts (severity_rank, tasks) VALUES (2, 0);
INSERT INTO severity_counts (severity_rank, tasks) VALUES (3, 0);
INSERT INTO severity_counts (severity_rank, tasks) VALUES (4, 0);

-- Sites per worst rank (4: no result yet), maintained like severity_counts: the domain list's total and its
-- severity filter count read one row instead of counting the sites.
CREATE TABLE site_counts (
  worst_rank SMALLINT NOT NULL,
  sites BIGINT NOT NULL,
  CONSTRAINT site_counts_pk PRIMARY KEY (worst_rank)
);
INSERT INTO site_counts (worst_rank, sites) VALUES (0, 0);
INSERT INTO site_counts (worst_rank, sites) VALUES (1, 0);
INSERT INTO site_counts (worst_rank, sites) VALUES (2, 0);
INSERT INTO site_counts (worst_rank, sites) VALUES (3, 0);
INSERT INTO site_counts (worst_rank, sites) VALUES (4, 0);

-- Raw results, kept for a bounded window (see JdbcStore.prune).
CREATE TABLE results (
  id BIGINT NOT NULL,
  task_id BIGINT NOT NULL,
  result_at TIMESTAMP WITH TIME ZONE NOT NULL,
  node VARCHAR(200) NOT NULL,
  status VARCHAR(16) NOT NULL,
  severity_rank SMALLINT NOT NULL,
  message VARCHAR(1000000) NOT NULL,
  context VARCHAR(1000000) NOT NULL,
  timings VARCHAR(4000),
  CONSTRAINT results_pk PRIMARY KEY (id),
  CONSTRAINT results_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE
);
CREATE INDEX results_by_task ON results (task_id, result_at, id);
CREATE INDEX results_by_age ON results (result_at);

-- Severity changes. result_id has no foreign key: results are pruned, history is kept.
CREATE TABLE state_changes (
  id BIGINT NOT NULL,
  task_id BIGINT NOT NULL,
  changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  prev_rank SMALLINT,
  new_rank SMALLINT NOT NULL,
  message VARCHAR(1000000) NOT NULL,
  result_id BIGINT NOT NULL,
  CONSTRAINT state_changes_pk PRIMARY KEY (id),
  CONSTRAINT state_changes_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE
);
CREATE INDEX state_changes_by_task ON state_changes (task_id, changed_at, id);
CREATE INDEX state_changes_by_age ON state_changes (changed_at);

-- Alerts to deliver. The payload (the StateChange as JSON) is self-contained and task_id has no foreign key, so an
-- alert about a task deleted meanwhile is still delivered. next_attempt_at is null once done: the due index then
-- only orders pending alerts, however many done ones are kept.
CREATE TABLE alert_outbox (
  id BIGINT NOT NULL,
  kind VARCHAR(32) NOT NULL,
  task_id BIGINT,
  payload VARCHAR(1000000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  attempts INTEGER DEFAULT 0 NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE,
  delivered_channels VARCHAR(100000) DEFAULT '[]' NOT NULL,
  last_error VARCHAR(100000),
  claimed_by VARCHAR(200),
  lease_until TIMESTAMP WITH TIME ZONE,
  done_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT alert_outbox_pk PRIMARY KEY (id)
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at, id);
CREATE INDEX alert_outbox_done ON alert_outbox (done_at);

-- Remote agents that reported, for the daemon's "no agent" alert and agents page.
CREATE TABLE agents (
  id VARCHAR(200) NOT NULL,
  last_seen TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT agents_pk PRIMARY KEY (id)
);
