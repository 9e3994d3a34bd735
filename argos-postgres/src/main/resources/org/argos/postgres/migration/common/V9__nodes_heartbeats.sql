-- Engine nodes and their heartbeats, in the database's time: a node silent for a few beats has its claims taken over
-- by live nodes long before their lease ends (issue 17).
CREATE TABLE nodes (
  id VARCHAR(200) NOT NULL,
  host VARCHAR(255) NOT NULL,
  pid BIGINT NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE NOT NULL,
  last_heartbeat TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT nodes_pk PRIMARY KEY (id)
);
