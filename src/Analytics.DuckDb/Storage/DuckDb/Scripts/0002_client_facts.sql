-- What the user-agent parser derives at ingestion, stored so that no query parses a user agent again. Bots are
-- stored and flagged; aggregates leave them out unless asked. Appends write these columns in this order.
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS os_version VARCHAR;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS browser VARCHAR DEFAULT 'Other';
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS browser_version VARCHAR;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS device_type VARCHAR DEFAULT 'other';
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS is_bot BOOLEAN DEFAULT false;
