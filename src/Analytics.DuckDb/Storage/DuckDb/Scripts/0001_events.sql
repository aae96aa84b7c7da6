-- Page views. time is a TIMESTAMP holding UTC, never TIMESTAMPTZ: bucketing a TIMESTAMPTZ goes through ICU and is
-- far slower; the store aligns buckets in the reporting time zone itself. No secondary index: DuckDB's per-row-group
-- min/max statistics prune time ranges, and an ART index would slow every append. The primary key on id alone keeps a
-- batch with a repeated id out (ids are server-assigned UUIDv7) and serves look-ups by id.
CREATE TABLE IF NOT EXISTS __schema__.events (
    id               UUID      NOT NULL PRIMARY KEY,
    time             TIMESTAMP NOT NULL,
    page             VARCHAR   NOT NULL,
    user_agent       VARCHAR,
    ip_address       VARCHAR,
    referrer         VARCHAR,
    session_id       VARCHAR,
    duration         INTEGER   CHECK (duration >= 0),
    operating_system VARCHAR   NOT NULL
);
