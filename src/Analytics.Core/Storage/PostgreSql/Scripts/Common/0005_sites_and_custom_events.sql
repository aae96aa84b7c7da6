-- Sites, custom events and their properties. Constant defaults add the columns without rewriting rows; events stored
-- before this version then belong to the site of their hostname, or to 'default' (Analytics:DefaultSite's default)
-- when they had none. That UPDATE rewrites every stored row once: plan it on a large table (README "Upgrading").
ALTER TABLE __schema__.events
    ADD COLUMN IF NOT EXISTS site        text    NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS name        text    NOT NULL DEFAULT 'pageview',
    ADD COLUMN IF NOT EXISTS prop_keys   text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS prop_values text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS interactive boolean NOT NULL DEFAULT true;

UPDATE __schema__.events SET site = coalesce(nullif(rtrim(hostname, '.'), ''), 'default') WHERE site = '';

-- Every stats query names one site and a time range, humans only.
CREATE INDEX IF NOT EXISTS events_site_time_idx ON __schema__.events (site, time) WHERE NOT is_bot;

-- The seed's aggregate counts page views only: its page index now covers human page views, so it stays an index-only
-- scan. Built before the old one is dropped, as in 0004.
CREATE INDEX IF NOT EXISTS events_page_time_pageviews_idx ON __schema__.events (page, time)
    INCLUDE (operating_system, duration, visitor_id) WHERE NOT is_bot AND name = 'pageview';
DROP INDEX IF EXISTS __schema__.events_page_time_visitors_idx;
