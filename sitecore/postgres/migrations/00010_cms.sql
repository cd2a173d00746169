-- +goose Up
-- A site's settings edited from the control panel: identity (motto, contacts, colour), SEO
-- and third-party integrations, comment moderation. One JSON document per site: the fields
-- are validated by the domain and read together by the public theme.
CREATE TABLE site_settings (
    site_id    bigint      PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    settings   jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Comments on news. Kept in PostgreSQL: they belong to users, are moderated and rate-limited.
CREATE TABLE news_comments (
    id          bigserial   PRIMARY KEY,
    site_id     bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    news_key    text        NOT NULL,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    author_name text        NOT NULL,
    body        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('pending', 'visible', 'hidden')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    edited_at   timestamptz
);
CREATE INDEX news_comments_item ON news_comments (site_id, news_key, id);
CREATE INDEX news_comments_queue ON news_comments (site_id, status, id DESC);
CREATE INDEX news_comments_user ON news_comments (user_id, created_at DESC);

-- Per-site theme overrides (templates, CSS, JS), edited by operators for now and by
-- certified admins later.
CREATE TABLE theme_overrides (
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    body       text        NOT NULL,
    updated_by bigint      NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, name)
);

-- +goose Down
DROP TABLE theme_overrides;
DROP TABLE news_comments;
DROP TABLE site_settings;
