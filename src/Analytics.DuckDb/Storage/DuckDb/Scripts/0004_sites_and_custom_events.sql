-- Sites, custom events and their properties (two parallel lists, as the stores look a key up by position). Events
-- stored before this version belong to the site of their hostname, or to 'default' (Analytics:DefaultSite's default)
-- when they had none. Appends write these columns in this order, after those of 0003.
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS site VARCHAR DEFAULT '';
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS name VARCHAR DEFAULT 'pageview';
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS prop_keys VARCHAR[] DEFAULT [];
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS prop_values VARCHAR[] DEFAULT [];
ALTER TABLE __schema__.events ADD COLUMN IF NOT EXISTS interactive BOOLEAN DEFAULT true;
UPDATE __schema__.events SET site = coalesce(nullif(rtrim(hostname, '.'), ''), 'default') WHERE site = '';
