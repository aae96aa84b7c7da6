-- Plausible's engagement events (POST /api/event with name 'engagement'): how far the visitor scrolled (percent) and
-- how long the page was active (milliseconds), null on every other event. Appends write these columns in this order,
-- after those of 0004.
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS scroll_depth SMALLINT;
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS engagement_time BIGINT;
