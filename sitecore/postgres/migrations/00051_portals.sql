-- +goose Up
-- Regional and district portals are sites of the platform bound to an org unit. Their
-- aggregated news are written by deliveries to the portal's destination (protocol
-- "platform"); the page joins the schools' current rules, so an opt-out shows at once.
CREATE TABLE portal_sites (
    site_id        bigint      PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    org_unit_id    bigint      NOT NULL REFERENCES org_units (id),
    destination_id bigint      NOT NULL REFERENCES syndication_destinations (id),
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE portal_news (
    portal_site_id bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    destination_id bigint      NOT NULL REFERENCES syndication_destinations (id) ON DELETE CASCADE,
    school_site_id bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    news_key       text        NOT NULL,
    lang           text        NOT NULL,
    title          text        NOT NULL,
    summary        text        NOT NULL DEFAULT '',
    url            text        NOT NULL,
    image_url      text        NOT NULL DEFAULT '',
    school_name    text        NOT NULL DEFAULT '',
    school_url     text        NOT NULL DEFAULT '',
    published_at   timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (portal_site_id, school_site_id, news_key, lang)
);
CREATE INDEX portal_news_page ON portal_news (portal_site_id, lang, published_at DESC);

-- +goose Down
DROP TABLE portal_news;
DROP TABLE portal_sites;
