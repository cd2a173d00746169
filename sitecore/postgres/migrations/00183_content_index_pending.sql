-- +goose Up
-- Crash safety of the content index. The content store writes a document into the document
-- store and then its entry here; a process that dies between the two (or a PostgreSQL error
-- on the second) would leave the entry stale for good. So every write first records a
-- pending mark here, and the entry's write removes it in the same statement. A mark that
-- outlives its write by a grace period is a write whose entry may be missing: the repair
-- pass (mongo.Store.RepairContentIndex) claims it, reads the document as it is now, and
-- writes or removes the entry — unless the entry was written again after the claim.
CREATE TABLE content_index_pending (
    id      bigserial   PRIMARY KEY,
    site_id bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    kind    text        NOT NULL,
    key     text        NOT NULL,
    since   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX content_index_pending_since ON content_index_pending (since);

-- When the entry was last written: the repair pass leaves alone an entry written after it
-- claimed a mark (a newer write got there first).
ALTER TABLE content_index ADD COLUMN written_at timestamptz NOT NULL DEFAULT now();

-- +goose Down
ALTER TABLE content_index DROP COLUMN written_at;
DROP TABLE content_index_pending;
