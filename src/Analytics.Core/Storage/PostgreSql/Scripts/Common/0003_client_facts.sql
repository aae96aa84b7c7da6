-- What the user-agent parser derives at ingestion, stored so that no query parses a user agent again.
-- Bots are stored and flagged; aggregates leave them out unless asked, so the page index now covers humans only.
ALTER TABLE __schema__.events
    ADD COLUMN IF NOT EXISTS os_version      text,
    ADD COLUMN IF NOT EXISTS browser         text    NOT NULL DEFAULT 'Other',
    ADD COLUMN IF NOT EXISTS browser_version text,
    ADD COLUMN IF NOT EXISTS device_type     text    NOT NULL DEFAULT 'other',
    ADD COLUMN IF NOT EXISTS is_bot          boolean NOT NULL DEFAULT false;

DROP INDEX IF EXISTS __schema__.events_page_time_idx;
CREATE INDEX IF NOT EXISTS events_page_time_humans_idx ON __schema__.events (page, time)
    INCLUDE (operating_system, duration) WHERE NOT is_bot;
