-- +goose Up
-- Finished exports are deleted after a retention period; the row stays as "expired".
ALTER TABLE admission_exports DROP CONSTRAINT admission_exports_status_check;
ALTER TABLE admission_exports ADD CONSTRAINT admission_exports_status_check
    CHECK (status IN ('running', 'done', 'failed', 'expired'));

-- +goose Down
UPDATE admission_exports SET status = 'failed' WHERE status = 'expired';
ALTER TABLE admission_exports DROP CONSTRAINT admission_exports_status_check;
ALTER TABLE admission_exports ADD CONSTRAINT admission_exports_status_check
    CHECK (status IN ('running', 'done', 'failed'));
