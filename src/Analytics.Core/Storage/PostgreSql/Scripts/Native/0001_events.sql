-- Page views, partitioned by UTC day. The maintenance service creates tomorrow's partitions ahead of time and
-- drops expired ones; the default partition catches any event whose day has no partition yet, so none is lost.
CREATE TABLE IF NOT EXISTS __schema__.events (
    id               uuid        NOT NULL,
    time             timestamptz NOT NULL,
    page             text        NOT NULL,
    user_agent       text,
    ip_address       text,
    referrer         text,
    session_id       text,
    duration         integer     CHECK (duration >= 0),
    operating_system text        NOT NULL,
    PRIMARY KEY (id, time)
) PARTITION BY RANGE (time);

CREATE TABLE IF NOT EXISTS __schema__.events_default PARTITION OF __schema__.events DEFAULT;

-- The aggregate filters on pages and a time range and reads only these columns: an index-only scan.
CREATE INDEX IF NOT EXISTS events_page_time_idx ON __schema__.events (page, time) INCLUDE (operating_system, duration);

-- Unfiltered aggregates over part of a day scan in time order; BRIN keeps that index tiny.
CREATE INDEX IF NOT EXISTS events_time_brin ON __schema__.events USING brin (time);
