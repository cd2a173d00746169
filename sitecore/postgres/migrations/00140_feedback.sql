-- +goose Up
-- Feedback (issue #15, 3.2.8–3.2.9): visitors write to a school through the form on its
-- site; each message goes to the admins of its topic, who answer in a thread. Messages are
-- never deleted: an admin hides one (audited) and may show it again.
CREATE TABLE feedback_topics (
    id         bigserial   PRIMARY KEY,
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name_kk    text        NOT NULL,
    name_ru    text        NOT NULL,
    name_en    text        NOT NULL,
    -- recipients: user IDs of the admins who receive the topic's messages by email.
    recipients bigint[]    NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_topics_site ON feedback_topics (site_id);

CREATE TABLE feedback_messages (
    id         bigserial   PRIMARY KEY,
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    topic_id   bigint      NOT NULL REFERENCES feedback_topics (id),
    user_id    bigint      REFERENCES users (id) ON DELETE SET NULL,
    name       text        NOT NULL,
    email      text        NOT NULL,
    lang       text        NOT NULL,
    body       text        NOT NULL,
    status     text        NOT NULL DEFAULT 'new', -- new, answered
    hidden     boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_messages_site ON feedback_messages (site_id, created_at DESC);

CREATE TABLE feedback_answers (
    id         bigserial   PRIMARY KEY,
    message_id bigint      NOT NULL REFERENCES feedback_messages (id) ON DELETE CASCADE,
    author_id  bigint      REFERENCES users (id) ON DELETE SET NULL, -- NULL: the requester
    body       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_answers_message ON feedback_answers (message_id, id);

-- +goose Down
DROP TABLE feedback_answers;
DROP TABLE feedback_messages;
DROP TABLE feedback_topics;
