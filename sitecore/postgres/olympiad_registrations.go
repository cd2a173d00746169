package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

// schoolPlace reads a school's district and region from the organisation tree: a school
// placed under a district or city has that unit's parent as its region; a school placed
// directly under a region has no district.
func schoolPlace(ctx context.Context, q pgx.Tx, schoolID int64) (district, region int64, err error) {
	var unit, parent *int64
	var kind *string
	err = q.QueryRow(ctx, `SELECT u.id, u.kind, u.parent_id FROM sites s LEFT JOIN org_units u ON u.id = s.org_unit_id
		WHERE s.id = $1`, schoolID).Scan(&unit, &kind, &parent)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, sitecore.NotFound("site")
	}
	switch {
	case err != nil || unit == nil:
	case *kind == "region":
		region = *unit
	default:
		district = *unit
		if parent != nil {
			region = *parent
		}
	}
	return district, region, err
}

// Register stores a participant's registration for a first round whose registration is
// open at now, after checking that the school is in the organiser's part of the tree and
// that the round has a task for the contest.
func (db *DB) Register(ctx context.Context, g *olympiad.Registration, now time.Time) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		r, err := scanRound(tx.QueryRow(ctx, `SELECT `+roundColumns+` FROM olympiad_rounds WHERE site_id = $1 AND id = $2`,
			g.SiteID, g.RoundID))
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("round")
		}
		if err != nil {
			return err
		}
		switch {
		case r.Number != 1:
			return sitecore.Conflictf("round_id", "olympiad.invited_only")
		case !r.RegistrationOpen(now):
			return sitecore.Conflictf("round_id", "olympiad.registration_closed")
		}
		task, ok := r.Task(g.Subject, g.Grade)
		if !ok {
			return sitecore.Invalid("subject", "olympiad.no_task")
		}
		var level string
		var unit *int64
		if err := tx.QueryRow(ctx, `SELECT level, org_unit_id FROM olympiads WHERE site_id = $1 AND id = $2`,
			g.SiteID, r.OlympiadID).Scan(&level, &unit); err != nil {
			return err
		}
		if g.DistrictID, g.RegionID, err = schoolPlace(ctx, tx, g.SchoolID); err != nil {
			return err
		}
		inside := true
		switch olympiad.Level(level) {
		case olympiad.LevelSchool:
			inside = g.SchoolID == g.SiteID
		case olympiad.LevelDistrict:
			inside = g.DistrictID == *unit
		case olympiad.LevelRegion:
			inside = g.RegionID == *unit
		}
		if !inside {
			return sitecore.Invalid("school_id", "olympiad.school_outside")
		}
		g.Invited, g.AttemptID, g.TestID = false, 0, task.TestID
		err = tx.QueryRow(ctx, `
			INSERT INTO olympiad_registrations (site_id, round_id, participant_id, school_id, district_id, region_id,
				subject, grade, test_id)
			VALUES ($1, $2, $3, $4, NULLIF($5, 0::bigint), NULLIF($6, 0::bigint), $7, $8, NULLIF($9, 0::bigint))
			RETURNING id, created_at`,
			g.SiteID, g.RoundID, g.ParticipantID, g.SchoolID, g.DistrictID, g.RegionID, g.Subject, g.Grade, task.TestID,
		).Scan(&g.ID, &g.Created)
		if _, unique := uniqueViolation(err); unique {
			return sitecore.Conflictf("round_id", "olympiad.registered")
		}
		if _, fk := foreignKeyViolation(err); fk {
			return sitecore.NotFound("user")
		}
		return err
	})
	if err != nil {
		g.ID = 0
	}
	return wrap("Register", err)
}

const registrationColumns = `id, site_id, round_id, participant_id, school_id, coalesce(district_id, 0),
	coalesce(region_id, 0), subject, grade, invited, coalesce(test_id, 0), coalesce(attempt_id, 0), created_at`

func scanRegistration(row pgx.Row) (*olympiad.Registration, error) {
	var g olympiad.Registration
	err := row.Scan(&g.ID, &g.SiteID, &g.RoundID, &g.ParticipantID, &g.SchoolID, &g.DistrictID, &g.RegionID,
		&g.Subject, &g.Grade, &g.Invited, &g.TestID, &g.AttemptID, &g.Created)
	return &g, err
}

func (db *DB) oneRegistration(ctx context.Context, op, where string, args ...any) (*olympiad.Registration, error) {
	g, err := scanRegistration(db.Pool.QueryRow(ctx, `SELECT `+registrationColumns+` FROM olympiad_registrations WHERE `+where, args...))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap(op, sitecore.NotFound("registration"))
	}
	return g, wrap(op, err)
}

// FindRegistration returns the site's registration or ENotFound.
func (db *DB) FindRegistration(ctx context.Context, siteID, id int64) (*olympiad.Registration, error) {
	return db.oneRegistration(ctx, "FindRegistration", `site_id = $1 AND id = $2`, siteID, id)
}

// ParticipantRegistration returns the participant's registration for the round.
func (db *DB) ParticipantRegistration(ctx context.Context, siteID, roundID, participantID int64) (*olympiad.Registration, error) {
	return db.oneRegistration(ctx, "ParticipantRegistration", `site_id = $1 AND round_id = $2 AND participant_id = $3`,
		siteID, roundID, participantID)
}

// RegistrationsWithoutAttempt returns up to limit registrations of test tasks with no
// attempt yet, by ID (a partial index holds exactly these).
func (db *DB) RegistrationsWithoutAttempt(ctx context.Context, siteID, roundID int64, limit int) ([]olympiad.Registration, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+registrationColumns+` FROM olympiad_registrations
		WHERE site_id = $1 AND round_id = $2 AND attempt_id IS NULL AND test_id IS NOT NULL ORDER BY id LIMIT $3`,
		siteID, roundID, limit)
	if err != nil {
		return nil, wrap("RegistrationsWithoutAttempt", err)
	}
	defer rows.Close()
	var out []olympiad.Registration
	for rows.Next() {
		g, err := scanRegistration(rows)
		if err != nil {
			return nil, wrap("RegistrationsWithoutAttempt", err)
		}
		out = append(out, *g)
	}
	return out, wrap("RegistrationsWithoutAttempt", rows.Err())
}

// LinkAttempt records the attempt made for a registration.
func (db *DB) LinkAttempt(ctx context.Context, siteID, registrationID, attemptID int64) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE olympiad_registrations SET attempt_id = $3 WHERE site_id = $1 AND id = $2`,
		siteID, registrationID, attemptID)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("registration")
	}
	return wrap("LinkAttempt", err)
}

// CountRegistrations returns the round's number of registrations.
func (db *DB) CountRegistrations(ctx context.Context, siteID, roundID int64) (int, error) {
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM olympiad_registrations WHERE site_id = $1 AND round_id = $2`,
		siteID, roundID).Scan(&n)
	return n, wrap("CountRegistrations", err)
}

// Recipients returns a page of the round's participants with their address and language.
func (db *DB) Recipients(ctx context.Context, siteID, roundID, after int64, limit int, qualifiedOnly bool) ([]olympiad.Recipient, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT g.id, u.email, u.full_name, u.lang FROM olympiad_registrations g JOIN users u ON u.id = g.participant_id
		WHERE g.site_id = $1 AND g.round_id = $2 AND g.id > $3
			AND (NOT $5 OR EXISTS (SELECT 1 FROM olympiad_results r WHERE r.registration_id = g.id AND r.qualified))
		ORDER BY g.id LIMIT $4`, siteID, roundID, after, limit, qualifiedOnly)
	if err != nil {
		return nil, wrap("Recipients", err)
	}
	defer rows.Close()
	var out []olympiad.Recipient
	for rows.Next() {
		var r olympiad.Recipient
		var lang string
		if err := rows.Scan(&r.RegistrationID, &r.Email, &r.Name, &lang); err != nil {
			return nil, wrap("Recipients", err)
		}
		r.Lang = sitecore.Lang(lang)
		out = append(out, r)
	}
	return out, wrap("Recipients", rows.Err())
}
