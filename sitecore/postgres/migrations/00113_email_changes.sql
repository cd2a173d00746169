-- +goose Up
-- A change of a user's email address waiting for the new address to be proven: the link
-- mailed there carries the token (stored as its SHA-256). users.email changes only when the
-- link is opened, so roles, delegations and invitations never follow an unproven address.
-- One change waits per user: a new request replaces the old one.
CREATE TABLE email_changes (
    token_hash bytea       PRIMARY KEY,
    user_id    bigint      NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    new_email  text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE email_changes;
