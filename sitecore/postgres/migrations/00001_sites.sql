-- +goose Up
-- Sites are the tenants: every school service table will reference sites(id).
CREATE TABLE sites (
    id          bigserial PRIMARY KEY,
    slug        text        NOT NULL UNIQUE,
    names       jsonb       NOT NULL,
    languages   text[]      NOT NULL CHECK (cardinality(languages) > 0),
    owner_email text        NOT NULL,
    status      text        NOT NULL DEFAULT 'provisioning'
                CHECK (status IN ('provisioning', 'active', 'failed')),
    step        text        NOT NULL DEFAULT 'reserved',
    error       text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A host belongs to at most one site; the primary key makes a duplicate domain a conflict
-- even when two operators race.
CREATE TABLE site_domains (
    host       text        PRIMARY KEY,
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    position   int         NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_domains_site_id ON site_domains (site_id);

-- Idempotency-Key claims and the responses they produced. status 0 means in progress.
CREATE TABLE idempotency_keys (
    scope        text        NOT NULL,
    key          text        NOT NULL,
    request_hash bytea       NOT NULL,
    status       int         NOT NULL DEFAULT 0,
    content_type text        NOT NULL DEFAULT '',
    body         bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- Emails sent by activities, by deduplication key, so a retried activity does not send twice.
CREATE TABLE mail_log (
    key       text        PRIMARY KEY,
    recipient text        NOT NULL,
    sent_at   timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE mail_log;
DROP TABLE idempotency_keys;
DROP TABLE site_domains;
DROP TABLE sites;
