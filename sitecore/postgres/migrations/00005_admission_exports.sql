-- +goose Up
-- Large Excel exports run as workflows; this row is what the admin polls.
CREATE TABLE admission_exports (
    id           bigserial   PRIMARY KEY,
    site_id      bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    campaign_id  bigint      NOT NULL REFERENCES admission_campaigns (id) ON DELETE CASCADE,
    requested_by bigint      NOT NULL DEFAULT 0,
    lang         text        NOT NULL,
    filter       jsonb       NOT NULL,
    status       text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
    rows         int         NOT NULL DEFAULT 0,
    file_id      text        NOT NULL DEFAULT '',
    size         bigint      NOT NULL DEFAULT 0,
    error        text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX admission_exports_site ON admission_exports (site_id, id DESC);

-- +goose Down
DROP TABLE admission_exports;
