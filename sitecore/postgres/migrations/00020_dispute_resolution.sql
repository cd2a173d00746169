-- +goose Up
-- A school resolves an IIN dispute: the claims get the outcome ("void": the disputed
-- application was voided; "stands": it stays) and when, and the application's flag is
-- cleared. A claimant who tries again after a resolution opens the claim anew.
ALTER TABLE admission_disputes
    ADD COLUMN resolved_at timestamptz,
    ADD COLUMN outcome text CHECK (outcome IN ('void', 'stands')),
    ADD CONSTRAINT admission_disputes_resolved CHECK ((resolved_at IS NULL) = (outcome IS NULL));

-- +goose Down
ALTER TABLE admission_disputes DROP CONSTRAINT admission_disputes_resolved,
    DROP COLUMN outcome, DROP COLUMN resolved_at;
