-- Uptime (issue 20 §4): per task and UTC day, how long the task spent in each severity (milliseconds) and how many
-- times it went from up (ok, warning) to down (critical, unknown). Written in the transaction that records a state
-- change, for the interval that change closes (at most 401 days back), so uptime comes from the history of state
-- changes, never from raw results, and survives their pruning. The interval still open is read from task_states at
-- query time. site_id is the task's, so a site's (or a tag's) days are one range of uptime_days_site.
-- Closed intervals recorded before this migration are not rolled up: uptime starts with the upgrade (each task's
-- current interval still counts from its severity_since).
CREATE TABLE uptime_days (
  task_id BIGINT NOT NULL,
  site_id BIGINT NOT NULL,
  on_day DATE NOT NULL,
  ok_ms BIGINT DEFAULT 0 NOT NULL,
  warning_ms BIGINT DEFAULT 0 NOT NULL,
  critical_ms BIGINT DEFAULT 0 NOT NULL,
  unknown_ms BIGINT DEFAULT 0 NOT NULL,
  incidents INTEGER DEFAULT 0 NOT NULL,
  CONSTRAINT uptime_days_pk PRIMARY KEY (task_id, on_day),
  CONSTRAINT uptime_days_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE
);
CREATE INDEX uptime_days_site ON uptime_days (site_id, on_day);
