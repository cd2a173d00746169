-- +goose Up
-- What syndication sends of a school's item, written by the CMS's hook with the change
-- (docs/syndication.md#outbound): delivery reads a batch of items here in one indexed
-- statement instead of from the document store. Only the public state is kept: item is the
-- published original's public part (texts, cover, tags, dates), or NULL when nothing of the
-- item may leave (unpublished, deleted, a copy). version is the item's UpdatedAt in Unix
-- microseconds: an older change never overwrites a newer one.
CREATE TABLE syndication_items (
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    news_key   text        NOT NULL,
    version    bigint      NOT NULL,
    item       jsonb,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, news_key)
);

-- +goose Down
DROP TABLE syndication_items;
