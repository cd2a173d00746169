-- +goose Up
-- Catchment territory: the addresses assigned to a school (a street of a settlement, all of
-- it, a range of house numbers (odd, even or all) or a list of house numbers). An import
-- replaces the whole territory in one transaction; line is the spreadsheet row it came from.
CREATE TABLE admission_catchment (
    id          bigserial   PRIMARY KEY,
    site_id     bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    line        int         NOT NULL DEFAULT 0,
    settlement  text        NOT NULL DEFAULT '',
    street      text        NOT NULL,
    house_from  int         NOT NULL DEFAULT 0,
    house_to    int         NOT NULL DEFAULT 0,
    parity      text        NOT NULL DEFAULT '' CHECK (parity IN ('', 'odd', 'even')),
    houses      text[]      NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admission_catchment_site ON admission_catchment (site_id, line);

-- A campaign may open for the catchment first (open_to_all_at: everyone from then on) and
-- names the priority categories it recognises, highest first.
ALTER TABLE admission_campaigns
    ADD COLUMN open_to_all_at timestamptz,
    ADD COLUMN priorities     text[] NOT NULL DEFAULT '{}';

-- Whether the application's address was inside the school's catchment when it was
-- submitted, and the priority category the family claims with the school's verdict.
ALTER TABLE applications
    ADD COLUMN in_catchment    boolean NOT NULL DEFAULT false,
    ADD COLUMN priority        text    NOT NULL DEFAULT '',
    ADD COLUMN priority_status text    NOT NULL DEFAULT ''
        CHECK (priority_status IN ('', 'claimed', 'confirmed', 'rejected'));

-- +goose Down
ALTER TABLE applications DROP COLUMN priority_status, DROP COLUMN priority, DROP COLUMN in_catchment;
ALTER TABLE admission_campaigns DROP COLUMN priorities, DROP COLUMN open_to_all_at;
DROP TABLE admission_catchment;
