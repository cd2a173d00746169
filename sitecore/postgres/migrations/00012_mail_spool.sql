-- +goose Up
-- The email spool: a message waits here, sealed with the platform's data key, between the
-- request that writes it and its delivery; Temporal carries only the key. The row is deleted
-- once the message is sent (mail_log keeps that it was).
CREATE TABLE mail_spool (
    key        text PRIMARY KEY,
    key_id     text NOT NULL,
    sealed     bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE mail_spool;
