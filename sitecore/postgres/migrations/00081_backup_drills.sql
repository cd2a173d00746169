-- +goose Up
-- The results of the restore drills (workflows.RestoreDrill): which backup was restored into
-- scratch databases, whether counts, checksums and the sample sites matched, what differed.
CREATE TABLE backup_drills (
    id              bigserial   PRIMARY KEY,
    run_id          text        NOT NULL UNIQUE, -- the drill's workflow run: recorded once
    backup_id       text        NOT NULL DEFAULT '',
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz NOT NULL DEFAULT now(),
    ok              boolean     NOT NULL,
    problems        jsonb       NOT NULL DEFAULT '[]',
    restore_seconds double precision NOT NULL DEFAULT 0
);
CREATE INDEX backup_drills_finished ON backup_drills (finished_at DESC);

-- +goose Down
DROP TABLE backup_drills;
