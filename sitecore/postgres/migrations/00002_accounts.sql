-- +goose Up
-- Platform accounts: one per person, used on every school site. Emails are unique without
-- regard to case.
CREATE TABLE users (
    id                bigserial   PRIMARY KEY,
    email             text        NOT NULL,
    email_verified_at timestamptz,
    password_hash     text        NOT NULL DEFAULT '',
    full_name         text        NOT NULL,
    lang              text        NOT NULL DEFAULT 'kk',
    platform_role     text        NOT NULL DEFAULT ''
                      CHECK (platform_role IN ('', 'operator', 'support_agent')),
    avatar_url        text        NOT NULL DEFAULT '',
    bio               text        NOT NULL DEFAULT '',
    visibility        text        NOT NULL DEFAULT 'members'
                      CHECK (visibility IN ('public', 'members', 'hidden')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Logged-in browsers, by the SHA-256 of the cookie token.
CREATE TABLE sessions (
    token_hash bytea       PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- Emailed tokens (email verification, password reset), by SHA-256; each is used once.
CREATE TABLE one_time_tokens (
    token_hash bytea       PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text        NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX one_time_tokens_user_id ON one_time_tokens (user_id);

-- Failed-login counters per key ("account:<email>", "ip:<addr>").
CREATE TABLE login_throttle (
    key          text        PRIMARY KEY,
    failures     int         NOT NULL DEFAULT 0,
    window_start timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz
);

-- Roles of users in schools; a user may hold several roles in one school.
CREATE TABLE site_members (
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text        NOT NULL
               CHECK (role IN ('owner', 'admin', 'teacher', 'student', 'parent', 'member')),
    added_by   bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, user_id, role)
);
CREATE INDEX site_members_user_id ON site_members (user_id);

-- Access to a section of a school's panel given to a user; revoked rows are kept for history.
CREATE TABLE delegations (
    id         bigserial   PRIMARY KEY,
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    section    text        NOT NULL,
    action     text        NOT NULL CHECK (action IN ('view', 'edit', 'publish')),
    page_key   text        NOT NULL DEFAULT '',
    granted_by bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX delegations_active ON delegations (site_id, user_id) WHERE revoked_at IS NULL;
CREATE INDEX delegations_user_active ON delegations (user_id) WHERE revoked_at IS NULL;

-- A parent's account tied to a child's; it counts once confirmed_at is set.
CREATE TABLE parent_links (
    id           bigserial   PRIMARY KEY,
    parent_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    child_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    confirmed_by text        NOT NULL DEFAULT '',
    confirmed_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (parent_id, child_id),
    CHECK (parent_id <> child_id)
);
CREATE INDEX parent_links_child_id ON parent_links (child_id);

-- Personal API tokens, by SHA-256, each limited to one site.
CREATE TABLE api_tokens (
    id           bigserial   PRIMARY KEY,
    token_hash   bytea       NOT NULL UNIQUE,
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    site_id      bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name         text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);

-- Administrative actions. site_id is NULL for platform-wide actions; actor_id 0 is the
-- bootstrap operator token.
CREATE TABLE audit_log (
    id         bigserial   PRIMARY KEY,
    site_id    bigint      REFERENCES sites (id) ON DELETE CASCADE,
    actor_id   bigint      NOT NULL DEFAULT 0,
    actor_name text        NOT NULL DEFAULT '',
    action     text        NOT NULL,
    target     text        NOT NULL DEFAULT '',
    details    jsonb,
    ip         text        NOT NULL DEFAULT '',
    user_agent text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_site_id ON audit_log (site_id, id DESC);

-- The organisation tree: region → district or city → schools (sites.org_unit_id).
CREATE TABLE org_units (
    id        bigserial PRIMARY KEY,
    parent_id bigint    REFERENCES org_units (id),
    kind      text      NOT NULL CHECK (kind IN ('region', 'district', 'city')),
    names     jsonb     NOT NULL DEFAULT '{}'
);
CREATE INDEX org_units_parent_id ON org_units (parent_id);
ALTER TABLE sites ADD COLUMN org_unit_id bigint REFERENCES org_units (id);

-- Domains an owner wants to bind, waiting for the DNS TXT record with token.
CREATE TABLE domain_claims (
    site_id     bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    host        text        NOT NULL,
    token       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    verified_at timestamptz,
    PRIMARY KEY (site_id, host)
);

-- +goose Down
DROP TABLE domain_claims;
ALTER TABLE sites DROP COLUMN org_unit_id;
DROP TABLE org_units;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE parent_links;
DROP TABLE delegations;
DROP TABLE site_members;
DROP TABLE login_throttle;
DROP TABLE one_time_tokens;
DROP TABLE sessions;
DROP TABLE users;
