-- +goose Up
-- Seminars for site admins (issue 11): dates, place or online link, capacity; registrations
-- with a waiting line; attendance marked by the trainer. Reminders run in the seminar's
-- workflow; this is the record.
CREATE TABLE cert_seminars (
    id         bigserial   PRIMARY KEY,
    kind       text        NOT NULL REFERENCES certificate_kinds (code),
    title      jsonb       NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL CHECK (ends_at > starts_at),
    place      text        NOT NULL DEFAULT '',
    online_url text        NOT NULL DEFAULT '',
    capacity   integer     NOT NULL CHECK (capacity > 0),
    cancelled  boolean     NOT NULL DEFAULT false,
    created_by bigint      NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (place <> '' OR online_url <> '')
);
CREATE INDEX cert_seminars_ends ON cert_seminars (ends_at);

-- One row per person and seminar. The waiting line is ordered by registered_at (then id);
-- a cancelled registration keeps its row (and its attendance, if any).
CREATE TABLE cert_seminar_registrations (
    id                bigserial   PRIMARY KEY,
    seminar_id        bigint      NOT NULL REFERENCES cert_seminars (id) ON DELETE CASCADE,
    user_id           bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status            text        NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    registered_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    attended          boolean     NOT NULL DEFAULT false,
    first_attended_at timestamptz,
    marked_by         bigint      NOT NULL DEFAULT 0,
    UNIQUE (seminar_id, user_id)
);
CREATE INDEX cert_seminar_registrations_line ON cert_seminar_registrations (seminar_id, status, registered_at, id);
CREATE INDEX cert_seminar_registrations_user ON cert_seminar_registrations (user_id);

-- +goose Down
DROP TABLE cert_seminar_registrations;
DROP TABLE cert_seminars;
