-- +goose Up
-- A parent's request, made on a school's site, to be linked to a child of that school named by
-- IIN. When an enrolled student of the school has that IIN, the request points at an
-- (unconfirmed) parent link the school confirms; otherwise it waits for the school. The
-- parent sees the same "waiting" either way, so a request tells nobody which IINs study where.
-- child_iin is personal data: never log it.
CREATE TABLE child_link_requests (
    id             bigserial   PRIMARY KEY,
    site_id        bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    parent_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    child_iin      text        NOT NULL,
    child_name     text        NOT NULL,
    parent_link_id bigint      REFERENCES parent_links (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, parent_id, child_iin)
);
CREATE INDEX child_link_requests_parent ON child_link_requests (parent_id, site_id);

-- +goose Down
DROP TABLE child_link_requests;
