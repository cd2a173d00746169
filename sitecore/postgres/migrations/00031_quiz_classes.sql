-- +goose Up
-- Classes of a school's students, for tests whose audience is a class (issue #22). A student
-- is in at most one class of a school; the class is a name the school uses ("7А", "11 B").
CREATE TABLE quiz_classes (
    site_id    bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class      text        NOT NULL CHECK (class <> '' AND length(class) <= 40),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, user_id)
);
CREATE INDEX quiz_classes_class ON quiz_classes (site_id, class);

-- +goose Down
DROP TABLE quiz_classes;
