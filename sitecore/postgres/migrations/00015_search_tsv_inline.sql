-- +goose NO TRANSACTION
-- +goose Up
-- A document's tsvector (about 3 KB for a 200-word news item) stays in the table row
-- instead of being moved to the TOAST table: searches match and rank hundreds of candidates
-- per query, and reading each one's tsvector through the TOAST index cost four or five page
-- reads more than reading its row. Only a tsvector too large for a page still goes out of
-- line. The body, read for the ten snippets of a page only, stays out of line.
ALTER TABLE search_docs ALTER COLUMN tsv SET STORAGE MAIN;
-- Existing rows are rewritten into the new layout (an exclusive lock for as long as the
-- copy takes: about a minute per 200,000 documents).
VACUUM FULL search_docs;
ANALYZE search_docs;

-- +goose Down
ALTER TABLE search_docs ALTER COLUMN tsv SET STORAGE EXTENDED;
