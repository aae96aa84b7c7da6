-- Page views. time is a TIMESTAMP holding UTC, never TIMESTAMPTZ: bucketing a TIMESTAMPTZ goes through ICU and is
-- far slower; the store aligns buckets in the reporting time zone itself. No index at all: DuckDB's per-row-group
-- min/max statistics prune time ranges and (ids being time-ordered UUIDv7) look-ups by id, while an ART index - a
-- PRIMARY KEY included - makes every retention DELETE crawl (seconds per hundred thousand rows). The store itself
-- stores each id once: a batch's copies of an id already stored are deleted again before its commit.
CREATE TABLE IF NOT EXISTS __schema__.events (
    id               UUID      NOT NULL,
    time             TIMESTAMP NOT NULL,
    page             VARCHAR   NOT NULL,
    user_agent       VARCHAR,
    ip_address       VARCHAR,
    referrer         VARCHAR,
    session_id       VARCHAR,
    duration         INTEGER   CHECK (duration >= 0),
    operating_system VARCHAR   NOT NULL
);
