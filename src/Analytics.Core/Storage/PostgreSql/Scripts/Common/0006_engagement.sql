-- Plausible's engagement events (POST /api/event with name 'engagement'): how far the visitor scrolled (percent) and
-- how long the page was active (milliseconds). Null on every other event; nullable columns without a default are
-- added without rewriting a row.
ALTER TABLE __schema__.events
    ADD COLUMN IF NOT EXISTS scroll_depth    smallint,
    ADD COLUMN IF NOT EXISTS engagement_time bigint;
