-- +goose Up
-- Polls: surveys of kind 'poll', without a signature, whose poll settings (who sees the
-- results and when, whether visitors without an account vote once per browser) are one JSON
-- document. A poll may belong to an owner that shows it (owner_kind 'page' and the page's ID
-- today; communities later), indexed for the page that embeds it.
ALTER TABLE surveys DROP CONSTRAINT surveys_kind_check;
ALTER TABLE surveys ADD CONSTRAINT surveys_kind_check CHECK (kind IN ('survey', 'vote', 'poll'));
ALTER TABLE surveys ADD COLUMN poll jsonb;
ALTER TABLE surveys ADD COLUMN owner_kind text NOT NULL DEFAULT '';
ALTER TABLE surveys ADD COLUMN owner_ref text NOT NULL DEFAULT '';
ALTER TABLE surveys ADD CONSTRAINT surveys_poll_settings CHECK ((kind = 'poll') = (poll IS NOT NULL));
CREATE INDEX surveys_owner ON surveys (site_id, owner_kind, owner_ref) WHERE owner_kind <> '';

-- +goose Down
DROP INDEX surveys_owner;
ALTER TABLE surveys DROP CONSTRAINT surveys_poll_settings;
ALTER TABLE surveys DROP COLUMN owner_ref;
ALTER TABLE surveys DROP COLUMN owner_kind;
ALTER TABLE surveys DROP COLUMN poll;
DELETE FROM surveys WHERE kind = 'poll';
ALTER TABLE surveys DROP CONSTRAINT surveys_kind_check;
ALTER TABLE surveys ADD CONSTRAINT surveys_kind_check CHECK (kind IN ('survey', 'vote'));
