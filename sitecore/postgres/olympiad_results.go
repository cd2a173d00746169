package postgres

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

// registrationRound loads a registration with its round in a transaction, the round's row
// locked for share so its status cannot move past the results while the caller writes.
func registrationRound(ctx context.Context, tx pgx.Tx, siteID, registrationID int64) (*olympiad.Registration, *olympiad.Round, error) {
	g, err := scanRegistration(tx.QueryRow(ctx, `SELECT `+registrationColumns+` FROM olympiad_registrations
		WHERE site_id = $1 AND id = $2`, siteID, registrationID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, sitecore.NotFound("registration")
	}
	if err != nil {
		return nil, nil, err
	}
	r, err := scanRound(tx.QueryRow(ctx, `SELECT `+roundColumns+` FROM olympiad_rounds WHERE site_id = $1 AND id = $2 FOR SHARE`,
		siteID, g.RoundID))
	return g, r, err
}

// paperItems checks the jury's points against a paper task's items.
func paperItems(task olympiad.Task, items []float64) (float64, error) {
	if !task.Paper() || len(items) != len(task.ItemPoints) {
		return 0, sitecore.Invalid("items", "olympiad.items", "max", strconv.Itoa(len(task.ItemPoints)))
	}
	var sum float64
	for i, p := range items {
		if p != p || p < 0 || p > task.ItemPoints[i] {
			return 0, sitecore.Invalid("items["+strconv.Itoa(i)+"]", "olympiad.items", "max", strconv.Itoa(len(task.ItemPoints)))
		}
		sum += p
	}
	return olympiad.RoundScore(sum), nil
}

// EnterScores records the jury's points per item of a paper task, until the results are
// released.
func (db *DB) EnterScores(ctx context.Context, siteID, registrationID int64, items []float64, juryID int64) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		g, r, err := registrationRound(ctx, tx, siteID, registrationID)
		if err != nil {
			return err
		}
		if r.Status.Reached(olympiad.RoundResults) {
			return sitecore.Conflictf("items", "olympiad.results_released")
		}
		task, _ := r.Task(g.Subject, g.Grade)
		score, err := paperItems(task, items)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO olympiad_results (registration_id, site_id, round_id, score, max_score, items, absent, entered_by)
			VALUES ($1, $2, $3, $4, $5, $6, false, $7)
			ON CONFLICT (registration_id) DO UPDATE SET score = EXCLUDED.score, max_score = EXCLUDED.max_score,
				items = EXCLUDED.items, absent = false, entered_by = EXCLUDED.entered_by, updated_at = now()`,
			g.ID, siteID, g.RoundID, score, task.MaxScore(), items, juryID)
		if _, fk := foreignKeyViolation(err); fk {
			return sitecore.NotFound("user")
		}
		return err
	})
	return wrap("EnterScores", err)
}

// CollectResults copies the scores of the round's attempts into its results in one
// statement (an attempt not submitted or graded, or none, is absent) and adds an absent
// result for every paper registration the jury gave no points. It returns how many
// results the round has.
func (db *DB) CollectResults(ctx context.Context, siteID, roundID int64) (int, error) {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			INSERT INTO olympiad_results (registration_id, site_id, round_id, score, max_score, absent, pending)
			SELECT g.id, g.site_id, g.round_id, coalesce(a.score, 0), coalesce(a.max_score, 0),
				coalesce(a.status NOT IN ('submitted', 'graded'), true), coalesce(a.pending, 0)
			FROM olympiad_registrations g LEFT JOIN quiz_attempts a ON a.site_id = g.site_id AND a.id = g.attempt_id
			WHERE g.site_id = $1 AND g.round_id = $2 AND g.test_id IS NOT NULL
			ON CONFLICT (registration_id) DO UPDATE SET score = EXCLUDED.score, max_score = EXCLUDED.max_score,
				absent = EXCLUDED.absent, pending = EXCLUDED.pending, updated_at = now()`, siteID, roundID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO olympiad_results (registration_id, site_id, round_id, absent)
			SELECT g.id, g.site_id, g.round_id, true FROM olympiad_registrations g
			WHERE g.site_id = $1 AND g.round_id = $2 AND g.test_id IS NULL
			ON CONFLICT (registration_id) DO NOTHING`, siteID, roundID)
		return err
	})
	if err != nil {
		return 0, wrap("CollectResults", err)
	}
	var n int
	err = db.Pool.QueryRow(ctx, `SELECT count(*) FROM olympiad_results WHERE site_id = $1 AND round_id = $2`,
		siteID, roundID).Scan(&n)
	return n, wrap("CollectResults", err)
}

// Entries returns the round's results as ranking needs them.
func (db *DB) Entries(ctx context.Context, siteID, roundID int64) ([]olympiad.Entry, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT g.id, g.subject, g.grade, g.school_id, coalesce(g.district_id, 0), coalesce(g.region_id, 0), r.score, r.absent
		FROM olympiad_results r JOIN olympiad_registrations g ON g.id = r.registration_id
		WHERE r.site_id = $1 AND r.round_id = $2`, siteID, roundID)
	if err != nil {
		return nil, wrap("Entries", err)
	}
	defer rows.Close()
	var out []olympiad.Entry
	for rows.Next() {
		var e olympiad.Entry
		if err := rows.Scan(&e.RegistrationID, &e.Subject, &e.Grade, &e.SchoolID, &e.DistrictID, &e.RegionID,
			&e.Score, &e.Absent); err != nil {
			return nil, wrap("Entries", err)
		}
		out = append(out, e)
	}
	return out, wrap("Entries", rows.Err())
}

// SetPlaces stores the places of the standings in one statement.
func (db *DB) SetPlaces(ctx context.Context, siteID, roundID int64, ss []olympiad.Standing) error {
	n := len(ss)
	ids, p, sp, dp, rp := make([]int64, n), make([]int32, n), make([]int32, n), make([]int32, n), make([]int32, n)
	for i, s := range ss {
		ids[i], p[i], sp[i], dp[i], rp[i] = s.RegistrationID, int32(s.Place), int32(s.SchoolPlace), int32(s.DistrictPlace), int32(s.RegionPlace)
	}
	_, err := db.Pool.Exec(ctx, `
		UPDATE olympiad_results r SET place = u.p, school_place = u.sp, district_place = u.dp, region_place = u.rp,
			updated_at = now()
		FROM unnest($3::bigint[], $4::int[], $5::int[], $6::int[], $7::int[]) AS u (id, p, sp, dp, rp)
		WHERE r.site_id = $1 AND r.round_id = $2 AND r.registration_id = u.id`, siteID, roundID, ids, p, sp, dp, rp)
	return wrap("SetPlaces", err)
}

const resultColumns = `r.registration_id, r.round_id, r.score, r.max_score, r.items, r.absent, r.pending, r.place,
	r.school_place, r.district_place, r.region_place, r.qualified`

func scanResult(row pgx.Row) (*olympiad.Result, error) {
	var r olympiad.Result
	err := row.Scan(&r.RegistrationID, &r.RoundID, &r.Score, &r.MaxScore, &r.Items, &r.Absent, &r.Pending, &r.Place,
		&r.SchoolPlace, &r.DistrictPlace, &r.RegionPlace, &r.Qualified)
	return &r, err
}

// ParticipantResult returns a participant's result once the round's results are released;
// before, it is ENotFound "olympiad.results_hidden".
func (db *DB) ParticipantResult(ctx context.Context, siteID, roundID, participantID int64) (*olympiad.Result, error) {
	var status string
	var res *olympiad.Result
	err := db.Pool.QueryRow(ctx, `SELECT status FROM olympiad_rounds WHERE site_id = $1 AND id = $2`, siteID, roundID).Scan(&status)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		err = sitecore.NotFound("round")
	case err != nil:
	case !olympiad.RoundStatus(status).ResultsVisible():
		err = sitecore.Errorf(sitecore.ENotFound, "olympiad.results_hidden")
	default:
		res, err = scanResult(db.Pool.QueryRow(ctx, `SELECT `+resultColumns+`
			FROM olympiad_results r JOIN olympiad_registrations g ON g.id = r.registration_id
			WHERE r.site_id = $1 AND r.round_id = $2 AND g.participant_id = $3`, siteID, roundID, participantID))
		if errors.Is(err, pgx.ErrNoRows) {
			err = sitecore.NotFound("registration")
		}
	}
	if err != nil {
		return nil, wrap("ParticipantResult", err)
	}
	return res, nil
}

// Participants returns the sorted IDs of the round's participants with a result.
func (db *DB) Participants(ctx context.Context, siteID, roundID int64) ([]int64, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT g.participant_id FROM olympiad_results r
		JOIN olympiad_registrations g ON g.id = r.registration_id
		WHERE r.site_id = $1 AND r.round_id = $2 AND NOT r.absent ORDER BY 1`, siteID, roundID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("Participants", err)
}

// SetResultScore replaces a result's score.
func (db *DB) SetResultScore(ctx context.Context, siteID, registrationID int64, score float64) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE olympiad_results SET score = $3, updated_at = now()
		WHERE site_id = $1 AND registration_id = $2`, siteID, registrationID, score)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("registration")
	}
	return wrap("SetResultScore", err)
}

// Qualify marks the qualifiers and registers them, invited, for the next round in one
// transaction: same contest and school; the next round's task for the contest gives the
// test. A qualifier whose contest has no task in the next round is marked but not invited.
// Running it again invites nobody twice.
func (db *DB) Qualify(ctx context.Context, siteID, roundID, nextRoundID int64, registrationIDs []int64) (int, error) {
	var invited int
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		next, err := scanRound(tx.QueryRow(ctx, `SELECT `+roundColumns+` FROM olympiad_rounds WHERE site_id = $1 AND id = $2`,
			siteID, nextRoundID))
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("round")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE olympiad_results SET qualified = true
			WHERE site_id = $1 AND round_id = $2 AND registration_id = ANY($3::bigint[])`, siteID, roundID, registrationIDs); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+registrationColumns+` FROM olympiad_registrations
			WHERE site_id = $1 AND round_id = $2 AND id = ANY($3::bigint[])`, siteID, roundID, registrationIDs)
		if err != nil {
			return err
		}
		var from, tests []int64
		for rows.Next() {
			g, err := scanRegistration(rows)
			if err != nil {
				rows.Close()
				return err
			}
			if task, ok := next.Task(g.Subject, g.Grade); ok {
				from, tests = append(from, g.ID), append(tests, task.TestID)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			WITH ins AS (
				INSERT INTO olympiad_registrations (site_id, round_id, participant_id, school_id, district_id, region_id,
					subject, grade, invited, test_id)
				SELECT g.site_id, $2, g.participant_id, g.school_id, g.district_id, g.region_id, g.subject, g.grade, true,
					NULLIF(u.test, 0)
				FROM unnest($3::bigint[], $4::bigint[]) AS u (id, test) JOIN olympiad_registrations g ON g.id = u.id
				WHERE g.site_id = $1
				ON CONFLICT (round_id, participant_id) DO NOTHING
				RETURNING id, participant_id)
			INSERT INTO olympiad_qualifications (registration_id, site_id, round_id, next_registration_id)
			SELECT g.id, g.site_id, g.round_id, ins.id FROM ins
				JOIN olympiad_registrations g ON g.participant_id = ins.participant_id AND g.site_id = $1 AND g.round_id = $5
			ON CONFLICT (registration_id) DO NOTHING`, siteID, nextRoundID, from, tests, roundID)
		if err != nil {
			return err
		}
		invited = int(tag.RowsAffected())
		return tx.QueryRow(ctx, `SELECT count(*) FROM olympiad_registrations WHERE site_id = $1 AND round_id = $2 AND invited`,
			siteID, nextRoundID).Scan(&invited)
	})
	return invited, wrap("Qualify", err)
}
