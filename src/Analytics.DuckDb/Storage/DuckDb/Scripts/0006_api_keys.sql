-- API keys (README "API keys"): the SHA-256 hash of each key, never the key, with what it may do. The prefix ('ak_'
-- and 8 characters) names a key in lists and is how it is looked up; the hash is compared in constant time in code.
-- Times are UTC, as everywhere in this store.
CREATE TABLE IF NOT EXISTS __schema__.api_keys (
    prefix       VARCHAR   PRIMARY KEY,
    key_hash     BLOB      NOT NULL,
    scope        VARCHAR   NOT NULL CHECK (scope IN ('read', 'ingest')),
    site         VARCHAR,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
