-- +goose Up
-- The read model of the CMS documents (pages, news, menus) kept by the content store with
-- every write: the lists of the control panel (page tree, news list, menu targets) are one
-- indexed query here instead of a read of the document collection, and a single document
-- is read from the document store by its _id (doc_id). The documents stay in the document
-- store; this can be rebuilt from them (mongo.Store.RebuildIndex, run at start while
-- content_index_state is empty).
CREATE TABLE content_index (
    site_id      bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('page', 'news', 'menu')),
    key          text        NOT NULL,
    doc_id       text        NOT NULL,
    published    boolean     NOT NULL DEFAULT false,
    scheduled    boolean     NOT NULL DEFAULT false,
    published_at timestamptz,
    position     integer     NOT NULL DEFAULT 0,
    langs        text[]      NOT NULL DEFAULT '{}', -- languages with text or a draft
    tags         text[]      NOT NULL DEFAULT '{}',
    doc          jsonb,                             -- the page or item without bodies
    PRIMARY KEY (site_id, kind, key)
);
CREATE INDEX content_index_news ON content_index (site_id, kind, published_at DESC, key);

-- One row once the index was built from the document store.
CREATE TABLE content_index_state (
    id       boolean     PRIMARY KEY DEFAULT true CHECK (id),
    built_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE content_index_state;
DROP TABLE content_index;
