-- +goose Up
-- Surveys and votes of a school site. The definition (title, description and questions per
-- language) is one JSON document; the settings the database acts on are columns. A survey's
-- blind-signature key (anonymous mode) is kept as the public key and the sealed private key.
CREATE TABLE surveys (
    id                   bigserial   PRIMARY KEY,
    site_id              bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    kind                 text        NOT NULL CHECK (kind IN ('survey', 'vote')),
    definition           jsonb       NOT NULL,
    audience_kind        text        NOT NULL
                         CHECK (audience_kind IN ('any', 'parents', 'staff', 'org_unit', 'iin_list')),
    org_unit_id          bigint      REFERENCES org_units (id),
    opens_at             timestamptz NOT NULL,
    closes_at            timestamptz NOT NULL,
    signature_required   boolean     NOT NULL,
    allow_organisations  boolean     NOT NULL DEFAULT false,
    mode                 text        NOT NULL CHECK (mode IN ('anonymous', 'named')),
    results_before_close boolean     NOT NULL DEFAULT false,
    publish_results      boolean     NOT NULL DEFAULT false,
    quorum_min_ballots   int         NOT NULL DEFAULT 0,
    quorum_turnout_pct   int         NOT NULL DEFAULT 0,
    reminders            int[]       NOT NULL DEFAULT '{}', -- hours before closing, earliest first
    revote               boolean     NOT NULL DEFAULT false CHECK (NOT revote OR mode = 'named'),
    status               text        NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'scheduled', 'open', 'closed', 'cancelled')),
    version              int         NOT NULL DEFAULT 1,
    public_key           bytea,
    sealed_key           bytea,
    results              jsonb,
    results_at           timestamptz,
    results_published    boolean     NOT NULL DEFAULT false,
    created_by           bigint      NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (closes_at > opens_at)
);
CREATE INDEX surveys_site_id ON surveys (site_id, id DESC);

-- An uploaded audience: the keyed hash (HMAC) of each IIN, never the IIN itself; the masked
-- IIN for the list of who voted, and an optional email for reminders.
CREATE TABLE survey_audience (
    survey_id  bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    iin_hash   bytea  NOT NULL,
    masked_iin text   NOT NULL,
    email      text   NOT NULL DEFAULT '',
    PRIMARY KEY (survey_id, iin_hash)
);

-- Nonces handed to participants (SHA-256), each used by one signature.
CREATE TABLE survey_nonces (
    survey_id  bigint      NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    nonce_hash bytea       NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (survey_id, nonce_hash)
);

-- Who voted. The primary key is the one-vote rule: one row per person (the keyed hash of the
-- IIN, or BIN, from the certificate; of the account in surveys without a signature) and survey,
-- decided by the database under any concurrency; one account votes once too. In anonymous mode
-- a row holds the eligibility CMS (survey, nonce, blinded token) and nothing of the ballot; in
-- named mode it holds the ballot, the CMS over it and its receipt.
CREATE TABLE survey_voters (
    survey_id      bigint      NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    iin_hash       bytea       NOT NULL,
    account_id     bigint      REFERENCES users (id) ON DELETE SET NULL,
    signer_name    text        NOT NULL DEFAULT '',
    masked_iin     text        NOT NULL DEFAULT '',
    cms            bytea,
    signed_content bytea,
    blinded_hash   bytea,
    ballot         bytea,
    receipt_hash   bytea,
    voted_at       timestamptz NOT NULL,
    voted_on       date        NOT NULL, -- the day in Asia/Almaty, for turnout
    revotes        int         NOT NULL DEFAULT 0,
    PRIMARY KEY (survey_id, iin_hash)
);
CREATE UNIQUE INDEX survey_voters_account ON survey_voters (survey_id, account_id) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX survey_voters_receipt ON survey_voters (survey_id, receipt_hash) WHERE receipt_hash IS NOT NULL;
CREATE INDEX survey_voters_day ON survey_voters (survey_id, voted_on);

-- Anonymous ballots. Nothing here points at a voter: no foreign key to survey_voters, no IIN,
-- account, certificate or time; the ID is a random UUID, so neither IDs nor the order of a
-- listing follow the order of arrival. token_hash (SHA-256 of the blind-signed token) makes a
-- token count once.
CREATE TABLE survey_ballots (
    id           uuid   PRIMARY KEY DEFAULT gen_random_uuid(),
    survey_id    bigint NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    token_hash   bytea  NOT NULL UNIQUE,
    answers      bytea  NOT NULL,
    receipt_hash bytea  NOT NULL,
    UNIQUE (survey_id, receipt_hash)
);
CREATE INDEX survey_ballots_survey_id ON survey_ballots (survey_id, id);

-- +goose Down
DROP TABLE survey_ballots;
DROP TABLE survey_voters;
DROP TABLE survey_nonces;
DROP TABLE survey_audience;
DROP TABLE surveys;
