-- +goose Up
-- The phone number on a person's profile (Kazakhstan mobile, stored as +7XXXXXXXXXX; empty
-- when not given). Personal data: shown only to the person.
ALTER TABLE users ADD COLUMN phone text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN phone;
