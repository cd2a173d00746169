-- +goose Up
-- Feedback (issue #15): a message may carry one attachment (a document or a screenshot,
-- at most 5 MiB), kept in the media store like helpdesk attachments.
ALTER TABLE feedback_messages
    ADD COLUMN file_id   text   NOT NULL DEFAULT '',
    ADD COLUMN file_name text   NOT NULL DEFAULT '',
    ADD COLUMN file_type text   NOT NULL DEFAULT '',
    ADD COLUMN file_size bigint NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE feedback_messages DROP COLUMN file_id, DROP COLUMN file_name, DROP COLUMN file_type, DROP COLUMN file_size;
