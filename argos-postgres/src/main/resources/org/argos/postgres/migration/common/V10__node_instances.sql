-- A random token per running engine, written with each heartbeat: two live processes configured with the same node
-- id are told apart, so the second refuses to start and a running one sees another write its row (issue 17).
ALTER TABLE nodes ADD COLUMN instance VARCHAR(64);
