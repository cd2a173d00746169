-- +goose Up
-- A capability grant carries its certificate's expiry (kept equal by the issue and renewal
-- transactions), so one set-based statement can withdraw every grant that is due, whichever
-- certification workflow's timer fires first (issue 11: 10,000 expiries in the same minute).
ALTER TABLE user_capabilities ADD COLUMN expires_at timestamptz;
UPDATE user_capabilities uc SET expires_at = c.expires_at FROM certificates c WHERE c.id = uc.certificate_id;
ALTER TABLE user_capabilities ALTER COLUMN expires_at SET NOT NULL;
CREATE INDEX user_capabilities_expiry ON user_capabilities (expires_at);
-- Expiry, renewal and revocation find the enrolment by its certificate.
CREATE INDEX cert_enrollments_certificate ON cert_enrollments (certificate_id);

-- +goose Down
DROP INDEX cert_enrollments_certificate;
DROP INDEX user_capabilities_expiry;
ALTER TABLE user_capabilities DROP COLUMN expires_at;
