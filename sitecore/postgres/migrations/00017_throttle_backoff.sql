-- +goose Up
-- Throttle keys back off: each further lock of a key that has not been quiet is longer.
-- The table now counts registrations, reset emails, tickets and applications too.
ALTER TABLE login_throttle ADD COLUMN lockouts int NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE login_throttle DROP COLUMN lockouts;
