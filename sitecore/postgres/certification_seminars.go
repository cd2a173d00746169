package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

var _ certification.SeminarStore = (*CertificationStore)(nil)

const seminarColumns = `s.id, s.kind, s.title, s.starts_at, s.ends_at, s.place, s.online_url, s.capacity, s.cancelled, s.created_by,
	(SELECT count(*) FROM cert_seminar_registrations r WHERE r.seminar_id = s.id AND r.status = 'confirmed'),
	(SELECT count(*) FROM cert_seminar_registrations r WHERE r.seminar_id = s.id AND r.status = 'waiting')`

func scanSeminar(row pgx.Row) (*certification.Seminar, error) {
	sm := &certification.Seminar{}
	err := row.Scan(&sm.ID, &sm.Kind, &sm.Title, &sm.StartsAt, &sm.EndsAt, &sm.Place, &sm.OnlineURL, &sm.Capacity,
		&sm.Cancelled, &sm.CreatedBy, &sm.Confirmed, &sm.Waiting)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("seminar")
	}
	return sm, err
}

// CreateSeminar stores a new seminar.
func (s *CertificationStore) CreateSeminar(ctx context.Context, sm *certification.Seminar) error {
	err := s.Pool.QueryRow(ctx, `INSERT INTO cert_seminars (kind, title, starts_at, ends_at, place, online_url, capacity, cancelled, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		sm.Kind, sm.Title, sm.StartsAt, sm.EndsAt, sm.Place, sm.OnlineURL, sm.Capacity, sm.Cancelled, sm.CreatedBy).Scan(&sm.ID)
	return wrap("CreateSeminar", missingRef(err))
}

// UpdateSeminar stores the seminar's fields and confirms people from the waiting line up
// to the capacity.
func (s *CertificationStore) UpdateSeminar(ctx context.Context, sm *certification.Seminar) ([]int64, error) {
	var promoted []int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE cert_seminars SET kind = $2, title = $3, starts_at = $4, ends_at = $5, place = $6,
			online_url = $7, capacity = $8, cancelled = $9, updated_at = now() WHERE id = $1`,
			sm.ID, sm.Kind, sm.Title, sm.StartsAt, sm.EndsAt, sm.Place, sm.OnlineURL, sm.Capacity, sm.Cancelled)
		if err != nil {
			return missingRef(err)
		}
		if tag.RowsAffected() == 0 {
			return sitecore.NotFound("seminar")
		}
		if sm.Cancelled {
			return nil
		}
		promoted, err = promote(ctx, tx, sm.ID)
		return err
	})
	return promoted, wrap("UpdateSeminar", err)
}

// promote confirms the first people of the waiting line while there is room; the seminar
// row is locked by the caller's transaction.
func promote(ctx context.Context, tx pgx.Tx, seminarID int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `UPDATE cert_seminar_registrations SET status = 'confirmed' WHERE id IN (
			SELECT r.id FROM cert_seminar_registrations r WHERE r.seminar_id = $1 AND r.status = 'waiting'
			ORDER BY r.registered_at, r.id
			LIMIT greatest(0, (SELECT capacity FROM cert_seminars WHERE id = $1) -
				(SELECT count(*) FROM cert_seminar_registrations c WHERE c.seminar_id = $1 AND c.status = 'confirmed')))
		RETURNING user_id`, seminarID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// lockSeminar locks the seminar's row for a change of its registrations.
func lockSeminar(ctx context.Context, tx pgx.Tx, id int64) error {
	var x int64
	err := tx.QueryRow(ctx, `SELECT id FROM cert_seminars WHERE id = $1 FOR UPDATE`, id).Scan(&x)
	if errors.Is(err, pgx.ErrNoRows) {
		return sitecore.NotFound("seminar")
	}
	return err
}

// FindSeminar returns a seminar with its counts and userID's registration.
func (s *CertificationStore) FindSeminar(ctx context.Context, id, userID int64) (*certification.Seminar, error) {
	sm, err := scanSeminar(s.Pool.QueryRow(ctx, `SELECT `+seminarColumns+` FROM cert_seminars s WHERE s.id = $1`, id))
	if err != nil {
		return nil, wrap("FindSeminar", err)
	}
	if userID != 0 {
		if err := s.mine(ctx, []*certification.Seminar{sm}, userID); err != nil {
			return nil, wrap("FindSeminar", err)
		}
	}
	return sm, nil
}

// Seminars lists the seminars ending after since, soonest first.
func (s *CertificationStore) Seminars(ctx context.Context, since time.Time, userID int64) ([]*certification.Seminar, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+seminarColumns+` FROM cert_seminars s WHERE s.ends_at > $1 ORDER BY s.starts_at, s.id LIMIT 200`, since)
	if err != nil {
		return nil, wrap("Seminars", err)
	}
	out := []*certification.Seminar{}
	for rows.Next() {
		sm, err := scanSeminar(rows)
		if err != nil {
			rows.Close()
			return nil, wrap("Seminars", err)
		}
		out = append(out, sm)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("Seminars", err)
	}
	return out, wrap("Seminars", s.mine(ctx, out, userID))
}

const seminarRegColumns = `r.seminar_id, r.user_id, u.full_name, r.status, r.registered_at, r.attended,
	CASE WHEN r.status = 'waiting' THEN (SELECT count(*) FROM cert_seminar_registrations w WHERE w.seminar_id = r.seminar_id
		AND w.status = 'waiting' AND (w.registered_at, w.id) <= (r.registered_at, r.id)) ELSE 0 END`

func scanSeminarReg(row pgx.Row) (*certification.Registration, error) {
	g := &certification.Registration{}
	err := row.Scan(&g.SeminarID, &g.UserID, &g.Name, &g.Status, &g.RegisteredAt, &g.Attended, &g.Position)
	return g, err
}

// mine fills the user's registration of each seminar.
func (s *CertificationStore) mine(ctx context.Context, sms []*certification.Seminar, userID int64) error {
	if userID == 0 || len(sms) == 0 {
		return nil
	}
	ids := make([]int64, len(sms))
	for i, sm := range sms {
		ids[i] = sm.ID
	}
	rows, err := s.Pool.Query(ctx, `SELECT `+seminarRegColumns+` FROM cert_seminar_registrations r JOIN users u ON u.id = r.user_id
		WHERE r.user_id = $1 AND r.seminar_id = ANY($2)`, userID, ids)
	if err != nil {
		return err
	}
	regs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*certification.Registration, error) { return scanSeminarReg(row) })
	if err != nil {
		return err
	}
	for _, g := range regs {
		for _, sm := range sms {
			if sm.ID == g.SeminarID {
				sm.Mine = g
			}
		}
	}
	return nil
}

// Registrations lists a seminar's registrations: confirmed, then the waiting line, then
// the cancelled.
func (s *CertificationStore) Registrations(ctx context.Context, seminarID int64) ([]*certification.Registration, error) {
	rows, err := s.Pool.Query(ctx, `SELECT `+seminarRegColumns+` FROM cert_seminar_registrations r JOIN users u ON u.id = r.user_id
		WHERE r.seminar_id = $1 ORDER BY array_position(ARRAY['confirmed', 'waiting', 'cancelled'], r.status), r.registered_at, r.id`, seminarID)
	if err != nil {
		return nil, wrap("Registrations", err)
	}
	regs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*certification.Registration, error) { return scanSeminarReg(row) })
	if regs == nil {
		regs = []*certification.Registration{}
	}
	return regs, wrap("Registrations", err)
}

// Register registers the user, confirmed while there is room, else in the waiting line;
// an active registration keeps its place, a cancelled one joins again at the end.
func (s *CertificationStore) Register(ctx context.Context, seminarID, userID int64) (*certification.Registration, error) {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockSeminar(ctx, tx, seminarID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO cert_seminar_registrations (seminar_id, user_id, status)
			SELECT $1, $2, CASE WHEN (SELECT count(*) FROM cert_seminar_registrations WHERE seminar_id = $1 AND status = 'confirmed')
				< (SELECT capacity FROM cert_seminars WHERE id = $1) THEN 'confirmed' ELSE 'waiting' END
			ON CONFLICT (seminar_id, user_id) DO UPDATE SET status = EXCLUDED.status, registered_at = clock_timestamp()
				WHERE cert_seminar_registrations.status = 'cancelled'`, seminarID, userID)
		return missingRef(err)
	})
	if err != nil {
		return nil, wrap("Register", err)
	}
	sm, err := s.FindSeminar(ctx, seminarID, userID)
	if err != nil {
		return nil, err
	}
	return sm.Mine, nil
}

// CancelRegistration cancels the user's registration and gives a confirmed place to the
// first in the waiting line.
func (s *CertificationStore) CancelRegistration(ctx context.Context, seminarID, userID int64) (int64, error) {
	var promoted int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockSeminar(ctx, tx, seminarID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE cert_seminar_registrations SET status = 'cancelled'
			WHERE seminar_id = $1 AND user_id = $2 AND status <> 'cancelled'`, seminarID, userID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return sitecore.NotFound("registration")
		}
		ids, err := promote(ctx, tx, seminarID)
		if len(ids) > 0 {
			promoted = ids[0]
		}
		return err
	})
	return promoted, wrap("CancelRegistration", err)
}

// MarkAttended records a confirmed registrant's attendance.
func (s *CertificationStore) MarkAttended(ctx context.Context, seminarID, userID int64, attended bool, by int64) (bool, error) {
	var first bool
	err := s.Pool.QueryRow(ctx, `UPDATE cert_seminar_registrations r SET attended = $3, marked_by = $4,
			first_attended_at = CASE WHEN $3 THEN coalesce(r.first_attended_at, now()) ELSE r.first_attended_at END
		FROM (SELECT first_attended_at IS NULL AS never FROM cert_seminar_registrations WHERE seminar_id = $1 AND user_id = $2) old
		WHERE r.seminar_id = $1 AND r.user_id = $2 AND r.status = 'confirmed'
		RETURNING $3 AND old.never`, seminarID, userID, attended, by).Scan(&first)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, sitecore.NotFound("registration")
	}
	return first, wrap("MarkAttended", err)
}

// SeminarRecipients returns the seminar's confirmed registrants.
func (s *CertificationStore) SeminarRecipients(ctx context.Context, seminarID int64) ([]int64, error) {
	rows, err := s.Pool.Query(ctx, `SELECT user_id FROM cert_seminar_registrations WHERE seminar_id = $1 AND status = 'confirmed' ORDER BY id`, seminarID)
	if err != nil {
		return nil, wrap("SeminarRecipients", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("SeminarRecipients", err)
}
