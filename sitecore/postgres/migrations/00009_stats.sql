-- +goose Up
-- Visit statistics of the public sites. Nothing here identifies a visitor: views are
-- counters, and a unique visitor is a salted hash whose salt changes every day and is
-- deleted once the day is over.

-- Page views per site, Almaty day, path and language.
CREATE TABLE stats_views (
    site_id bigint NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    day     date   NOT NULL,
    path    text   NOT NULL,
    lang    text   NOT NULL,
    views   bigint NOT NULL,
    PRIMARY KEY (site_id, day, path, lang)
);

-- Today's visitors: SHA-256(daily salt, site, IP, User-Agent), truncated. Past days
-- are rolled up into stats_uniques and deleted.
CREATE TABLE stats_visitors (
    site_id bigint NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    day     date   NOT NULL,
    visitor bytea  NOT NULL,
    PRIMARY KEY (site_id, day, visitor)
);

-- Unique visitors of finished days.
CREATE TABLE stats_uniques (
    site_id bigint NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    day     date   NOT NULL,
    uniques bigint NOT NULL,
    PRIMARY KEY (site_id, day)
);

-- The salt of the current day, shared by every server instance; older salts are deleted.
CREATE TABLE stats_salts (
    day  date  PRIMARY KEY,
    salt bytea NOT NULL
);

-- +goose Down
DROP TABLE stats_salts;
DROP TABLE stats_uniques;
DROP TABLE stats_visitors;
DROP TABLE stats_views;
