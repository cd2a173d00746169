-- +goose Up
-- Documents families upload for an application. The file itself lives in the Mongo API's
-- GridFS; this row is the record the school's check works on. A re-upload adds a row; the
-- newest row of a kind is the one that counts.
CREATE TABLE application_documents (
    id             bigserial   PRIMARY KEY,
    application_id bigint      NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    kind           text        NOT NULL,
    file_id        text        NOT NULL,
    content_type   text        NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size           bigint      NOT NULL CHECK (size > 0),
    status         text        NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'rejected')),
    remark         text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_documents_app ON application_documents (application_id, kind, id DESC);

-- +goose Down
DROP TABLE application_documents;
