-- +goose Up
-- Olympiad rounds hold their attempts' deadlines in the round's workflow (issue #22, the
-- 20,000-student round): an attempt made by a round's start has no workflow of its own, and
-- the round closes the attempts that are due in batches. closed_at is the server's clock when
-- an attempt stopped being 'started' (submitted_at stays the time it counts as submitted, the
-- cutoff for a deadline), so how late a deadline fired can be measured. The partial index
-- finds the due attempts of a round without reading the finished ones.
ALTER TABLE quiz_attempts ADD COLUMN closed_at timestamptz;
CREATE INDEX quiz_attempts_open_cutoff ON quiz_attempts (save_cutoff) WHERE status = 'started';

-- +goose Down
DROP INDEX quiz_attempts_open_cutoff;
ALTER TABLE quiz_attempts DROP COLUMN closed_at;
