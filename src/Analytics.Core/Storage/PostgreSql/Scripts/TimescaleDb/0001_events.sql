-- Page views in a TimescaleDB hypertable with one-day chunks (the seed's INTERVAL 1 day). The retention policy
-- (the seed's INTERVAL 3 months, configurable) is set by the bootstrapper after this script.
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
);

SELECT create_hypertable('__schema__.events', 'time', chunk_time_interval => INTERVAL '1 day', if_not_exists => TRUE);

-- The aggregate filters on pages and a time range and reads only these columns: an index-only scan.
CREATE INDEX IF NOT EXISTS events_page_time_idx ON __schema__.events (page, time) INCLUDE (operating_system, duration);
