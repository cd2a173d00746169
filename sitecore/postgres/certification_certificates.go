package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

const certificateColumns = `c.id, c.number, c.user_id, u.full_name, c.kind, c.issued_at, c.renewed_at, c.expires_at, c.code,
	c.revoked_at, c.revoked_by, c.revoked_reason`

const certificateFrom = ` FROM certificates c JOIN users u ON u.id = c.user_id`

func scanCertificate(row pgx.Row) (*certification.Certificate, error) {
	c := &certification.Certificate{}
	var renewed, revoked *time.Time
	err := row.Scan(&c.ID, &c.Number, &c.UserID, &c.Holder, &c.Kind, &c.IssuedAt, &renewed, &c.ExpiresAt, &c.Code,
		&revoked, &c.RevokedBy, &c.RevokedReason)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("certificate")
	}
	if renewed != nil {
		c.RenewedAt = *renewed
	}
	if revoked != nil {
		c.RevokedAt = *revoked
	}
	return c, err
}

func findCertificate(ctx context.Context, q querier, where string, args ...any) (*certification.Certificate, error) {
	return scanCertificate(q.QueryRow(ctx, `SELECT `+certificateColumns+certificateFrom+` WHERE `+where, args...))
}

// grantCapability grants the capability of the certificate's kind to its holder, until the
// certificate's expiry (a renewal moves the grant's expiry with it).
func grantCapability(ctx context.Context, tx pgx.Tx, certID int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO user_capabilities (user_id, capability, certificate_id, expires_at)
		SELECT c.user_id, k.capability, c.id, c.expires_at FROM certificates c JOIN certificate_kinds k ON k.code = c.kind
		WHERE c.id = $1 AND c.revoked_at IS NULL
		ON CONFLICT (user_id, capability, certificate_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`, certID)
	return err
}

// IssueCertificate stores the enrolment's certificate and grants its capability, once.
func (s *CertificationStore) IssueCertificate(ctx context.Context, enrollmentID int64, c *certification.Certificate) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var user int64
		var kind string
		if err := tx.QueryRow(ctx, `SELECT user_id, kind FROM cert_enrollments WHERE id = $1 FOR UPDATE`, enrollmentID).
			Scan(&user, &kind); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return sitecore.NotFound("enrollment")
			}
			return err
		}
		old, err := findCertificate(ctx, tx, `c.enrollment_id = $1`, enrollmentID)
		if err == nil {
			*c = *old
			return nil
		}
		if sitecore.ErrorCode(err) != sitecore.ENotFound {
			return err
		}
		var seq int64
		if err := tx.QueryRow(ctx, `SELECT nextval('certificate_numbers')`).Scan(&seq); err != nil {
			return err
		}
		c.UserID, c.Kind = user, kind
		c.Number = certification.FormatNumber(kind, c.IssuedAt, seq)
		// A code is 50 random bits: a clash is astronomically rare, but costs only a retry.
		for range 3 {
			c.Code = certification.NewCode()
			err = tx.QueryRow(ctx, `INSERT INTO certificates (number, user_id, kind, enrollment_id, issued_at, expires_at, code)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING RETURNING id`,
				c.Number, user, kind, enrollmentID, c.IssuedAt, c.ExpiresAt, c.Code).Scan(&c.ID)
			if !errors.Is(err, pgx.ErrNoRows) {
				break
			}
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE cert_enrollments SET certificate_id = $2, phase = 'certified', updated_at = now() WHERE id = $1`,
			enrollmentID, c.ID); err != nil {
			return err
		}
		if err := grantCapability(ctx, tx, c.ID); err != nil {
			return err
		}
		got, err := findCertificate(ctx, tx, `c.id = $1`, c.ID)
		if err == nil {
			*c = *got
		}
		return err
	})
	return wrap("IssueCertificate", err)
}

// RenewCertificate moves the expiry and grants the capability again.
func (s *CertificationStore) RenewCertificate(ctx context.Context, certID int64, renewedAt, expiresAt time.Time) error {
	return wrap("RenewCertificate", s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE certificates SET renewed_at = $2, expires_at = $3 WHERE id = $1 AND revoked_at IS NULL`,
			certID, renewedAt, expiresAt)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return sitecore.Conflictf("certificate", "cert.already_revoked")
		}
		if _, err := tx.Exec(ctx, `UPDATE cert_enrollments SET phase = 'certified', updated_at = now() WHERE certificate_id = $1`, certID); err != nil {
			return err
		}
		return grantCapability(ctx, tx, certID)
	}))
}

// certSweepLock is the advisory lock of the withdrawal of every due grant: one sweep at a
// time, the other expiring workflows withdraw only their own grant meanwhile.
const certSweepLock = 0x6365727473776570 // "certswep"

// withdrawDue deletes due grants (all, or those of one certificate), marks their enrolments
// expired and audits each withdrawn certificate once, all in one statement. A grant is due
// when its expiry is at or before the later of now and the caller's expiry (so clocks of the
// workflow and the database that differ a little cannot keep a due grant). The sweep skips
// grants another transaction holds: that one withdraws and audits them. The rows are
// found once (an array of row addresses and of certificate IDs), so the statement stays
// linear in the number of grants, statistics or not.
const withdrawDue = `WITH gone AS (
		DELETE FROM user_capabilities WHERE ctid = ANY (ARRAY (
			SELECT ctid FROM user_capabilities WHERE expires_at <= greatest(now(), $1::timestamptz) %s))
		RETURNING certificate_id, expires_at
	), certs AS (
		SELECT certificate_id, max(expires_at) AS expires_at FROM gone GROUP BY certificate_id
	), phased AS (
		UPDATE cert_enrollments SET phase = 'expired', updated_at = now()
		WHERE certificate_id = ANY (ARRAY (SELECT certificate_id FROM certs)) AND phase = 'certified'
	), audited AS (
		INSERT INTO audit_log (actor_name, action, target, details)
		SELECT 'certification', 'certificate.expired', 'certificate:' || certificate_id, jsonb_build_object('expires_at', expires_at)
		FROM certs
	)
	SELECT count(*) FROM gone`

// ExpireCertificate withdraws the capability of a certificate that expires at expiresAt
// and, in the same statement, every other grant that is due by then: the first workflow
// whose timer fires withdraws the whole minute's expiries at once; the others find theirs
// gone and write nothing (so a retry after a crash audits nothing twice).
func (s *CertificationStore) ExpireCertificate(ctx context.Context, certID int64, expiresAt time.Time) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var sweep bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, int64(certSweepLock)).Scan(&sweep); err != nil {
			return err
		}
		q, args := fmt.Sprintf(withdrawDue, "AND certificate_id = $2"), []any{expiresAt, certID}
		if sweep {
			q, args = fmt.Sprintf(withdrawDue, "FOR UPDATE SKIP LOCKED"), []any{expiresAt}
		}
		if err := tx.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			return err
		}
		// The enrolment of a certificate whose grant was gone already (revoked and renewed
		// races, older rows) still moves to expired when its certificate is.
		_, err := tx.Exec(ctx, `UPDATE cert_enrollments SET phase = 'expired', updated_at = now()
			WHERE certificate_id = $1 AND phase = 'certified'
			AND EXISTS (SELECT 1 FROM certificates WHERE id = $1 AND expires_at <= $2)`, certID, expiresAt)
		return err
	})
	return n, wrap("ExpireCertificate", err)
}

// RequestRevocation stores an operator's revocation request.
func (s *CertificationStore) RequestRevocation(ctx context.Context, r *certification.Revocation) error {
	err := s.Pool.QueryRow(ctx, `INSERT INTO certificate_revocations (certificate_id, actor_id, actor_name, reason, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
		r.CertificateID, r.ActorID, r.ActorName, r.Reason, r.IP, r.UserAgent).Scan(&r.ID, &r.CreatedAt)
	if _, ok := foreignKeyViolation(err); ok {
		return sitecore.NotFound("certificate")
	}
	return wrap("RequestRevocation", err)
}

// ApplyRevocation revokes, withdraws and audits in one transaction, once.
func (s *CertificationStore) ApplyRevocation(ctx context.Context, revocationID int64, at time.Time) (*certification.Certificate, error) {
	var out *certification.Certificate
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var (
			r       certification.Revocation
			applied *time.Time
		)
		err := tx.QueryRow(ctx, `SELECT id, certificate_id, actor_id, actor_name, reason, ip, user_agent, applied_at
			FROM certificate_revocations WHERE id = $1 FOR UPDATE`, revocationID).
			Scan(&r.ID, &r.CertificateID, &r.ActorID, &r.ActorName, &r.Reason, &r.IP, &r.UserAgent, &applied)
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("certificate")
		}
		if err != nil {
			return err
		}
		if applied == nil {
			tag, err := tx.Exec(ctx, `UPDATE certificates SET revoked_at = $2, revoked_by = $3, revoked_reason = $4
				WHERE id = $1 AND revoked_at IS NULL`, r.CertificateID, at, r.ActorID, r.Reason)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM user_capabilities WHERE certificate_id = $1`, r.CertificateID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE cert_enrollments SET phase = 'revoked', updated_at = now() WHERE certificate_id = $1`,
				r.CertificateID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE certificate_revocations SET applied_at = $2 WHERE id = $1`, r.ID, at); err != nil {
				return err
			}
			if tag.RowsAffected() > 0 {
				var holder int64
				var number string
				if err := tx.QueryRow(ctx, `SELECT user_id, number FROM certificates WHERE id = $1`, r.CertificateID).Scan(&holder, &number); err != nil {
					return err
				}
				if err := insertAudit(ctx, tx, &sitecore.AuditEntry{ActorID: r.ActorID, ActorName: r.ActorName, Action: "certificate.revoke",
					Target: "certificate:" + strconv.FormatInt(r.CertificateID, 10), IP: r.IP, UserAgent: r.UserAgent,
					Details: map[string]any{"number": number, "holder_id": holder, "reason": r.Reason}}); err != nil {
					return err
				}
			}
		}
		out, err = findCertificate(ctx, tx, `c.id = $1`, r.CertificateID)
		return err
	})
	return out, wrap("ApplyRevocation", err)
}

// RecordAttendance stores a seminar attendance.
func (s *CertificationStore) RecordAttendance(ctx context.Context, a *certification.Attendance) error {
	err := s.Pool.QueryRow(ctx, `INSERT INTO seminar_attendance (user_id, kind, note, marked_by) VALUES ($1, $2, $3, $4)
		RETURNING id, marked_at`, a.UserID, a.Kind, a.Note, a.MarkedBy).Scan(&a.ID, &a.MarkedAt)
	return wrap("RecordAttendance", missingRef(err))
}

// FindCertificate returns a certificate with its holder's name.
func (s *CertificationStore) FindCertificate(ctx context.Context, id int64) (*certification.Certificate, error) {
	c, err := findCertificate(ctx, s.Pool, `c.id = $1`, id)
	return c, wrap("FindCertificate", err)
}

// CertificateByCode finds a certificate by its verification code.
func (s *CertificationStore) CertificateByCode(ctx context.Context, code string) (*certification.Certificate, error) {
	c, err := findCertificate(ctx, s.Pool, `c.code = $1`, code)
	return c, wrap("CertificateByCode", err)
}

// Certificates lists certificates, newest first.
func (s *CertificationStore) Certificates(ctx context.Context, f certification.CertificateFilter) ([]*certification.Certificate, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+certificateColumns+certificateFrom+`
		WHERE ($1::bigint = 0 OR c.user_id = $1) AND ($2::text = '' OR c.kind = $2) ORDER BY c.id DESC LIMIT $3`, f.UserID, f.Kind, f.Limit)
	if err != nil {
		return nil, wrap("Certificates", err)
	}
	defer rows.Close()
	out := []*certification.Certificate{}
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, wrap("Certificates", err)
		}
		out = append(out, c)
	}
	return out, wrap("Certificates", rows.Err())
}

// Capability says whether the user holds the capability now.
func (s *CertificationStore) Capability(ctx context.Context, userID int64, c certification.Capability) (certification.CapabilityState, error) {
	var st certification.CapabilityState
	err := s.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM user_capabilities uc JOIN certificates c ON c.id = uc.certificate_id
		WHERE uc.user_id = $1 AND uc.capability = $2 AND uc.expires_at > now() AND c.revoked_at IS NULL AND c.expires_at > now())`, userID, string(c)).Scan(&st.Held)
	if err != nil || st.Held {
		return st, wrap("Capability", err)
	}
	latest, err := findCertificate(ctx, s.Pool, `c.id = (SELECT c2.id FROM certificates c2 JOIN certificate_kinds k ON k.code = c2.kind
		WHERE c2.user_id = $1 AND k.capability = $2 ORDER BY c2.issued_at DESC, c2.id DESC LIMIT 1)`, userID, string(c))
	switch {
	case err == nil:
		st.Latest = latest
	case sitecore.ErrorCode(err) != sitecore.ENotFound:
		return st, wrap("Capability", err)
	}
	return st, nil
}
