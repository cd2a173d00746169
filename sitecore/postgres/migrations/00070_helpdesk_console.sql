-- +goose Up
-- The agents' console: who has a ticket open (presence, for collisions), and the index the
-- queue sorts by (the nearest SLA due time of open tickets).
CREATE TABLE ticket_presence (
    ticket_id bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    user_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seen_at   timestamptz NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX tickets_open_due ON tickets ((least(first_response_due, resolution_due)), id)
    WHERE status IN ('new', 'open', 'waiting');
CREATE INDEX tickets_recently_solved ON tickets (solved_at DESC, id) WHERE status IN ('solved', 'closed');

-- +goose Down
DROP INDEX tickets_recently_solved;
DROP INDEX tickets_open_due;
DROP TABLE ticket_presence;
