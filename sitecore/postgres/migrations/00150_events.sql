-- +goose Up
-- A school's events with sign-up (issue 15, 3.2.15). PostgreSQL is the arbiter of seats:
-- "taken" counts the confirmed sign-ups and "waiting" the waiting line; a sign-up takes a
-- seat with one conditional UPDATE of the event's row (taken < capacity, nobody waiting,
-- sign-up still open), so no number of people at once can book more seats than there are.
-- The event's workflow (workflows.Event) drives the reminders and the promotions from the
-- waiting line.
CREATE TABLE events (
    id               bigserial   PRIMARY KEY,
    site_id          bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    title            jsonb       NOT NULL,
    description      jsonb       NOT NULL DEFAULT '{}',
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL CHECK (ends_at > starts_at),
    signup_closes_at timestamptz NOT NULL CHECK (signup_closes_at <= starts_at),
    place            text        NOT NULL DEFAULT '',
    online_url       text        NOT NULL DEFAULT '',
    capacity         integer     NOT NULL CHECK (capacity > 0),
    taken            integer     NOT NULL DEFAULT 0 CHECK (taken >= 0),
    waiting          integer     NOT NULL DEFAULT 0 CHECK (waiting >= 0),
    cancelled        boolean     NOT NULL DEFAULT false,
    created_by       bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (taken <= capacity),
    CHECK (place <> '' OR online_url <> '')
);
CREATE INDEX events_site_starts ON events (site_id, starts_at);

-- One row per attendee and event. attendee_id is who comes (the account, or a child of a
-- parent); signed_by is who signed up (the same account, or the parent). The waiting line
-- is ordered by queued_at, then id. A cancelled sign-up keeps its row.
CREATE TABLE event_signups (
    id          bigserial   PRIMARY KEY,
    event_id    bigint      NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    attendee_id bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    signed_by   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      text        NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    queued_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    attended    boolean     NOT NULL DEFAULT false,
    marked_by   bigint      NOT NULL DEFAULT 0,
    UNIQUE (event_id, attendee_id)
);
CREATE INDEX event_signups_line ON event_signups (event_id, status, queued_at, id);
CREATE INDEX event_signups_signer ON event_signups (signed_by);

-- +goose Down
DROP TABLE event_signups;
DROP TABLE events;
