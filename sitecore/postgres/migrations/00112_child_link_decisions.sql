-- +goose Up
-- The school's answer to a parent's child-link request: approved (the parent link, when the IIN
-- matched a student, is confirmed in the same transaction) or rejected, with a remark the
-- parent reads on their account page and in the email that tells them.
ALTER TABLE child_link_requests
    ADD COLUMN decision   text CHECK (decision IN ('approved', 'rejected')),
    ADD COLUMN remark     text NOT NULL DEFAULT '',
    ADD COLUMN decided_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN decided_at timestamptz,
    ADD CONSTRAINT child_link_requests_decided CHECK ((decision IS NULL) = (decided_at IS NULL));
CREATE INDEX child_link_requests_pending ON child_link_requests (site_id) WHERE decision IS NULL;

-- +goose Down
DROP INDEX child_link_requests_pending;
ALTER TABLE child_link_requests
    DROP CONSTRAINT child_link_requests_decided,
    DROP COLUMN decided_at,
    DROP COLUMN decided_by,
    DROP COLUMN remark,
    DROP COLUMN decision;
