-- PostgreSQL only (H2 already compares strings by code point). Lists are ordered by domain, URL and check type;
-- with the database's locale collation (en_US...) "https://a" would sort before "http://z", unlike the in-memory
-- store and H2. The "C" collation orders by code point whatever the locale; the indexes are rebuilt with it.
ALTER TABLE sites ALTER COLUMN domain TYPE VARCHAR(2048) COLLATE "C";
ALTER TABLE request_groups ALTER COLUMN url TYPE VARCHAR(8192) COLLATE "C";
ALTER TABLE tasks ALTER COLUMN check_type TYPE VARCHAR(200) COLLATE "C";
