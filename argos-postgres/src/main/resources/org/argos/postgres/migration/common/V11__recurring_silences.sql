-- Maintenance windows (issue 19 §5): a silence may recur (a 5-field cron expression read in a time zone, each match
-- opening a window of a length in seconds; ends_at is then the overall end), select its sites by an IP address block,
-- and by a list of domains (a bulk silence of a filtered list, at most 10,000: in their own table, one row each).
ALTER TABLE silences ADD COLUMN cron VARCHAR(200);
ALTER TABLE silences ADD COLUMN zone VARCHAR(100);
ALTER TABLE silences ADD COLUMN length_seconds BIGINT;
ALTER TABLE silences ADD COLUMN address VARCHAR(60);

CREATE TABLE silence_domains (
  silence_id VARCHAR(200) NOT NULL,
  domain VARCHAR(2048) NOT NULL,
  CONSTRAINT silence_domains_pk PRIMARY KEY (silence_id, domain),
  CONSTRAINT silence_domains_silence_fk FOREIGN KEY (silence_id) REFERENCES silences (id) ON DELETE CASCADE
);
