-- +goose Up
-- Schools' vacancies (sitecore/vacancy): plain-text fields per language, the rest shared.
CREATE TABLE vacancies (
    id           bigserial   PRIMARY KEY,
    site_id      bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    texts        jsonb       NOT NULL,
    subject      text        NOT NULL DEFAULT '',
    hours        int         NOT NULL DEFAULT 0 CHECK (hours BETWEEN 0 AND 60),
    salary_min   bigint      NOT NULL DEFAULT 0 CHECK (salary_min >= 0),
    salary_max   bigint      NOT NULL DEFAULT 0 CHECK (salary_max >= 0),
    deadline     date        NOT NULL,
    published    boolean     NOT NULL DEFAULT false,
    published_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vacancies_site ON vacancies (site_id, created_at DESC);
-- The platform-wide list: open vacancies by deadline.
CREATE INDEX vacancies_open ON vacancies (deadline, id) WHERE published;

-- +goose Down
DROP TABLE vacancies;
