-- Messages of the alert outbox, recorded as begun before a send and as sent after it: a node taking over repeats a
-- message that may have arrived (same idempotency key, same alerts) and never one that did.
CREATE TABLE alert_messages (
  message_key VARCHAR(64) NOT NULL,
  channel VARCHAR(200) NOT NULL,
  alert_ids VARCHAR(1000000) NOT NULL,
  begun_at TIMESTAMP WITH TIME ZONE NOT NULL,
  sent_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT alert_messages_pk PRIMARY KEY (message_key)
);
CREATE INDEX alert_messages_begun ON alert_messages (begun_at);

-- The alerts of messages begun and not yet sent, to find them from the alerts a node claims.
CREATE TABLE alert_message_alerts (
  alert_id BIGINT NOT NULL,
  message_key VARCHAR(64) NOT NULL,
  CONSTRAINT alert_message_alerts_pk PRIMARY KEY (alert_id, message_key),
  CONSTRAINT alert_message_alerts_message_fk FOREIGN KEY (message_key) REFERENCES alert_messages (message_key)
    ON DELETE CASCADE
);
CREATE INDEX alert_message_alerts_message ON alert_message_alerts (message_key);

-- Tasks whose alerts a silence kept from receivers, with what receivers last heard, so the first alert after the
-- silence tells the failure (or nothing of a recovery from it).
CREATE TABLE alert_task_silences (
  task_id BIGINT NOT NULL,
  told_severity VARCHAR(16) NOT NULL,
  since TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT alert_task_silences_pk PRIMARY KEY (task_id)
);

-- A task's alerts are claimed one at a time in id order: finding an older open alert of the same task is one probe.
CREATE INDEX alert_outbox_task_open ON alert_outbox (task_id, done_at, id);
