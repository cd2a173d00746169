-- +goose Up
-- The helpdesk: tickets of registered users, their conversation, attachments, SLA policies on
-- a working calendar, escalations, ratings of agents, agents' duty and canned responses.

-- Team leads of the support team get a platform role of their own.
ALTER TABLE users DROP CONSTRAINT users_platform_role_check;
ALTER TABLE users ADD CONSTRAINT users_platform_role_check
    CHECK (platform_role IN ('', 'operator', 'support_agent', 'support_lead'));
CREATE INDEX users_platform_role ON users (platform_role) WHERE platform_role <> '';

-- The business calendar (one row): working hours in a fixed zone and working weekdays
-- (0 Sunday … 6 Saturday). Defaults: Mon–Fri 09:00–18:00 Asia/Almaty (UTC+5).
CREATE TABLE helpdesk_calendar (
    id                 boolean PRIMARY KEY DEFAULT true CHECK (id),
    utc_offset_seconds int     NOT NULL DEFAULT 18000,
    day_start_minutes  int     NOT NULL DEFAULT 540 CHECK (day_start_minutes BETWEEN 0 AND 1440),
    day_end_minutes    int     NOT NULL DEFAULT 1080 CHECK (day_end_minutes BETWEEN 0 AND 1440),
    weekdays           int[]   NOT NULL DEFAULT '{1,2,3,4,5}',
    CHECK (day_start_minutes < day_end_minutes)
);
INSERT INTO helpdesk_calendar DEFAULT VALUES;

-- Public holidays of Kazakhstan (non-working days). Operators edit the list every year: the
-- government moves days, and Kurban Ait follows the lunar calendar.
CREATE TABLE helpdesk_holidays (
    day  date PRIMARY KEY,
    name text NOT NULL DEFAULT ''
);
INSERT INTO helpdesk_holidays (day, name)
SELECT make_date(y, m, d), n
FROM generate_series(2025, 2027) AS y,
     (VALUES (1, 1, 'New Year'), (1, 2, 'New Year'), (1, 7, 'Orthodox Christmas'),
             (3, 8, 'International Women''s Day'), (3, 21, 'Nauryz'), (3, 22, 'Nauryz'),
             (3, 23, 'Nauryz'), (5, 1, 'Unity of the People of Kazakhstan'),
             (5, 7, 'Defender of the Fatherland Day'), (5, 9, 'Victory Day'), (7, 6, 'Capital Day'),
             (8, 30, 'Constitution Day'), (10, 25, 'Republic Day'), (12, 16, 'Independence Day'))
     AS h (m, d, n);
-- First day of Kurban Ait (check the government's decree every year).
INSERT INTO helpdesk_holidays (day, name) VALUES
    ('2025-06-06', 'Kurban Ait'), ('2026-05-27', 'Kurban Ait')
ON CONFLICT DO NOTHING;

-- SLA policies: targets in working time (milliseconds) by category and priority; '' matches
-- any. The most specific match wins.
CREATE TABLE helpdesk_policies (
    id                bigserial PRIMARY KEY,
    category          text   NOT NULL DEFAULT '',
    priority          text   NOT NULL DEFAULT '',
    first_response_ms bigint NOT NULL CHECK (first_response_ms > 0),
    resolution_ms     bigint NOT NULL CHECK (resolution_ms > 0),
    reminder_pct      int    NOT NULL DEFAULT 75 CHECK (reminder_pct BETWEEN 1 AND 99),
    second_pct        int    NOT NULL DEFAULT 150 CHECK (second_pct > 100),
    calendar          text   NOT NULL DEFAULT 'business' CHECK (calendar IN ('business', '24x7')),
    auto_close_ms     bigint NOT NULL DEFAULT 604800000 CHECK (auto_close_ms > 0),
    solved_window_ms  bigint NOT NULL DEFAULT 604800000 CHECK (solved_window_ms > 0),
    UNIQUE (category, priority)
);
INSERT INTO helpdesk_policies (category, priority, first_response_ms, resolution_ms) VALUES
    ('', '',       4 * 3600000::bigint, 27 * 3600000::bigint),  -- half a day / three days
    ('', 'low',    9 * 3600000::bigint, 45 * 3600000::bigint),
    ('', 'high',   2 * 3600000::bigint,  9 * 3600000::bigint),
    ('', 'urgent', 1 * 3600000::bigint,  4 * 3600000::bigint);

-- Tickets. site_id is the school the request concerns (NULL: the platform itself).
CREATE TABLE tickets (
    id                      bigserial   PRIMARY KEY,
    site_id                 bigint      REFERENCES sites (id) ON DELETE SET NULL,
    requester_id            bigint      NOT NULL REFERENCES users (id),
    assignee_id             bigint      REFERENCES users (id),
    category                text        NOT NULL CHECK (category IN ('account', 'content', 'admissions', 'tests', 'surveys', 'other')),
    priority                text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    subject                 text        NOT NULL,
    description             text        NOT NULL,
    status                  text        NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'waiting', 'solved', 'closed')),
    lang                    text        NOT NULL DEFAULT 'kk',
    merged_into             bigint      REFERENCES tickets (id),
    first_response_due      timestamptz,
    resolution_due          timestamptz,
    first_response_at       timestamptz,
    solved_at               timestamptz,
    solved_by               bigint      REFERENCES users (id),
    closed_at               timestamptz,
    first_response_breached boolean     NOT NULL DEFAULT false,
    resolution_breached     boolean     NOT NULL DEFAULT false,
    escalation_level        int         NOT NULL DEFAULT 0,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_requester ON tickets (requester_id, id);
CREATE INDEX tickets_status ON tickets (status, id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);
CREATE INDEX tickets_site ON tickets (site_id, id);
CREATE INDEX tickets_solved ON tickets (solved_at) WHERE solved_at IS NOT NULL;
CREATE INDEX tickets_created ON tickets (created_at, id);

-- The conversation: public replies and internal notes (agents only).
CREATE TABLE ticket_messages (
    id         bigserial   PRIMARY KEY,
    ticket_id  bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id  bigint      REFERENCES users (id),
    internal   boolean     NOT NULL DEFAULT false,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);

CREATE TABLE ticket_attachments (
    id           bigserial   PRIMARY KEY,
    ticket_id    bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    uploader_id  bigint      NOT NULL REFERENCES users (id),
    file_id      text        NOT NULL,
    name         text        NOT NULL,
    content_type text        NOT NULL,
    size         bigint      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id, id);

-- Every recorded action, keyed so that a retried activity records it once.
CREATE TABLE ticket_events (
    id        bigserial   PRIMARY KEY,
    ticket_id bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    key       text        NOT NULL UNIQUE,
    actor_id  bigint,
    kind      text        NOT NULL,
    to_status text        NOT NULL DEFAULT '',
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- Escalations that fired: level 1 reminder, 2 breach, 3 second escalation; once each.
CREATE TABLE ticket_escalations (
    ticket_id bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    clock     text        NOT NULL CHECK (clock IN ('first_response', 'resolution')),
    level     int         NOT NULL CHECK (level BETWEEN 1 AND 3),
    due_at    timestamptz NOT NULL,
    fired_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (ticket_id, clock, level)
);

CREATE TABLE ticket_ratings (
    ticket_id  bigint      PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    agent_id   bigint      REFERENCES users (id),
    stars      int         NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment    text        NOT NULL DEFAULT '',
    reason     text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_ratings_agent ON ticket_ratings (agent_id);

-- Emailed rating links, by the SHA-256 of the token; each is used once.
CREATE TABLE ticket_rating_tokens (
    token_hash bytea       PRIMARY KEY,
    ticket_id  bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX ticket_rating_tokens_ticket ON ticket_rating_tokens (ticket_id);

-- Agents' duty: away agents get no new tickets; round robin picks the longest waiting.
CREATE TABLE helpdesk_agents (
    user_id          bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    away             boolean     NOT NULL DEFAULT false,
    last_assigned_at timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE helpdesk_canned (
    id         bigserial   PRIMARY KEY,
    lang       text        NOT NULL,
    title      text        NOT NULL,
    body       text        NOT NULL,
    created_by bigint      REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX helpdesk_canned_lang ON helpdesk_canned (lang, id);

-- The outbox of new tickets whose workflow has to be started.
CREATE TABLE helpdesk_intake (
    ticket_id  bigint      PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz
);
CREATE INDEX helpdesk_intake_pending ON helpdesk_intake (created_at) WHERE started_at IS NULL;

-- +goose Down
DROP TABLE helpdesk_intake;
DROP TABLE helpdesk_canned;
DROP TABLE helpdesk_agents;
DROP TABLE ticket_rating_tokens;
DROP TABLE ticket_ratings;
DROP TABLE ticket_escalations;
DROP TABLE ticket_events;
DROP TABLE ticket_attachments;
DROP TABLE ticket_messages;
DROP TABLE tickets;
DROP TABLE helpdesk_policies;
DROP TABLE helpdesk_holidays;
DROP TABLE helpdesk_calendar;
DROP INDEX users_platform_role;
UPDATE users SET platform_role = '' WHERE platform_role = 'support_lead';
ALTER TABLE users DROP CONSTRAINT users_platform_role_check;
ALTER TABLE users ADD CONSTRAINT users_platform_role_check
    CHECK (platform_role IN ('', 'operator', 'support_agent'));
