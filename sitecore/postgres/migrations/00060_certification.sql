-- +goose Up
-- Training and certification of site admins (issue 11). The certification workflow owns the
-- process; these tables are its record and what lists, "my learning" and the template gate
-- read.

-- Kinds of certificate, the capability each grants and its validity.
CREATE TABLE certificate_kinds (
    code          text    PRIMARY KEY,
    title         jsonb   NOT NULL,
    capability    text    NOT NULL,
    validity_days integer NOT NULL DEFAULT 365 CHECK (validity_days > 0)
);
INSERT INTO certificate_kinds (code, title, capability, validity_days) VALUES
    ('templates', '{"kk": "Шаблондарды өңдеу", "ru": "Редактирование шаблонов", "en": "Template editing"}', 'edit_templates', 365);

-- Trainers appointed by operators: they publish courses and record results.
CREATE TABLE cert_trainers (
    user_id      bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    appointed_by bigint      NOT NULL DEFAULT 0,
    appointed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cert_courses (
    id            bigserial   PRIMARY KEY,
    kind          text        NOT NULL REFERENCES certificate_kinds (code),
    title         jsonb       NOT NULL,
    summary       jsonb       NOT NULL DEFAULT '{}',
    media_site_id bigint      REFERENCES sites (id) ON DELETE SET NULL,
    exam          jsonb       NOT NULL,
    refresher     jsonb       NOT NULL,
    published     boolean     NOT NULL DEFAULT false,
    created_by    bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Lessons in order; positions are renumbered in one transaction, hence deferred.
CREATE TABLE cert_lessons (
    id        bigserial PRIMARY KEY,
    course_id bigint    NOT NULL REFERENCES cert_courses (id) ON DELETE CASCADE,
    position  integer   NOT NULL CHECK (position > 0),
    title     jsonb     NOT NULL,
    body      jsonb     NOT NULL DEFAULT '{}',
    media     jsonb     NOT NULL DEFAULT '[]',
    videos    jsonb     NOT NULL DEFAULT '[]',
    CONSTRAINT cert_lessons_position UNIQUE (course_id, position) DEFERRABLE INITIALLY DEFERRED
);

-- A person's way through a course. The lessons of the course at enrolment are kept, so a
-- course edited later does not move anyone's goal. One enrolment per person and kind is
-- current (not failed or revoked).
CREATE TABLE cert_enrollments (
    id             bigserial   PRIMARY KEY,
    user_id        bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id      bigint      NOT NULL REFERENCES cert_courses (id),
    kind           text        NOT NULL REFERENCES certificate_kinds (code),
    phase          text        NOT NULL CHECK (phase IN ('learning', 'exam', 'certified', 'expired', 'revoked', 'failed')),
    lessons        bigint[]    NOT NULL,
    certificate_id bigint,
    enrolled_at    timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cert_enrollments_current ON cert_enrollments (user_id, kind) WHERE phase NOT IN ('revoked', 'failed');
CREATE INDEX cert_enrollments_user ON cert_enrollments (user_id, id DESC);

CREATE TABLE cert_lesson_progress (
    enrollment_id bigint      NOT NULL REFERENCES cert_enrollments (id) ON DELETE CASCADE,
    lesson_id     bigint      NOT NULL,
    done_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (enrollment_id, lesson_id)
);

-- Exam attempts as the certification process saw them; attempt_id is the test engine's.
CREATE TABLE cert_exam_attempts (
    enrollment_id bigint           NOT NULL REFERENCES cert_enrollments (id) ON DELETE CASCADE,
    attempt_id    bigint           NOT NULL,
    refresher     boolean          NOT NULL DEFAULT false,
    started_at    timestamptz      NOT NULL,
    graded_at     timestamptz,
    score         double precision NOT NULL DEFAULT 0,
    max_score     double precision NOT NULL DEFAULT 0,
    passed        boolean          NOT NULL DEFAULT false,
    PRIMARY KEY (enrollment_id, attempt_id)
);

CREATE SEQUENCE certificate_numbers;
CREATE TABLE certificates (
    id             bigserial   PRIMARY KEY,
    number         text        NOT NULL UNIQUE,
    user_id        bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           text        NOT NULL REFERENCES certificate_kinds (code),
    enrollment_id  bigint      UNIQUE REFERENCES cert_enrollments (id) ON DELETE SET NULL,
    issued_at      timestamptz NOT NULL,
    renewed_at     timestamptz,
    expires_at     timestamptz NOT NULL,
    code           text        NOT NULL UNIQUE,
    revoked_at     timestamptz,
    revoked_by     bigint      NOT NULL DEFAULT 0,
    revoked_reason text        NOT NULL DEFAULT ''
);
CREATE INDEX certificates_user ON certificates (user_id, issued_at DESC);

-- What a person may do because of a certificate. The certification workflow grants a row
-- when it issues or renews and deletes it at expiry or revocation; readers also require the
-- certificate to be unexpired and unrevoked, so a late worker never extends a right.
CREATE TABLE user_capabilities (
    user_id        bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    capability     text        NOT NULL,
    certificate_id bigint      NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    granted_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, capability, certificate_id)
);
CREATE INDEX user_capabilities_certificate ON user_capabilities (certificate_id);

-- Operators' revocation requests: stored and audited before the workflow applies them, so
-- the workflow carries only the request's ID.
CREATE TABLE certificate_revocations (
    id             bigserial   PRIMARY KEY,
    certificate_id bigint      NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    actor_id       bigint      NOT NULL DEFAULT 0,
    actor_name     text        NOT NULL DEFAULT '',
    reason         text        NOT NULL,
    ip             text        NOT NULL DEFAULT '',
    user_agent     text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    applied_at     timestamptz
);

-- Seminar attendance marked by trainers; it renews a certificate.
CREATE TABLE seminar_attendance (
    id        bigserial   PRIMARY KEY,
    user_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind      text        NOT NULL REFERENCES certificate_kinds (code),
    note      text        NOT NULL DEFAULT '',
    marked_by bigint      NOT NULL DEFAULT 0,
    marked_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE seminar_attendance;
DROP TABLE certificate_revocations;
DROP TABLE user_capabilities;
DROP TABLE certificates;
DROP SEQUENCE certificate_numbers;
DROP TABLE cert_exam_attempts;
DROP TABLE cert_lesson_progress;
DROP TABLE cert_enrollments;
DROP TABLE cert_lessons;
DROP TABLE cert_courses;
DROP TABLE cert_trainers;
DROP TABLE certificate_kinds;
