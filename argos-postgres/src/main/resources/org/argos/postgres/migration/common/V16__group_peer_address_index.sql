-- The web UI filters failing tasks by the address their group last connected to (issue 19 §7, the morning view):
-- the link of a notification's address cause opens that list. Plain (not partial): H2 runs the common migrations too.
CREATE INDEX request_groups_peer_address ON request_groups (peer_address, peer_port);
