package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

var _ olympiad.Store = (*DB)(nil)

// CreateOlympiad stores a prepared olympiad with its rounds in one transaction. Every test
// of a task must be the site's and fit its round (olympiad.Round.CheckTest).
func (db *DB) CreateOlympiad(ctx context.Context, o *olympiad.Olympiad) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		for i := range o.Rounds {
			r := &o.Rounds[i]
			for j, t := range r.Tasks {
				if t.Paper() {
					continue
				}
				test, err := scanTest(tx.QueryRow(ctx, `SELECT `+testColumns+` FROM quiz_tests WHERE site_id = $1 AND id = $2`,
					o.SiteID, t.TestID))
				if errors.Is(err, pgx.ErrNoRows) {
					return sitecore.NotFound("test")
				}
				if err != nil {
					return err
				}
				if err := r.CheckTest(test); err != nil {
					f := "rounds[" + strconv.Itoa(i) + "].tasks[" + strconv.Itoa(j) + "].test_id"
					de := sitecore.AsError(err)
					return sitecore.Invalid(f, de.Key)
				}
			}
		}
		var unit *int64
		if o.OrgUnitID != 0 {
			unit = &o.OrgUnitID
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO olympiads (site_id, level, org_unit_id, title, subjects, grades, jury)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at, updated_at`,
			o.SiteID, string(o.Level), unit, o.Title, o.Subjects, nonNilInts(o.Grades), nonNilIDs(o.Jury),
		).Scan(&o.ID, &o.Created, &o.Updated)
		if fkc, fk := foreignKeyViolation(err); fk {
			if fkc == "olympiads_org_unit_id_fkey" {
				return sitecore.Invalid("org_unit_id", "org_unit.unknown")
			}
			return sitecore.NotFound("site")
		}
		if err != nil {
			return err
		}
		for i := range o.Rounds {
			r := &o.Rounds[i]
			r.SiteID, r.OlympiadID = o.SiteID, o.ID
			if err := tx.QueryRow(ctx, `
				INSERT INTO olympiad_rounds (site_id, olympiad_id, number, stage, tasks, registration_opens,
					registration_closes, notify_before_seconds, starts_at, ends_at, results_at, appeals_close, freeze_by,
					qualify, awards, status)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
				r.SiteID, r.OlympiadID, r.Number, string(r.Stage), r.Tasks, r.RegistrationOpens, r.RegistrationCloses,
				int(r.NotifyBefore/time.Second), r.StartsAt, r.EndsAt, r.ResultsAt, r.AppealsClose, r.FreezeBy,
				r.Qualify, r.Awards, string(r.Status),
			).Scan(&r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		o.ID = 0
	}
	return wrap("CreateOlympiad", err)
}

func nonNilInts(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}

func nonNilIDs(v []int64) []int64 {
	if v == nil {
		return []int64{}
	}
	return v
}

// FindOlympiad returns the site's olympiad with its rounds by number.
func (db *DB) FindOlympiad(ctx context.Context, siteID, id int64) (*olympiad.Olympiad, error) {
	var (
		o     olympiad.Olympiad
		level string
		unit  *int64
	)
	err := db.Pool.QueryRow(ctx, `SELECT id, site_id, level, org_unit_id, title, subjects, grades, jury, created_at, updated_at
		FROM olympiads WHERE site_id = $1 AND id = $2`, siteID, id).
		Scan(&o.ID, &o.SiteID, &level, &unit, &o.Title, &o.Subjects, &o.Grades, &o.Jury, &o.Created, &o.Updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindOlympiad", sitecore.NotFound("olympiad"))
	}
	if err != nil {
		return nil, wrap("FindOlympiad", err)
	}
	o.Level = olympiad.Level(level)
	if unit != nil {
		o.OrgUnitID = *unit
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+roundColumns+` FROM olympiad_rounds WHERE site_id = $1 AND olympiad_id = $2
		ORDER BY number`, siteID, id)
	if err != nil {
		return nil, wrap("FindOlympiad", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, wrap("FindOlympiad", err)
		}
		o.Rounds = append(o.Rounds, *r)
	}
	return &o, wrap("FindOlympiad", rows.Err())
}

const roundColumns = `id, site_id, olympiad_id, number, stage, tasks, registration_opens, registration_closes,
	notify_before_seconds, starts_at, ends_at, results_at, appeals_close, freeze_by, qualify, awards, status`

func scanRound(row pgx.Row) (*olympiad.Round, error) {
	var (
		r             olympiad.Round
		stage, status string
		notify        int
	)
	err := row.Scan(&r.ID, &r.SiteID, &r.OlympiadID, &r.Number, &stage, &r.Tasks, &r.RegistrationOpens,
		&r.RegistrationCloses, &notify, &r.StartsAt, &r.EndsAt, &r.ResultsAt, &r.AppealsClose, &r.FreezeBy,
		&r.Qualify, &r.Awards, &status)
	r.Stage, r.Status, r.NotifyBefore = olympiad.Stage(stage), olympiad.RoundStatus(status), time.Duration(notify)*time.Second
	return &r, err
}

// FindRound returns the site's round or ENotFound.
func (db *DB) FindRound(ctx context.Context, siteID, roundID int64) (*olympiad.Round, error) {
	r, err := scanRound(db.Pool.QueryRow(ctx, `SELECT `+roundColumns+` FROM olympiad_rounds WHERE site_id = $1 AND id = $2`,
		siteID, roundID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindRound", sitecore.NotFound("round"))
	}
	return r, wrap("FindRound", err)
}

// roundStatusRank orders the statuses in SQL, so a status only moves forward.
const roundStatusRank = `array_position(ARRAY['planned', 'registration', 'registration_closed', 'running', 'results',
	'appeals_closed', 'frozen', 'published'], %s)`

func statusRank(x string) string { return strings.Replace(roundStatusRank, "%s", x, 1) }

// AdvanceRound moves the round forward to the status; a round already there or past it
// keeps its status.
func (db *DB) AdvanceRound(ctx context.Context, siteID, roundID int64, to olympiad.RoundStatus) (olympiad.RoundStatus, error) {
	var status *string
	err := db.Pool.QueryRow(ctx, `
		WITH up AS (
			UPDATE olympiad_rounds SET status = $3
			WHERE site_id = $1 AND id = $2 AND `+statusRank("status")+` < `+statusRank("$3::text")+`
			RETURNING status)
		SELECT coalesce((SELECT status FROM up), (SELECT status FROM olympiad_rounds WHERE site_id = $1 AND id = $2))`,
		siteID, roundID, string(to)).Scan(&status)
	if err != nil {
		return "", wrap("AdvanceRound", err)
	}
	if status == nil {
		return "", wrap("AdvanceRound", sitecore.NotFound("round"))
	}
	return olympiad.RoundStatus(*status), nil
}
