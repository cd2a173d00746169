-- +goose Up
-- Age exceptions: the school admits a child whose age on the reference date is outside the
-- grade's range, with a recorded reason; Submit accepts that child's application.
CREATE TABLE admission_age_exceptions (
    site_id     bigint      NOT NULL,
    campaign_id bigint      NOT NULL,
    child_iin   text        NOT NULL,
    grade       int         NOT NULL,
    reason      text        NOT NULL,
    granted_by  bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, child_iin, grade),
    CONSTRAINT admission_age_exceptions_campaign_fkey
        FOREIGN KEY (campaign_id, site_id) REFERENCES admission_campaigns (id, site_id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE admission_age_exceptions;
