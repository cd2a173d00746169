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
// under GraceNever, with closed_at the server's clock. It takes the rows FOR UPDATE, so it
// waits for autosaves in flight and every acknowledged save is part of the attempt. It
// returns how many it closed.
func (db *DB) CloseDueRoundAttempts(ctx context.Context, siteID, roundID int64, at time.Time, limit int) (int, error) {
	tag, err := db.Pool.Exec(ctx, `
		WITH due AS (
			SELECT a.id FROM olympiad_registrations g JOIN quiz_attempts a ON a.site_id = g.site_id AND a.id = g.attempt_id
			WHERE g.site_id = $1 AND g.round_id = $2 AND a.status = 'started' AND a.save_cutoff <= $3
			ORDER BY a.id LIMIT $4 FOR UPDATE OF a)
		UPDATE quiz_attempts a
		SET status = CASE WHEN t.grace_mode = 'never' THEN 'closed' ELSE 'submitted' END,
			submitted_at = CASE WHEN t.grace_mode = 'never' THEN a.deadline ELSE a.save_cutoff END,
			closed_at = clock_timestamp()
		FROM due, quiz_tests t
		WHERE a.id = due.id AND t.site_id = a.site_id AND t.id = a.test_id AND a.status = 'started'`,
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
		SELECT a.id FROM olympiad_registrations g JOIN quiz_attempts a ON a.site_id = g.site_id AND a.id = g.attempt_id
		WHERE g.site_id = $1 AND g.round_id = $2 AND a.status = 'submitted' AND a.pending = 0 AND a.graded_at IS NULL
			AND a.id > $3
		ORDER BY a.id LIMIT $4`, siteID, roundID, after, limit)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("UngradedRoundAttempts", err)
}

// NextRoundDeadline returns the earliest save cutoff of the round's started attempts, or
// the zero time when none is open.
func (db *DB) NextRoundDeadline(ctx context.Context, siteID, roundID int64) (time.Time, error) {
	var next *time.Time
	err := db.Pool.QueryRow(ctx, `
		SELECT min(a.save_cutoff) FROM olympiad_registrations g JOIN quiz_attempts a ON a.site_id = g.site_id AND a.id = g.attempt_id
		WHERE g.site_id = $1 AND g.round_id = $2 AND a.status = 'started'`, siteID, roundID).Scan(&next)
	if err != nil || next == nil {
		return time.Time{}, wrap("NextRoundDeadline", err)
	}
	return *next, nil
}
