-- Issue 19 §1, locations and quorum: where a group is checked from and how many locations must agree (the default,
-- one location 'default' and quorum 1, is a group run as before), and each location's latest result per task.
ALTER TABLE request_groups ADD COLUMN locations VARCHAR(1000) DEFAULT 'default' NOT NULL;
ALTER TABLE request_groups ADD COLUMN quorum INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE request_groups ADD COLUMN alert_on_partial BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE task_locations (
  task_id BIGINT NOT NULL,
  location VARCHAR(40) NOT NULL,
  severity_rank SMALLINT NOT NULL,
  message VARCHAR(1000) NOT NULL,
  produced_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT task_locations_pk PRIMARY KEY (task_id, location),
  CONSTRAINT task_locations_task_fk FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE
);
