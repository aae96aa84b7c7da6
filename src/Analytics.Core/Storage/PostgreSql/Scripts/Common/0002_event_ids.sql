-- Ids already stored, so a retried event (same id) is stored once. A unique index on events alone cannot do this:
-- on a partitioned table or hypertable it must include the time, and a retry arrives at another time.
-- Rows older than the retention are deleted by maintenance, together with their events.
CREATE TABLE IF NOT EXISTS __schema__.event_ids (
    id   uuid        PRIMARY KEY,
    time timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS event_ids_time_brin ON __schema__.event_ids USING brin (time);
