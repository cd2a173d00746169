-- +goose Up
-- Edu mailboxes (issue #16, seed 3.1.2 and 4.9): the records of the mailboxes a site's admins
-- create on the school's domain. The mail itself and the password hashes live on the mail
-- server (sitecore/dovecot); no password is ever stored here.
CREATE TABLE mailboxes (
    id          bigserial   PRIMARY KEY,
    site_id     bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    address     text        NOT NULL,
    quota_bytes bigint      NOT NULL CHECK (quota_bytes > 0),
    state       text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'suspended')),
    created_by  bigint      REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- An address is unique across the platform: domains belong to one site each.
CREATE UNIQUE INDEX mailboxes_address ON mailboxes (lower(address));
CREATE INDEX mailboxes_site ON mailboxes (site_id, address);

-- The site's mail quota: what the quotas of its mailboxes may add up to. A site without a
-- row has the default (sitecore.DefaultSiteMailQuotaBytes).
CREATE TABLE site_mail_quotas (
    site_id     bigint      PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    limit_bytes bigint      NOT NULL CHECK (limit_bytes > 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE site_mail_quotas;
DROP TABLE mailboxes;
