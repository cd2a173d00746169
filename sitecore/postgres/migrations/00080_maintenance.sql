-- +goose Up
-- Planned maintenance of the platform, announced to the admins of the sites it affects
-- (workflows.Maintenance). version counts postponements: each one re-announces.
CREATE TABLE maintenance_notices (
    id          bigserial   PRIMARY KEY,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
    scope       text        NOT NULL CHECK (scope IN ('all', 'org_unit', 'sites')),
    org_unit_id bigint      REFERENCES org_units (id),
    message     jsonb       NOT NULL,
    emergency   boolean     NOT NULL DEFAULT false,
    reason      text        NOT NULL DEFAULT '',
    status      text        NOT NULL DEFAULT 'scheduled'
                CHECK (status IN ('scheduled', 'in_progress', 'done', 'cancelled')),
    version     int         NOT NULL DEFAULT 1,
    created_by  text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX maintenance_notices_open ON maintenance_notices (status) WHERE status IN ('scheduled', 'in_progress');

-- The sites a notice affects, resolved when it is scheduled (an org unit's subtree, every
-- site, or the operator's list).
CREATE TABLE maintenance_sites (
    notice_id bigint NOT NULL REFERENCES maintenance_notices (id) ON DELETE CASCADE,
    site_id   bigint NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    PRIMARY KEY (notice_id, site_id)
);
CREATE INDEX maintenance_sites_site_id ON maintenance_sites (site_id);

-- +goose Down
DROP TABLE maintenance_sites;
DROP TABLE maintenance_notices;
