-- API keys (README "API keys"): the SHA-256 hash of each key, never the key, with what it may do. The prefix ('ak_'
-- and 8 characters) names a key in lists and is how it is looked up; the hash is compared in constant time in code.
CREATE TABLE IF NOT EXISTS __schema__.api_keys (
    prefix       text        PRIMARY KEY CHECK (prefix ~ '^ak_[a-z2-7]{8}$'),
    key_hash     bytea       NOT NULL CHECK (octet_length(key_hash) = 32),
    scope        text        NOT NULL CHECK (scope IN ('read', 'ingest')),
    site         text,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz
);
