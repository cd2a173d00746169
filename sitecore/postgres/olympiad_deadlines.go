package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// The attempts of an olympiad round whose deadlines the round's workflow holds: made with
// the registration's link and no intake row (no workflow of their own), closed in batches
// when due, then graded.

// roundAttempt is a registration's started attempt, for a LATERAL join from the round's
// registrations. With OFFSET 0 the planner cannot flatten it, so each registration costs
// one primary-key lookup whatever the statistics say: right after a round's start they
// may say the tables are empty, and a flattened join then scanned every open attempt for
// every registration (20,000 × 20,000 rows for minutes).
const roundAttempt = `SELECT a.id, a.save_cutoff FROM quiz_attempts a
	WHERE a.id = g.attempt_id AND a.site_id = g.site_id AND a.status = 'started'`

// StartRoundAttempt stores a started attempt for a round's registration and links it, in
// one statement and without an intake row: the round's workflow holds its deadline. A
// registration that has an attempt already is EConflict "olympiad.attempt_linked" and
// nothing is written; a second open attempt of the student at the test is EConflict
// "quiz.attempt_open".
func (db *DB) StartRoundAttempt(ctx context.Context, a *quiz.Attempt, registrationID int64) error {
	a.Status = quiz.Started
	err := db.Pool.QueryRow(ctx, `
		WITH g AS (
			SELECT id FROM olympiad_registrations WHERE site_id = $1 AND id = $10 AND attempt_id IS NULL FOR UPDATE),
		a AS (
			INSERT INTO quiz_attempts (site_id, test_id, student_id, number, seed, slots, status, started_at,
				deadline, save_cutoff, max_score)
			SELECT $1, $2, $3, coalesce((SELECT max(number) FROM quiz_attempts WHERE test_id = $2 AND student_id = $3), 0) + 1,
				$4, $5, 'started', $6, $7, $8, $9
			FROM g
			RETURNING id, number),
		l AS (UPDATE olympiad_registrations SET attempt_id = (SELECT id FROM a) WHERE site_id = $1 AND id = (SELECT id FROM g))
		SELECT id, number FROM a`,
		a.SiteID, a.TestID, a.StudentID, int64(a.Seed), a.Slots, a.StartedAt, a.Deadline, a.SaveCutoff, a.MaxScore, registrationID,
	).Scan(&a.ID, &a.Number)
	c, unique := uniqueViolation(err)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		err = sitecore.Conflictf("registration", "olympiad.attempt_linked")
	case unique && (c == "quiz_attempts_one_open" || c == "quiz_attempts_test_id_student_id_number_key"):
		err = sitecore.Conflictf("test_id", "quiz.attempt_open")
	}
	if err != nil {
		a.ID = 0
	}
	return wrap("StartRoundAttempt", err)
}

// CloseDueRoundAttempts closes up to limit started attempts of the round whose save cutoff
// is at or before at: submitted as of the cutoff, or closed unscored as of the deadline
// under GraceNever, with closed_at the server's clock. The update waits for the FOR SHARE
// locks of autosaves in flight (and re-checks each row after), so every acknowledged save
// is part of the attempt. It returns how many it closed.
func (db *DB) CloseDueRoundAttempts(ctx context.Context, siteID, roundID int64, at time.Time, limit int) (int, error) {
	tag, err := db.Pool.Exec(ctx, `
		WITH due AS (
			SELECT a.id FROM olympiad_registrations g, LATERAL (`+roundAttempt+` AND a.save_cutoff <= $3 OFFSET 0) a
			WHERE g.site_id = $1 AND g.round_id = $2 AND g.attempt_id IS NOT NULL
			ORDER BY a.id LIMIT $4)
		UPDATE quiz_attempts a
		SET status = CASE WHEN t.grace_mode = 'never' THEN 'closed' ELSE 'submitted' END,
			submitted_at = CASE WHEN t.grace_mode = 'never' THEN a.deadline ELSE a.save_cutoff END,
			closed_at = clock_timestamp()
		FROM due, quiz_tests t
		WHERE a.id = due.id AND t.site_id = a.site_id AND t.id = a.test_id AND a.status = 'started' AND a.save_cutoff <= $3`,
		siteID, roundID, at, limit)
	if err != nil {
		return 0, wrap("CloseDueRoundAttempts", err)
	}
	return int(tag.RowsAffected()), nil
}

// UngradedRoundAttempts returns up to limit IDs above after of the round's submitted
// attempts that were never graded, by ID.
func (db *DB) UngradedRoundAttempts(ctx context.Context, siteID, roundID, after int64, limit int) ([]int64, error) {
	rows, _ := db.Pool.Query(ctx, `
		SELECT a.id FROM olympiad_registrations g,
			LATERAL (SELECT a.id, a.status FROM quiz_attempts a WHERE a.id = g.attempt_id AND a.site_id = g.site_id
				AND a.status = 'submitted' AND a.pending = 0 AND a.graded_at IS NULL OFFSET 0) a
		WHERE g.site_id = $1 AND g.round_id = $2 AND g.attempt_id > $3
		ORDER BY a.id LIMIT $4`, siteID, roundID, after, limit)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("UngradedRoundAttempts", err)
}

// NextRoundDeadline returns the earliest save cutoff of the round's started attempts, or
// the zero time when none is open.
func (db *DB) NextRoundDeadline(ctx context.Context, siteID, roundID int64) (time.Time, error) {
	var next *time.Time
	err := db.Pool.QueryRow(ctx, `
		SELECT min(a.save_cutoff) FROM olympiad_registrations g, LATERAL (`+roundAttempt+` OFFSET 0) a
		WHERE g.site_id = $1 AND g.round_id = $2 AND g.attempt_id IS NOT NULL`, siteID, roundID).Scan(&next)
	if err != nil || next == nil {
		return time.Time{}, wrap("NextRoundDeadline", err)
	}
	return *next, nil
}

// AttemptsWithAnswers returns the site's attempts with the IDs and their stored answers
// (by attempt ID), in two queries, for grading many at once.
func (db *DB) AttemptsWithAnswers(ctx context.Context, siteID int64, ids []int64) ([]quiz.Attempt, map[int64][]quiz.Answer, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts WHERE site_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
		siteID, ids)
	if err != nil {
		return nil, nil, wrap("AttemptsWithAnswers", err)
	}
	var as []quiz.Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			rows.Close()
			return nil, nil, wrap("AttemptsWithAnswers", err)
		}
		as = append(as, *a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, wrap("AttemptsWithAnswers", err)
	}
	arows, _ := db.Pool.Query(ctx, `
		SELECT w.attempt_id, w.question_id, w.seq, w.response, w.saved_at, w.graded, w.fraction, w.points,
			coalesce(w.graded_by, 0) AS graded_by
		FROM quiz_answers w JOIN quiz_attempts a ON a.id = w.attempt_id
		WHERE a.site_id = $1 AND a.id = ANY($2::bigint[]) ORDER BY w.attempt_id, w.question_id`, siteID, ids)
	answers, err := pgx.CollectRows(arows, pgx.RowToStructByName[quiz.Answer])
	if err != nil {
		return nil, nil, wrap("AttemptsWithAnswers", err)
	}
	by := make(map[int64][]quiz.Answer, len(as))
	for _, w := range answers {
		by[w.AttemptID] = append(by[w.AttemptID], w)
	}
	return as, by, nil
}

// RecordManyGrades stores the grades and scores of many submitted or graded attempts in one
// transaction of two statements, as RecordGrades does for one (an attempt in another state
// is left as it is). It returns how many attempts it graded.
func (db *DB) RecordManyGrades(ctx context.Context, siteID int64, gs []quiz.AttemptGrades, at time.Time) (int, error) {
	var (
		aids, qids []int64
		done       []bool
		fr, pts    []float64
		ids        = make([]int64, len(gs))
		scores     = make([]float64, len(gs))
		pending    = make([]int32, len(gs))
	)
	for i, g := range gs {
		ids[i], scores[i], pending[i] = g.AttemptID, g.Score, int32(g.Pending)
		for _, w := range g.Grades {
			aids, qids, done, fr, pts = append(aids, g.AttemptID), append(qids, w.QuestionID), append(done, w.Graded),
				append(fr, w.Fraction), append(pts, w.Points)
		}
	}
	n := 0
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT id FROM quiz_attempts WHERE site_id = $1 AND id = ANY($2::bigint[])
			AND status IN ('submitted', 'graded') ORDER BY id FOR UPDATE`, siteID, ids)
		ok, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO quiz_answers (attempt_id, question_id, seq, response, saved_at, graded, fraction, points)
			SELECT a, q, 0, '{}', $1, g, f, p
			FROM unnest($2::bigint[], $3::bigint[], $4::boolean[], $5::float8[], $6::float8[]) AS u (a, q, g, f, p)
			WHERE a = ANY($7::bigint[])
			ON CONFLICT (attempt_id, question_id) DO UPDATE
				SET graded = EXCLUDED.graded, fraction = EXCLUDED.fraction, points = EXCLUDED.points`,
			at, aids, qids, done, fr, pts, ok); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE quiz_attempts a SET score = u.s, pending = u.p,
				status = CASE WHEN u.p = 0 THEN 'graded' ELSE 'submitted' END,
				graded_at = CASE WHEN u.p = 0 THEN $2::timestamptz END
			FROM unnest($3::bigint[], $4::float8[], $5::int[]) AS u (id, s, p)
			WHERE a.site_id = $1 AND a.id = u.id AND a.id = ANY($6::bigint[])`, siteID, at, ids, scores, pending, ok)
		n = int(tag.RowsAffected())
		return err
	})
	return n, wrap("RecordManyGrades", err)
}
