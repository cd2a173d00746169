-- +goose Up
-- Every save of a theme override is a revision with its author, time and exact bytes; a
-- draft is a revision not yet published. Publishing a draft, or rolling back to an older
-- revision, writes its bytes to theme_overrides (what visitors get).
CREATE TABLE theme_revisions (
    id            bigserial   PRIMARY KEY,
    site_id       bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    body          text        NOT NULL,
    deleted       boolean     NOT NULL DEFAULT false,
    author_id     bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz,
    restored_from bigint
);
CREATE INDEX theme_revisions_site ON theme_revisions (site_id, id DESC);

-- The overrides that exist already become their first revision, so they can be returned to.
INSERT INTO theme_revisions (site_id, name, body, author_id, created_at, published_at)
SELECT site_id, name, body, updated_by, updated_at, updated_at FROM theme_overrides ORDER BY site_id, name;

-- +goose Down
DROP TABLE theme_revisions;
