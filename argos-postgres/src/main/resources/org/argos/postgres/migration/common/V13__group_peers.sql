-- What each group's last run connected to: the resolved address and port and the TLS leaf certificate's SHA-256
-- fingerprint (issue 19, one alert per cause). Alert delivery groups the alerts of tasks that share an address or a
-- certificate into one notification. Null until a run reports a peer (upstream agents never do).
ALTER TABLE request_groups ADD COLUMN peer_address VARCHAR(64);
ALTER TABLE request_groups ADD COLUMN peer_port INTEGER;
ALTER TABLE request_groups ADD COLUMN peer_cert_sha256 CHAR(64);
