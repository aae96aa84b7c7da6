-- Sources, campaigns and cookieless visitors, derived at ingestion. Rows stored before this version keep nulls and
-- the referrer source 'unknown' (a constant default: adding the columns rewrites nothing).
ALTER TABLE __schema__.events
    ADD COLUMN IF NOT EXISTS hostname        text,
    ADD COLUMN IF NOT EXISTS referrer_host   text,
    ADD COLUMN IF NOT EXISTS referrer_source text NOT NULL DEFAULT 'unknown',
    ADD COLUMN IF NOT EXISTS utm_source      text,
    ADD COLUMN IF NOT EXISTS utm_medium      text,
    ADD COLUMN IF NOT EXISTS utm_campaign    text,
    ADD COLUMN IF NOT EXISTS utm_term        text,
    ADD COLUMN IF NOT EXISTS utm_content     text,
    ADD COLUMN IF NOT EXISTS visitor_id      bigint;

-- Aggregates count distinct visitors too: keep the page aggregate an index-only scan. The new index is built before
-- the old one is dropped, so the exclusive lock of the DROP is brief; the build itself blocks writes (not reads) for
-- as long as it takes over the existing rows (README: upgrading). PostgreSQL cannot build an index CONCURRENTLY on a
-- partitioned table.
CREATE INDEX IF NOT EXISTS events_page_time_visitors_idx ON __schema__.events (page, time)
    INCLUDE (operating_system, duration, visitor_id) WHERE NOT is_bot;
DROP INDEX IF EXISTS __schema__.events_page_time_humans_idx;

-- One random salt per UTC day, shared by every instance on this database. Maintenance deletes a salt once its day
-- is more than a day past, so a visitor hash cannot be recomputed (or tested against a guessed address) later.
CREATE TABLE IF NOT EXISTS __schema__.visitor_salts (
    day  date  PRIMARY KEY,
    salt bytea NOT NULL CHECK (octet_length(salt) = 32)
);
