package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/events"
)

// Events: PostgreSQL is the arbiter of seats. The event's row carries the counters (taken,
// waiting) under CHECK (taken <= capacity); a sign-up changes them with one conditional
// UPDATE that locks the row, so sign-ups of one event are serialized there and no number of
// them at once books a seat twice. See migrations/00150_events.sql.

var _ events.Store = (*DB)(nil)

const eventColumns = `id, site_id, title, description, starts_at, ends_at, signup_closes_at, place, online_url,
	capacity, taken, waiting, cancelled, created_by, updated_at`

func scanEvent(row pgx.Row) (*events.Event, error) {
	e := &events.Event{}
	err := row.Scan(&e.ID, &e.SiteID, &e.Title, &e.Description, &e.StartsAt, &e.EndsAt, &e.SignupClosesAt, &e.Place,
		&e.OnlineURL, &e.Capacity, &e.Taken, &e.Waiting, &e.Cancelled, &e.CreatedBy, &e.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("event")
	}
	return e, err
}

// CreateEvent stores a new event.
func (db *DB) CreateEvent(ctx context.Context, e *events.Event) error {
	err := db.Pool.QueryRow(ctx, `INSERT INTO events (site_id, title, description, starts_at, ends_at, signup_closes_at,
			place, online_url, capacity, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, updated_at`,
		e.SiteID, e.Title, e.Description, e.StartsAt, e.EndsAt, e.SignupClosesAt, e.Place, e.OnlineURL, e.Capacity,
		e.CreatedBy).Scan(&e.ID, &e.UpdatedAt)
	return wrap("CreateEvent", missingRef(err))
}

// UpdateEvent stores the event's fields; a capacity below the seats taken is refused.
func (db *DB) UpdateEvent(ctx context.Context, e *events.Event) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE events SET title = $3, description = $4, starts_at = $5, ends_at = $6,
			signup_closes_at = $7, place = $8, online_url = $9, capacity = $10, updated_at = now()
		WHERE id = $1 AND site_id = $2 AND taken <= $10`,
		e.ID, e.SiteID, e.Title, e.Description, e.StartsAt, e.EndsAt, e.SignupClosesAt, e.Place, e.OnlineURL, e.Capacity)
	if err != nil {
		return wrap("UpdateEvent", err)
	}
	if tag.RowsAffected() == 0 {
		if _, err := db.FindEvent(ctx, e.SiteID, e.ID); err != nil {
			return err
		}
		return sitecore.Invalid("capacity", "events.capacity_taken")
	}
	return nil
}

// CancelEvent marks the event cancelled.
func (db *DB) CancelEvent(ctx context.Context, siteID, id int64) (bool, error) {
	tag, err := db.Pool.Exec(ctx, `UPDATE events SET cancelled = true, updated_at = now() WHERE id = $1 AND site_id = $2 AND NOT cancelled`, id, siteID)
	if err != nil {
		return false, wrap("CancelEvent", err)
	}
	if tag.RowsAffected() == 0 {
		if _, err := db.FindEvent(ctx, siteID, id); err != nil {
			return false, err
		}
	}
	return tag.RowsAffected() > 0, nil
}

// FindEvent returns the site's event.
func (db *DB) FindEvent(ctx context.Context, siteID, id int64) (*events.Event, error) {
	e, err := scanEvent(db.Pool.QueryRow(ctx, `SELECT `+eventColumns+` FROM events WHERE id = $1 AND site_id = $2`, id, siteID))
	if err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound {
		err = wrap("FindEvent", err)
	}
	return e, err
}

// Events lists the site's events starting in [from, to).
func (db *DB) Events(ctx context.Context, siteID int64, from, to time.Time) ([]*events.Event, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE site_id = $1 AND starts_at >= $2 AND starts_at < $3
		ORDER BY starts_at, id LIMIT 1000`, siteID, from, to)
	if err != nil {
		return nil, wrap("Events", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*events.Event, error) { return scanEvent(r) })
	if list == nil {
		list = []*events.Event{}
	}
	return list, wrap("Events", err)
}

const signupColumns = `s.event_id, s.attendee_id, a.full_name, s.signed_by, b.full_name, s.status, s.queued_at, s.attended,
	CASE WHEN s.status = 'waiting' THEN (SELECT count(*) FROM event_signups w WHERE w.event_id = s.event_id
		AND w.status = 'waiting' AND (w.queued_at, w.id) <= (s.queued_at, s.id)) ELSE 0 END`

const signupFrom = ` FROM event_signups s JOIN events e ON e.id = s.event_id AND e.site_id = $1
	JOIN users a ON a.id = s.attendee_id JOIN users b ON b.id = s.signed_by`

func scanSignUps(rows pgx.Rows) ([]*events.SignUp, error) {
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*events.SignUp, error) {
		g := &events.SignUp{}
		err := r.Scan(&g.EventID, &g.AttendeeID, &g.AttendeeName, &g.SignedBy, &g.SignerName, &g.Status, &g.QueuedAt, &g.Attended, &g.Position)
		return g, err
	})
	if list == nil {
		list = []*events.SignUp{}
	}
	return list, err
}

// SignUps lists the event's sign-ups: confirmed, the waiting line, the cancelled.
func (db *DB) SignUps(ctx context.Context, siteID, eventID int64) ([]*events.SignUp, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+signupColumns+signupFrom+` WHERE s.event_id = $2
		ORDER BY array_position(ARRAY['confirmed', 'waiting', 'cancelled'], s.status), s.queued_at, s.id`, siteID, eventID)
	if err != nil {
		return nil, wrap("SignUps", err)
	}
	list, err := scanSignUps(rows)
	return list, wrap("SignUps", err)
}

// SignUpsBy lists the sign-ups the user made or that are the user's own.
func (db *DB) SignUpsBy(ctx context.Context, siteID, eventID, userID int64) ([]*events.SignUp, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+signupColumns+signupFrom+` WHERE s.event_id = $2 AND (s.signed_by = $3 OR s.attendee_id = $3)
		ORDER BY s.id`, siteID, eventID, userID)
	if err != nil {
		return nil, wrap("SignUpsBy", err)
	}
	list, err := scanSignUps(rows)
	return list, wrap("SignUpsBy", err)
}

func (db *DB) findSignUp(ctx context.Context, siteID, eventID, attendeeID int64) (*events.SignUp, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+signupColumns+signupFrom+` WHERE s.event_id = $2 AND s.attendee_id = $3`, siteID, eventID, attendeeID)
	if err != nil {
		return nil, err
	}
	list, err := scanSignUps(rows)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, sitecore.NotFound("signup")
	}
	return list[0], nil
}

// errKept rolls back a sign-up that found the attendee already signed up.
var errKept = errors.New("already signed up")

// SignUp takes a seat with one conditional update of the event's row (a seat is free and
// nobody waits, sign-up open, not cancelled), else a place at the end of the waiting line,
// and stores the sign-up in the same transaction.
func (db *DB) SignUp(ctx context.Context, siteID, eventID, attendeeID, signedBy int64, now time.Time) (*events.SignUp, error) {
	if g, err := db.findSignUp(ctx, siteID, eventID, attendeeID); err == nil && g.Status != events.Cancelled {
		return g, nil
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var seat bool
		err := tx.QueryRow(ctx, `WITH e AS (SELECT id, taken < capacity AND waiting = 0 AS seat FROM events
				WHERE id = $1 AND site_id = $2 AND NOT cancelled AND signup_closes_at > $3 FOR UPDATE)
			UPDATE events x SET taken = x.taken + e.seat::int, waiting = x.waiting + (NOT e.seat)::int
			FROM e WHERE x.id = e.id RETURNING e.seat`, eventID, siteID, now).Scan(&seat)
		if errors.Is(err, pgx.ErrNoRows) {
			e, ferr := db.FindEvent(ctx, siteID, eventID)
			switch {
			case ferr != nil:
				return ferr
			case e.Cancelled:
				return sitecore.Conflictf("event", "events.cancelled")
			}
			return sitecore.Conflictf("event", "events.signup_closed")
		}
		if err != nil {
			return err
		}
		status := events.Waiting
		if seat {
			status = events.Confirmed
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO event_signups (event_id, attendee_id, signed_by, status) VALUES ($1, $2, $3, $4)
			ON CONFLICT (event_id, attendee_id) DO UPDATE SET status = EXCLUDED.status, signed_by = EXCLUDED.signed_by,
				queued_at = clock_timestamp(), attended = false
			WHERE event_signups.status = 'cancelled' RETURNING id`, eventID, attendeeID, signedBy, status).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return errKept
		}
		return missingRef(err)
	})
	if err != nil && !errors.Is(err, errKept) {
		return nil, wrap("SignUp", err)
	}
	return db.findSignUp(ctx, siteID, eventID, attendeeID)
}

// CancelSignUp cancels the attendee's sign-up and gives back its seat or place in line.
func (db *DB) CancelSignUp(ctx context.Context, siteID, eventID, attendeeID int64) (bool, error) {
	var was events.Status
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var x int64
		err := tx.QueryRow(ctx, `SELECT id FROM events WHERE id = $1 AND site_id = $2 FOR UPDATE`, eventID, siteID).Scan(&x)
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("event")
		}
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `WITH old AS (SELECT id, status FROM event_signups WHERE event_id = $1 AND attendee_id = $2
				AND status <> 'cancelled' FOR UPDATE)
			UPDATE event_signups s SET status = 'cancelled' FROM old WHERE s.id = old.id RETURNING old.status`, eventID, attendeeID).Scan(&was)
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("signup")
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE events SET taken = taken - ($2 = 'confirmed')::int, waiting = waiting - ($2 = 'waiting')::int
			WHERE id = $1`, eventID, string(was))
		return err
	})
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			return false, err
		}
		return false, wrap("CancelSignUp", err)
	}
	return was == events.Confirmed, nil
}

// Promote confirms the first of the waiting line while seats are free.
func (db *DB) Promote(ctx context.Context, siteID, eventID int64) ([]int64, error) {
	var ids []int64
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var free int
		err := tx.QueryRow(ctx, `SELECT capacity - taken FROM events WHERE id = $1 AND site_id = $2 AND NOT cancelled FOR UPDATE`,
			eventID, siteID).Scan(&free)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && free <= 0) {
			return nil
		}
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `UPDATE event_signups SET status = 'confirmed' WHERE id IN (
				SELECT id FROM event_signups WHERE event_id = $1 AND status = 'waiting' ORDER BY queued_at, id LIMIT $2)
			RETURNING attendee_id`, eventID, free)
		if err != nil {
			return err
		}
		if ids, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil || len(ids) == 0 {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE events SET taken = taken + $2, waiting = waiting - $2 WHERE id = $1`, eventID, len(ids))
		return err
	})
	return ids, wrap("Promote", err)
}

// MarkAttended records a confirmed attendee's attendance.
func (db *DB) MarkAttended(ctx context.Context, siteID, eventID, attendeeID int64, attended bool, by int64) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE event_signups s SET attended = $4, marked_by = $5 FROM events e
		WHERE e.id = s.event_id AND e.site_id = $1 AND s.event_id = $2 AND s.attendee_id = $3 AND s.status = 'confirmed'`,
		siteID, eventID, attendeeID, attended, by)
	if err != nil {
		return wrap("MarkAttended", err)
	}
	if tag.RowsAffected() == 0 {
		return sitecore.NotFound("signup")
	}
	return nil
}

// EventRecipients returns whom to email: the attendees with the statuses and those who signed
// them up, each once per attendee.
func (db *DB) EventRecipients(ctx context.Context, siteID, eventID int64, statuses []events.Status, attendees []int64) ([]events.Recipient, error) {
	st := make([]string, len(statuses))
	for i, s := range statuses {
		st[i] = string(s)
	}
	rows, err := db.Pool.Query(ctx, `SELECT DISTINCT v.u, s.attendee_id, a.full_name FROM event_signups s
			JOIN events e ON e.id = s.event_id AND e.site_id = $1
			JOIN users a ON a.id = s.attendee_id
			CROSS JOIN LATERAL (VALUES (s.attendee_id), (s.signed_by)) v(u)
		WHERE s.event_id = $2 AND s.status = ANY($3) AND (coalesce(cardinality($4::bigint[]), 0) = 0 OR s.attendee_id = ANY($4))
		ORDER BY s.attendee_id, v.u`, siteID, eventID, st, attendees)
	if err != nil {
		return nil, wrap("EventRecipients", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (events.Recipient, error) {
		var x events.Recipient
		err := r.Scan(&x.UserID, &x.AttendeeID, &x.AttendeeName)
		return x, err
	})
	return list, wrap("EventRecipients", err)
}
