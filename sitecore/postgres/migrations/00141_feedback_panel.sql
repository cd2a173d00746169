-- +goose Up
-- Feedback in the panel (issue #15): each site's SLA for answering (working days before the
-- topic's admins are reminded; 2 unless the site says otherwise), and an index for the
-- panel's filters and the Excel of a period.
CREATE TABLE feedback_settings (
    site_id  bigint  PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    sla_days integer NOT NULL DEFAULT 2 CHECK (sla_days BETWEEN 1 AND 30)
);
CREATE INDEX feedback_messages_site_topic ON feedback_messages (site_id, topic_id, created_at DESC);

-- +goose Down
DROP INDEX feedback_messages_site_topic;
DROP TABLE feedback_settings;
