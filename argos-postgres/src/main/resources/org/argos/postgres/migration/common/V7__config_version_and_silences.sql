-- What a cluster shares besides its sites (issue 17). The config version: one row, the hash of the sites and checks
-- of the config the cluster runs, so that a node started with another config does not rewrite the shared sites.
-- Silences added through the API: in the database, so that every node of a cluster honours them.
CREATE TABLE config_version (
  id SMALLINT NOT NULL,
  hash VARCHAR(128) NOT NULL,
  label VARCHAR(1000) NOT NULL,
  set_at TIMESTAMP WITH TIME ZONE NOT NULL,
  set_by VARCHAR(200) NOT NULL,
  CONSTRAINT config_version_pk PRIMARY KEY (id),
  CONSTRAINT config_version_one_row CHECK (id = 1)
);

CREATE TABLE silences (
  id VARCHAR(200) NOT NULL,
  domain VARCHAR(2048),
  tag VARCHAR(2048),
  starts_at TIMESTAMP WITH TIME ZONE NOT NULL,
  ends_at TIMESTAMP WITH TIME ZONE NOT NULL,
  reason VARCHAR(2000) NOT NULL,
  CONSTRAINT silences_pk PRIMARY KEY (id)
);
