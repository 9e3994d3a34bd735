-- The alert lifecycle (issue 19 §6).
-- A group's policy: ok results in a row before a recovery counts, and flapping detection (null: off).
ALTER TABLE request_groups ADD COLUMN success_threshold INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE request_groups ADD COLUMN flapping_changes INTEGER;
ALTER TABLE request_groups ADD COLUMN flapping_within_ms BIGINT;

-- A task's lifecycle, written with its state by the rule's transaction: ok results counted towards the threshold,
-- the flapping window (a count and its start: bounded), and who acknowledged the failure (cleared on recovery).
ALTER TABLE task_states ADD COLUMN ok_in_a_row INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE task_states ADD COLUMN flap_changes INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE task_states ADD COLUMN flap_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE task_states ADD COLUMN flapping BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE task_states ADD COLUMN acked_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE task_states ADD COLUMN acked_by VARCHAR(200);

-- Signed acknowledgement links used once: a link's token is recorded when used, until it expires.
CREATE TABLE used_ack_tokens (
  token VARCHAR(200) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT used_ack_tokens_pk PRIMARY KEY (token)
);
CREATE INDEX used_ack_tokens_expiry ON used_ack_tokens (expires_at);
