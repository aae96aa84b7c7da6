-- Sources, campaigns and cookieless visitors, derived at ingestion. Rows stored before this version keep nulls and
-- the referrer source 'unknown'. Appends write these columns in this order, after those of 0002.
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS hostname VARCHAR;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS referrer_host VARCHAR;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS referrer_source VARCHAR DEFAULT 'unknown';
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS utm_source VARCHAR;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS utm_medium VARCHAR;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS utm_campaign VARCHAR;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS utm_term VARCHAR;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS utm_content VARCHAR;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS visitor_id BIGINT;

-- One random salt per UTC day. Maintenance deletes a salt once its day is more than a day past, so a visitor hash
-- cannot be recomputed later.
CREATE TABLE IF NOT EXISTS __schema__.visitor_salts (
    day  DATE PRIMARY KEY,
    salt BLOB NOT NULL
);
