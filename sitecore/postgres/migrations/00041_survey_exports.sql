-- +goose Up
-- Excel exports of a survey (results with turnout; who voted) run as workflows; this row is
-- what the author polls: rows written so far against the total expected, then the file.
CREATE TABLE survey_exports (
    id           bigserial   PRIMARY KEY,
    site_id      bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    survey_id    bigint      NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('results', 'voters')),
    requested_by bigint      NOT NULL DEFAULT 0,
    lang         text        NOT NULL,
    status       text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed', 'expired')),
    rows         int         NOT NULL DEFAULT 0,
    total        int         NOT NULL DEFAULT 0,
    file_id      text        NOT NULL DEFAULT '',
    size         bigint      NOT NULL DEFAULT 0,
    error        text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX survey_exports_survey ON survey_exports (site_id, survey_id, id DESC);

-- +goose Down
DROP TABLE survey_exports;
