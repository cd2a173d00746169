-- +goose Up
-- Admission campaigns of schools: the grades admitted to with their seats, the application
-- window and the deadlines of the workflow.
CREATE TABLE admission_campaigns (
    id                 bigserial   PRIMARY KEY,
    site_id            bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    title              jsonb       NOT NULL DEFAULT '{}',
    grades             jsonb       NOT NULL DEFAULT '[]', -- [{"grade": 1, "seats": 50}]
    opens_at           timestamptz NOT NULL,
    closes_at          timestamptz NOT NULL,
    results_at         timestamptz NOT NULL,
    required_documents text[]      NOT NULL DEFAULT '{}',
    instruction_langs  text[]      NOT NULL DEFAULT '{}',
    offer_days         int         NOT NULL DEFAULT 0,
    reminder_days      int         NOT NULL DEFAULT 0,
    withdraw_days      int         NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    -- The target of applications' (campaign_id, site_id) key: an application always belongs
    -- to a campaign of its own site.
    UNIQUE (id, site_id)
);
CREATE INDEX admission_campaigns_site_id ON admission_campaigns (site_id);

-- Applications of parents for their children. child_iin is personal data: never log it.
-- child_name sorts in Kazakh alphabetical order (І after Ы, Ә after А, ...).
CREATE TABLE applications (
    id                bigserial   PRIMARY KEY,
    site_id           bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    campaign_id       bigint      NOT NULL,
    parent_id         bigint      NOT NULL REFERENCES users (id),
    child_name        text        NOT NULL COLLATE "kk-x-icu",
    child_iin         text        NOT NULL,
    birth_date        date        NOT NULL,
    grade             int         NOT NULL,
    address           text        NOT NULL DEFAULT '',
    instruction_lang  text        NOT NULL DEFAULT '',
    phone             text        NOT NULL DEFAULT '',
    email             text        NOT NULL DEFAULT '',
    lang              text        NOT NULL DEFAULT 'kk',
    status            text        NOT NULL DEFAULT 'submitted'
                      CHECK (status IN ('submitted', 'documents_check', 'documents_fix',
                                        'under_review', 'admitted', 'waitlisted', 'declined',
                                        'enrolled', 'offer_expired', 'offer_declined',
                                        'withdrawn')),
    released          boolean     NOT NULL DEFAULT false,
    waitlist_position int         NOT NULL DEFAULT 0,
    decline_reason    text        NOT NULL DEFAULT '',
    decline_text      text        NOT NULL DEFAULT '',
    offer_expires_at  timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT applications_campaign_fkey
        FOREIGN KEY (campaign_id, site_id) REFERENCES admission_campaigns (id, site_id) ON DELETE CASCADE
);
-- One active application per child and campaign (sitecore.AdmissionStatus.Active: every
-- status but the final ones, and enrolled).
CREATE UNIQUE INDEX applications_active_child ON applications (campaign_id, child_iin)
    WHERE status NOT IN ('declined', 'offer_expired', 'offer_declined', 'withdrawn');
CREATE INDEX applications_site_campaign_status ON applications (site_id, campaign_id, status);
CREATE INDEX applications_campaign_grade ON applications (campaign_id, grade, status, waitlist_position);
CREATE INDEX applications_parent_id ON applications (parent_id);

-- The history of every application.
CREATE TABLE application_events (
    id             bigserial   PRIMARY KEY,
    application_id bigint      NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at             timestamptz NOT NULL DEFAULT now(),
    actor          text        NOT NULL,
    from_status    text        NOT NULL DEFAULT '',
    to_status      text        NOT NULL,
    note           text        NOT NULL DEFAULT ''
);
CREATE INDEX application_events_application_id ON application_events (application_id, id);

-- The outbox of submitted applications whose workflow has to be started; a relay reads it
-- (woken by NOTIFY mektep_admission_intake) and marks the rows started.
CREATE TABLE admission_intake (
    application_id bigint      PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz
);
CREATE INDEX admission_intake_pending ON admission_intake (created_at) WHERE started_at IS NULL;

-- +goose Down
DROP TABLE admission_intake;
DROP TABLE application_events;
DROP TABLE applications;
DROP TABLE admission_campaigns;
