-- +goose Up
-- Disk quota per site. used_bytes counts media, thumbnails and admission documents; every
-- upload reserves its bytes with one conditional UPDATE, so concurrent uploads cannot
-- together pass limit_bytes. warned is the highest warning mark (70, 90 percent) reached
-- since the marks last re-armed, notified the highest whose email was queued; epoch grows on
-- every re-arming so each new crossing gets an email key of its own. Rows appear on first use.
CREATE TABLE site_quotas (
    site_id     bigint      PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    used_bytes  bigint      NOT NULL DEFAULT 0 CHECK (used_bytes >= 0),
    limit_bytes bigint      NOT NULL DEFAULT 1073741824 CHECK (limit_bytes > 0),
    warned      int         NOT NULL DEFAULT 0,
    notified    int         NOT NULL DEFAULT 0,
    epoch       bigint      NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The media library: the record of each file; the bytes (and the thumbnail's) are in GridFS.
-- IDs are random, so a site's files cannot be enumerated.
CREATE TABLE media (
    id             text        PRIMARY KEY,
    site_id        bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    content_type   text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('image', 'video', 'document')),
    size           bigint      NOT NULL CHECK (size > 0),
    width          int         NOT NULL DEFAULT 0,
    height         int         NOT NULL DEFAULT 0,
    file_id        text        NOT NULL,
    thumb_file_id  text        NOT NULL DEFAULT '',
    thumb_size     bigint      NOT NULL DEFAULT 0,
    thumb_type     text        NOT NULL DEFAULT '',
    created_by     bigint      NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, id)
);
CREATE INDEX media_site_created ON media (site_id, created_at DESC, id);
CREATE INDEX media_site_kind_created ON media (site_id, kind, created_at DESC, id);

-- The site's logo, read with the site for every public page. The foreign key keeps a logo
-- from pointing at a deleted file (deleting it is refused while it is the logo: NO ACTION, checked at the end of the
-- statement, so deleting a whole site still cascades).
ALTER TABLE sites ADD COLUMN logo_media_id text;
ALTER TABLE sites ADD CONSTRAINT sites_logo_media FOREIGN KEY (id, logo_media_id)
    REFERENCES media (site_id, id);

-- Gallery albums and their items (section "galleries"). Titles, descriptions and captions
-- are {"kk": ..., "ru": ...}. Items point at media of the same site (the composite foreign
-- key makes another site's media impossible) or name an embedded YouTube/Vimeo video by ID.
CREATE TABLE gallery_albums (
    id          bigserial   PRIMARY KEY,
    site_id     bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    slug        text        NOT NULL,
    title       jsonb       NOT NULL DEFAULT '{}',
    description jsonb       NOT NULL DEFAULT '{}',
    position    int         NOT NULL DEFAULT 0,
    published   boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, slug),
    UNIQUE (site_id, id)
);

CREATE TABLE gallery_items (
    id        bigserial PRIMARY KEY,
    site_id   bigint    NOT NULL,
    album_id  bigint    NOT NULL,
    kind      text      NOT NULL CHECK (kind IN ('photo', 'video', 'embed')),
    media_id  text,
    provider  text      NOT NULL DEFAULT '' CHECK (provider IN ('', 'youtube', 'vimeo')),
    video_id  text      NOT NULL DEFAULT '',
    video_key text      NOT NULL DEFAULT '',
    caption   jsonb     NOT NULL DEFAULT '{}',
    position  int       NOT NULL DEFAULT 0,
    FOREIGN KEY (site_id, album_id) REFERENCES gallery_albums (site_id, id) ON DELETE CASCADE,
    FOREIGN KEY (site_id, media_id) REFERENCES media (site_id, id),
    CHECK ((kind = 'embed') = (media_id IS NULL))
);
CREATE INDEX gallery_items_album ON gallery_items (album_id, position, id);
CREATE INDEX gallery_items_media ON gallery_items (media_id) WHERE media_id IS NOT NULL;

-- +goose Down
DROP TABLE gallery_items;
DROP TABLE gallery_albums;
ALTER TABLE sites DROP CONSTRAINT sites_logo_media;
ALTER TABLE sites DROP COLUMN logo_media_id;
DROP TABLE media;
DROP TABLE site_quotas;
