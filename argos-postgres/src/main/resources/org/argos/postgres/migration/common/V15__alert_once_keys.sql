-- Alerts enqueued once across every node sharing the store (issue 19 §6, the daily digest): the first node to insert a
-- key enqueues the alert in the same transaction; the others find the key and enqueue nothing. A digest's key is its
-- channel and local date. Keys older than 30 days are deleted when a new one is inserted (one per channel a day).
CREATE TABLE alert_once_keys (
  once_key VARCHAR(200) NOT NULL,
  alert_id BIGINT NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT alert_once_keys_pk PRIMARY KEY (once_key)
);
