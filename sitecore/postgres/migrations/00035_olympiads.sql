-- +goose Up
-- Olympiads in rounds (issue #22). Everything is stored under the organiser's site (a school,
-- or the site of a district's or region's education department, or the platform's), and child
-- rows point at their parent through (site_id, id), so every query is scoped by that site.
-- Participants come from the schools of the organiser's part of the organisation tree; each
-- registration keeps the school with its district and region for the rankings.

CREATE TABLE olympiads (
    id          bigserial   PRIMARY KEY,
    site_id     bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    level       text        NOT NULL CHECK (level IN ('school', 'district', 'region', 'platform')),
    org_unit_id bigint      REFERENCES org_units (id),
    title       jsonb       NOT NULL,
    subjects    text[]      NOT NULL,
    grades      int[]       NOT NULL DEFAULT '{}',
    jury        bigint[]    NOT NULL DEFAULT '{}', -- users who decide appeals
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, id),
    CHECK ((level IN ('district', 'region')) = (org_unit_id IS NOT NULL))
);

CREATE TABLE olympiad_rounds (
    id                    bigserial   PRIMARY KEY,
    site_id               bigint      NOT NULL,
    olympiad_id           bigint      NOT NULL,
    number                int         NOT NULL CHECK (number > 0),
    stage                 text        NOT NULL CHECK (stage IN ('school', 'district', 'region', 'republic')),
    tasks                 jsonb       NOT NULL,
    registration_opens    timestamptz NOT NULL,
    registration_closes   timestamptz NOT NULL,
    notify_before_seconds int         NOT NULL DEFAULT 0 CHECK (notify_before_seconds >= 0),
    starts_at             timestamptz NOT NULL,
    ends_at               timestamptz NOT NULL,
    results_at            timestamptz NOT NULL,
    appeals_close         timestamptz NOT NULL,
    freeze_by             timestamptz NOT NULL,
    qualify               jsonb       NOT NULL DEFAULT '{}',
    awards                jsonb       NOT NULL DEFAULT '{}',
    status                text        NOT NULL DEFAULT 'planned'
                          CHECK (status IN ('planned', 'registration', 'registration_closed', 'running', 'results',
                                            'appeals_closed', 'frozen', 'published')),
    UNIQUE (site_id, id),
    UNIQUE (olympiad_id, number),
    FOREIGN KEY (site_id, olympiad_id) REFERENCES olympiads (site_id, id) ON DELETE CASCADE,
    CHECK (registration_opens < registration_closes AND registration_closes <= starts_at AND starts_at < ends_at
           AND ends_at <= results_at AND results_at < appeals_close AND appeals_close <= freeze_by)
);

-- One registration per participant and round. test_id is the task's test (NULL for a paper
-- task), copied when registering so the round's start reads no JSON; attempt_id is the
-- attempt made for the participant when the round started.
CREATE TABLE olympiad_registrations (
    id             bigserial   PRIMARY KEY,
    site_id        bigint      NOT NULL,
    round_id       bigint      NOT NULL,
    participant_id bigint      NOT NULL REFERENCES users (id),
    school_id      bigint      NOT NULL REFERENCES sites (id),
    district_id    bigint      REFERENCES org_units (id),
    region_id      bigint      REFERENCES org_units (id),
    subject        text        NOT NULL,
    grade          int         NOT NULL CHECK (grade BETWEEN 0 AND 12),
    invited        boolean     NOT NULL DEFAULT false,
    test_id        bigint,
    attempt_id     bigint      REFERENCES quiz_attempts (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, id),
    UNIQUE (round_id, participant_id),
    FOREIGN KEY (site_id, round_id) REFERENCES olympiad_rounds (site_id, id) ON DELETE CASCADE
);
-- The round's start walks the registrations that still need an attempt.
CREATE INDEX olympiad_registrations_to_start ON olympiad_registrations (site_id, round_id, id)
    WHERE attempt_id IS NULL AND test_id IS NOT NULL;

-- A participant's result (collected from the attempt, or entered by the jury for a paper task),
-- with the places once ranked.
CREATE TABLE olympiad_results (
    registration_id bigint           PRIMARY KEY,
    site_id         bigint           NOT NULL,
    round_id        bigint           NOT NULL,
    score           double precision NOT NULL DEFAULT 0,
    max_score       double precision NOT NULL DEFAULT 0,
    items           jsonb,
    absent          boolean          NOT NULL DEFAULT false,
    pending         int              NOT NULL DEFAULT 0,
    place           int              NOT NULL DEFAULT 0,
    school_place    int              NOT NULL DEFAULT 0,
    district_place  int              NOT NULL DEFAULT 0,
    region_place    int              NOT NULL DEFAULT 0,
    qualified       boolean          NOT NULL DEFAULT false,
    entered_by      bigint           REFERENCES users (id),
    updated_at      timestamptz      NOT NULL DEFAULT now(),
    FOREIGN KEY (site_id, registration_id) REFERENCES olympiad_registrations (site_id, id) ON DELETE CASCADE
);
CREATE INDEX olympiad_results_round ON olympiad_results (site_id, round_id);

-- Appeals: a participant contests one question (a test's question ID or a paper item's
-- number) once; the jury member's decision is kept with the points before and after.
CREATE TABLE olympiad_appeals (
    id              bigserial        PRIMARY KEY,
    site_id         bigint           NOT NULL,
    round_id        bigint           NOT NULL,
    registration_id bigint           NOT NULL,
    question_id     bigint           NOT NULL,
    text            text             NOT NULL,
    status          text             NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'accepted', 'rejected', 'unanswered')),
    decision        text             NOT NULL DEFAULT '',
    points_before   double precision NOT NULL DEFAULT 0,
    points_after    double precision NOT NULL DEFAULT 0,
    jury_member_id  bigint           REFERENCES users (id),
    filed_at        timestamptz      NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    UNIQUE (site_id, id),
    UNIQUE (registration_id, question_id),
    FOREIGN KEY (site_id, registration_id) REFERENCES olympiad_registrations (site_id, id) ON DELETE CASCADE
);
CREATE INDEX olympiad_appeals_round ON olympiad_appeals (site_id, round_id, status);

-- Qualifiers of a round and the registration they got for the next one.
CREATE TABLE olympiad_qualifications (
    registration_id      bigint      PRIMARY KEY,
    site_id              bigint      NOT NULL,
    round_id             bigint      NOT NULL,
    next_registration_id bigint      REFERENCES olympiad_registrations (id) ON DELETE SET NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (site_id, registration_id) REFERENCES olympiad_registrations (site_id, id) ON DELETE CASCADE
);

-- Diplomas and certificates; code is the public verification key (random, 60 bits).
CREATE TABLE olympiad_diplomas (
    id              bigserial        PRIMARY KEY,
    site_id         bigint           NOT NULL,
    round_id        bigint           NOT NULL,
    registration_id bigint           NOT NULL UNIQUE,
    award           text             NOT NULL CHECK (award IN ('first', 'second', 'third', 'participant')),
    place           int              NOT NULL DEFAULT 0,
    score           double precision NOT NULL DEFAULT 0,
    code            text             NOT NULL UNIQUE,
    issued_at       timestamptz      NOT NULL DEFAULT now(),
    published_at    timestamptz,
    FOREIGN KEY (site_id, registration_id) REFERENCES olympiad_registrations (site_id, id) ON DELETE CASCADE
);
CREATE INDEX olympiad_diplomas_round ON olympiad_diplomas (site_id, round_id);

-- +goose Down
DROP TABLE olympiad_diplomas;
DROP TABLE olympiad_qualifications;
DROP TABLE olympiad_appeals;
DROP TABLE olympiad_results;
DROP TABLE olympiad_registrations;
DROP TABLE olympiad_rounds;
DROP TABLE olympiads;
