-- +goose Up
-- Forums and communities (issue #15, 3.2.10–3.2.11). A community is platform-wide
-- (site_id NULL, made by operators: "teachers of physics of Kazakhstan") or belongs to one
-- school (parents of class 5A, the school's media group). Its forums hold topics, and
-- topics hold posts. Nothing is deleted: moderators hide posts (audited).
CREATE TABLE communities (
    id          bigserial   PRIMARY KEY,
    site_id     bigint      REFERENCES sites (id) ON DELETE CASCADE, -- NULL: platform-wide
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    -- private: only members see anything of it (others get "not found").
    visibility  text        NOT NULL CHECK (visibility IN ('public', 'private')),
    -- open: joining makes a member; approval: a moderator approves each request.
    join_policy text        NOT NULL CHECK (join_policy IN ('open', 'approval')),
    -- media: a school's media group, whose posts the school's admins promote to its news.
    kind        text        NOT NULL DEFAULT 'group' CHECK (kind IN ('group', 'media')),
    created_by  bigint      REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX communities_site ON communities (site_id, id);

CREATE TABLE community_members (
    community_id bigint      NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         text        NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator')),
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending')),
    -- approved_posts: the member's posts that are visible; under the trust threshold the
    -- member's posts wait for a moderator.
    approved_posts integer   NOT NULL DEFAULT 0,
    joined_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_members_user ON community_members (user_id);

CREATE TABLE forums (
    id           bigserial   PRIMARY KEY,
    community_id bigint      NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forums_community ON forums (community_id, id);

CREATE TABLE forum_topics (
    id           bigserial   PRIMARY KEY,
    community_id bigint      NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    forum_id     bigint      NOT NULL REFERENCES forums (id),
    title        text        NOT NULL,
    author_id    bigint      REFERENCES users (id) ON DELETE SET NULL,
    pinned       boolean     NOT NULL DEFAULT false,
    locked       boolean     NOT NULL DEFAULT false,
    -- last_seq numbers the topic's posts; a post's seq fixes its page for good, so a page
    -- is one range read of forum_posts_topic_seq however deep it is.
    last_seq     integer     NOT NULL DEFAULT 0,
    last_post_at timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forum_topics_forum ON forum_topics (forum_id, pinned DESC, last_post_at DESC);

CREATE TABLE forum_posts (
    id           bigserial   PRIMARY KEY,
    community_id bigint      NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    topic_id     bigint      NOT NULL REFERENCES forum_topics (id),
    seq          integer     NOT NULL,
    author_id    bigint      REFERENCES users (id) ON DELETE SET NULL,
    author_name  text        NOT NULL,
    body         text        NOT NULL, -- sanitized HTML
    lang         text        NOT NULL, -- the page language it was written in (search)
    -- visible; held: waits for a moderator (trust rules); hidden: by a moderator.
    status       text        NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'held', 'hidden')),
    promoted_key text        NOT NULL DEFAULT '', -- the news item a media group's post became
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Searched in kk, ru and en at once: members write in any of them whatever the page's
    -- language, so the words go in as written (simple, for Kazakh) and stemmed in Russian
    -- and English; a query is matched in the three configurations too.
    tsv          tsvector    GENERATED ALWAYS AS (to_tsvector('pg_catalog.simple', body)
                     || to_tsvector('pg_catalog.russian', body) || to_tsvector('pg_catalog.english', body)) STORED,
    UNIQUE (topic_id, seq)
);
CREATE INDEX forum_posts_held ON forum_posts (community_id, id) WHERE status = 'held';
CREATE INDEX forum_posts_tsv ON forum_posts USING gin (tsv) WITH (fastupdate = off);

CREATE TABLE forum_reports (
    id           bigserial   PRIMARY KEY,
    community_id bigint      NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    post_id      bigint      NOT NULL REFERENCES forum_posts (id),
    reporter_id  bigint      REFERENCES users (id) ON DELETE SET NULL,
    reason       text        NOT NULL,
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forum_reports_open ON forum_reports (community_id, id) WHERE status = 'open';

CREATE TABLE forum_reactions (
    post_id  bigint NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     text   NOT NULL CHECK (kind IN ('like', 'thanks', 'agree')),
    PRIMARY KEY (post_id, user_id, kind)
);

-- Subscriptions to a topic or a whole forum; the daily digest sends what was posted since
-- last_sent_at.
CREATE TABLE forum_subscriptions (
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    community_id bigint      NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    forum_id     bigint      NOT NULL DEFAULT 0, -- 0: a topic subscription
    topic_id     bigint      NOT NULL DEFAULT 0, -- 0: a forum subscription
    last_sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, forum_id, topic_id)
);

-- +goose Down
DROP TABLE forum_subscriptions;
DROP TABLE forum_reactions;
DROP TABLE forum_reports;
DROP TABLE forum_posts;
DROP TABLE forum_topics;
DROP TABLE forums;
DROP TABLE community_members;
DROP TABLE communities;
