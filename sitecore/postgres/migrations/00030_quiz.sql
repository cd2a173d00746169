-- +goose Up
-- Online tests (issue #22): question banks, questions, tests, attempts and their answers.
-- Every table carries site_id, and child rows point at their parent through (site_id, id),
-- so a row can never belong to another school than its parent.

CREATE TABLE quiz_banks (
    id         bigserial   PRIMARY KEY,
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name       jsonb       NOT NULL,
    subject    text        NOT NULL DEFAULT '',
    grade      int         NOT NULL DEFAULT 0 CHECK (grade BETWEEN 0 AND 12),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, id)
);

-- A question's options and key are one JSON document (quiz.Body): they are read and written
-- together, and grading happens in Go.
CREATE TABLE quiz_questions (
    id         bigserial        PRIMARY KEY,
    site_id    bigint           NOT NULL,
    bank_id    bigint           NOT NULL,
    kind       text             NOT NULL CHECK (kind IN ('single', 'multiple', 'truefalse', 'short',
                                                         'numeric', 'matching', 'ordering', 'essay')),
    name       text             NOT NULL DEFAULT '',
    category   text             NOT NULL DEFAULT '',
    text       jsonb            NOT NULL,
    media_id   text             NOT NULL DEFAULT '',
    points     double precision NOT NULL CHECK (points > 0),
    body       jsonb            NOT NULL,
    created_at timestamptz      NOT NULL DEFAULT now(),
    updated_at timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (site_id, id),
    FOREIGN KEY (site_id, bank_id) REFERENCES quiz_banks (site_id, id) ON DELETE CASCADE
);
-- Random draws read a category of a bank.
CREATE INDEX quiz_questions_category ON quiz_questions (site_id, bank_id, category, id);

CREATE TABLE quiz_tests (
    id                 bigserial   PRIMARY KEY,
    site_id            bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    title              jsonb       NOT NULL,
    subject            text        NOT NULL DEFAULT '',
    grade              int         NOT NULL DEFAULT 0,
    items              jsonb       NOT NULL,
    shuffle_questions  boolean     NOT NULL DEFAULT false,
    shuffle_options    boolean     NOT NULL DEFAULT false,
    time_limit_seconds int         NOT NULL DEFAULT 0 CHECK (time_limit_seconds >= 0),
    opens              timestamptz,
    closes             timestamptz,
    attempts_allowed   int         NOT NULL DEFAULT 0 CHECK (attempts_allowed >= 0),
    review             text        NOT NULL CHECK (review IN ('score', 'answers_after', 'nothing')),
    grace_mode         text        NOT NULL CHECK (grace_mode IN ('submit', 'last_save', 'never')),
    grace_seconds      int         NOT NULL DEFAULT 0,
    audience           jsonb       NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_id, id),
    CHECK (time_limit_seconds > 0 OR closes IS NOT NULL)
);
CREATE INDEX quiz_tests_site ON quiz_tests (site_id, id);

-- An attempt stores its seed and the questions drawn with it (slots), its deadline and the
-- last moment a save counts (deadline + grace).
CREATE TABLE quiz_attempts (
    id           bigserial        PRIMARY KEY,
    site_id      bigint           NOT NULL,
    test_id      bigint           NOT NULL,
    student_id   bigint           NOT NULL REFERENCES users (id),
    number       int              NOT NULL CHECK (number > 0),
    seed         bigint           NOT NULL,
    slots        jsonb            NOT NULL,
    status       text             NOT NULL DEFAULT 'started'
                                  CHECK (status IN ('started', 'submitted', 'graded', 'closed')),
    started_at   timestamptz      NOT NULL,
    deadline     timestamptz      NOT NULL,
    save_cutoff  timestamptz      NOT NULL CHECK (save_cutoff >= deadline),
    submitted_at timestamptz,
    graded_at    timestamptz,
    score        double precision NOT NULL DEFAULT 0,
    max_score    double precision NOT NULL DEFAULT 0,
    pending      int              NOT NULL DEFAULT 0,
    UNIQUE (site_id, id),
    UNIQUE (test_id, student_id, number),
    FOREIGN KEY (site_id, test_id) REFERENCES quiz_tests (site_id, id) ON DELETE CASCADE
);
-- One open attempt per student and test: a second start (two tabs, two devices) is refused
-- by the database, however the requests race.
CREATE UNIQUE INDEX quiz_attempts_one_open ON quiz_attempts (test_id, student_id) WHERE status = 'started';
CREATE INDEX quiz_attempts_test ON quiz_attempts (site_id, test_id, status);
CREATE INDEX quiz_attempts_student ON quiz_attempts (site_id, student_id);

-- The newest autosave of each question of an attempt, later its grade. seq is the browser's
-- counter: a save with a lower seq than stored is ignored, the same seq again changes nothing.
CREATE TABLE quiz_answers (
    attempt_id  bigint           NOT NULL REFERENCES quiz_attempts (id) ON DELETE CASCADE,
    question_id bigint           NOT NULL,
    seq         bigint           NOT NULL CHECK (seq >= 0),
    response    jsonb            NOT NULL,
    saved_at    timestamptz      NOT NULL,
    graded      boolean          NOT NULL DEFAULT false,
    fraction    double precision NOT NULL DEFAULT 0 CHECK (fraction BETWEEN 0 AND 1),
    points      double precision NOT NULL DEFAULT 0,
    graded_by   bigint           REFERENCES users (id),
    PRIMARY KEY (attempt_id, question_id)
);

-- Attempts whose workflow has not been started yet (an outbox, like admission_intake): the
-- attempt and its row are written in one statement, and a relay starts the workflows, so a
-- crash or a Temporal outage between the two never leaves an attempt without its deadline.
CREATE TABLE quiz_attempt_intake (
    attempt_id bigint      PRIMARY KEY REFERENCES quiz_attempts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE quiz_attempt_intake;
DROP TABLE quiz_answers;
DROP TABLE quiz_attempts;
DROP TABLE quiz_tests;
DROP TABLE quiz_questions;
DROP TABLE quiz_banks;
