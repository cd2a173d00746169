-- +goose Up
-- News syndication (docs/syndication.md). Destinations are the platform's; everything else
-- belongs to a site and is deleted with it.
CREATE TABLE syndication_destinations (
    id             bigserial   PRIMARY KEY,
    scope          text        NOT NULL CHECK (scope IN ('national', 'regional', 'district', 'partner')),
    protocol       text        NOT NULL CHECK (protocol IN ('portal', 'websub', 'platform')),
    names          jsonb       NOT NULL,
    endpoint       text        NOT NULL DEFAULT '',
    org_unit_id    bigint      REFERENCES org_units (id),
    portal_site_id bigint      REFERENCES sites (id) ON DELETE CASCADE,
    credential     text        NOT NULL DEFAULT '',
    enabled        boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- A school's outbound rules: one per destination; no tags means every news item.
CREATE TABLE syndication_rules (
    site_id        bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    destination_id bigint      NOT NULL REFERENCES syndication_destinations (id) ON DELETE CASCADE,
    tags           text[]      NOT NULL DEFAULT '{}',
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, destination_id)
);
CREATE INDEX syndication_rules_destination ON syndication_rules (destination_id, site_id);

-- What a destination holds of an item, written only after the destination confirmed.
CREATE TABLE syndication_remote (
    site_id        bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    destination_id bigint      NOT NULL REFERENCES syndication_destinations (id) ON DELETE CASCADE,
    news_key       text        NOT NULL,
    remote_id      text        NOT NULL DEFAULT '',
    live           boolean     NOT NULL DEFAULT false,
    generation     int         NOT NULL DEFAULT 0,
    version        bigint      NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, destination_id, news_key)
);

-- One row per operation; the key makes a retry reuse its row.
CREATE TABLE syndication_deliveries (
    key            text        PRIMARY KEY,
    site_id        bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    destination_id bigint      NOT NULL REFERENCES syndication_destinations (id) ON DELETE CASCADE,
    news_key       text        NOT NULL,
    op             text        NOT NULL CHECK (op IN ('create', 'update', 'unpublish')),
    version        bigint      NOT NULL,
    state          text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead', 'skipped')),
    remote_id      text        NOT NULL DEFAULT '',
    attempts       int         NOT NULL DEFAULT 0,
    error          text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX syndication_deliveries_site ON syndication_deliveries (site_id, created_at DESC);
CREATE INDEX syndication_deliveries_dead ON syndication_deliveries (updated_at DESC) WHERE state = 'dead';

-- Feeds a site subscribes to, with the validators of the last answer.
CREATE TABLE syndication_subscriptions (
    id               bigserial   PRIMARY KEY,
    site_id          bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    url              text        NOT NULL,
    mode             text        NOT NULL CHECK (mode IN ('draft', 'publish')),
    interval_seconds int         NOT NULL,
    etag             text        NOT NULL DEFAULT '',
    last_modified    text        NOT NULL DEFAULT '',
    last_polled_at   timestamptz,
    last_error       text        NOT NULL DEFAULT '',
    imported         int         NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, url)
);

-- Entries a site imported, by the original's GUID: an entry arrives once per site whatever
-- the path it takes (loop prevention).
CREATE TABLE syndication_imports (
    site_id         bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    guid            text        NOT NULL,
    subscription_id bigint      NOT NULL,
    news_key        text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, guid)
);

-- +goose Down
DROP TABLE syndication_imports;
DROP TABLE syndication_subscriptions;
DROP TABLE syndication_deliveries;
DROP TABLE syndication_remote;
DROP TABLE syndication_rules;
DROP TABLE syndication_destinations;
