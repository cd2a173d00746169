-- +goose Up
-- IIN disputes: a family that tries to apply for a child another account has an active
-- application for is recorded as a claimant, and the application is flagged, so the school
-- sees the dispute and can void the application that should not be there.
ALTER TABLE applications ADD COLUMN disputed_at timestamptz;

CREATE TABLE admission_disputes (
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    claimant_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, claimant_id)
);

-- +goose Down
DROP TABLE admission_disputes;
ALTER TABLE applications DROP COLUMN disputed_at;
