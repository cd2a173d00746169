-- +goose Up
-- The change outbox of syndication (docs/syndication.md#throughput): the CMS's hook writes a
-- row per changed item of a school with outbound rules; the relay signals them to the
-- outbound processes, several per signal, and deletes them.
CREATE TABLE syndication_changes (
    id         bigserial   PRIMARY KEY,
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    news_key   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE syndication_changes;
