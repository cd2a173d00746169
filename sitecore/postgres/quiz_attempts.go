package postgres

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

const attemptColumns = `id, site_id, test_id, student_id, number, seed, slots, status, started_at, deadline,
	save_cutoff, submitted_at, graded_at, score, max_score, pending`

func scanAttempt(row pgx.Row) (*quiz.Attempt, error) {
	var (
		a                 quiz.Attempt
		seed              int64
		status            string
		submitted, graded *time.Time
	)
	err := row.Scan(&a.ID, &a.SiteID, &a.TestID, &a.StudentID, &a.Number, &seed, &a.Slots, &status, &a.StartedAt,
		&a.Deadline, &a.SaveCutoff, &submitted, &graded, &a.Score, &a.MaxScore, &a.Pending)
	if err != nil {
		return nil, err
	}
	a.Seed, a.Status = uint64(seed), quiz.Status(status)
	if submitted != nil {
		a.SubmittedAt = *submitted
	}
	if graded != nil {
		a.GradedAt = *graded
	}
	return &a, nil
}

func (db *DB) oneAttempt(ctx context.Context, op, where string, args ...any) (*quiz.Attempt, error) {
	a, err := scanAttempt(db.Pool.QueryRow(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts WHERE `+where, args...))
	if errors.Is(err, pgx.ErrNoRows) {
		err = sitecore.NotFound("attempt")
	}
	return a, wrap(op, err)
}

// StartAttempt stores a started attempt numbered after the student's previous ones, with
// its intake row, in one statement: the count of attempts and the insert see the same rows,
// and the unique index on open attempts refuses a second one however the requests race.
func (db *DB) StartAttempt(ctx context.Context, a *quiz.Attempt, allowed int) error {
	a.Status = quiz.Started
	err := db.Pool.QueryRow(ctx, `
		WITH a AS (
			INSERT INTO quiz_attempts (site_id, test_id, student_id, number, seed, slots, status, started_at,
				deadline, save_cutoff, max_score)
			SELECT $1, $2, $3, coalesce(max(number), 0) + 1, $4, $5, 'started', $6, $7, $8, $9
			FROM quiz_attempts WHERE test_id = $2 AND student_id = $3
			HAVING $10 = 0 OR count(*) < $10
			RETURNING id, number),
		i AS (INSERT INTO quiz_attempt_intake (attempt_id) SELECT id FROM a)
		SELECT id, number FROM a`,
		a.SiteID, a.TestID, a.StudentID, int64(a.Seed), a.Slots, a.StartedAt, a.Deadline, a.SaveCutoff, a.MaxScore, allowed,
	).Scan(&a.ID, &a.Number)
	c, unique := uniqueViolation(err)
	fkc, fk := foreignKeyViolation(err)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		err = sitecore.Conflictf("attempts_allowed", "quiz.attempts_used", "max", strconv.Itoa(allowed))
	case unique && (c == "quiz_attempts_one_open" || c == "quiz_attempts_test_id_student_id_number_key"):
		err = sitecore.Conflictf("test_id", "quiz.attempt_open")
	case fk && fkc == "quiz_attempts_student_id_fkey":
		err = sitecore.NotFound("user")
	case fk:
		err = sitecore.NotFound("test")
	}
	if err != nil {
		a.ID = 0
	}
	return wrap("StartAttempt", err)
}

// FindAttempt returns the site's attempt or ENotFound.
func (db *DB) FindAttempt(ctx context.Context, siteID, id int64) (*quiz.Attempt, error) {
	return db.oneAttempt(ctx, "FindAttempt", `site_id = $1 AND id = $2`, siteID, id)
}

// StudentAttempt returns the attempt if it is the student's; another student's attempt is
// ENotFound, so its existence does not leak.
func (db *DB) StudentAttempt(ctx context.Context, siteID, studentID, id int64) (*quiz.Attempt, error) {
	return db.oneAttempt(ctx, "StudentAttempt", `site_id = $1 AND id = $2 AND student_id = $3`, siteID, id, studentID)
}

// OpenAttempt returns the student's started attempt at the test (another device resumes
// it), or ENotFound.
func (db *DB) OpenAttempt(ctx context.Context, siteID, testID, studentID int64) (*quiz.Attempt, error) {
	return db.oneAttempt(ctx, "OpenAttempt", `site_id = $1 AND test_id = $2 AND student_id = $3 AND status = 'started'`,
		siteID, testID, studentID)
}

// CountAttempts returns the number of the student's attempts at the test.
func (db *DB) CountAttempts(ctx context.Context, siteID, testID, studentID int64) (int, error) {
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM quiz_attempts WHERE site_id = $1 AND test_id = $2 AND student_id = $3`,
		siteID, testID, studentID).Scan(&n)
	return n, wrap("CountAttempts", err)
}

// ListAttempts returns the test's attempts by ID.
func (db *DB) ListAttempts(ctx context.Context, siteID, testID int64) ([]quiz.Attempt, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts WHERE site_id = $1 AND test_id = $2 ORDER BY id`,
		siteID, testID)
	if err != nil {
		return nil, wrap("ListAttempts", err)
	}
	defer rows.Close()
	var out []quiz.Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, wrap("ListAttempts", err)
		}
		out = append(out, *a)
	}
	return out, wrap("ListAttempts", rows.Err())
}

// SaveAnswer stores an autosave in one statement. The attempt row is read FOR SHARE, so a
// save and a submission of the same attempt are ordered: a save that committed is in the
// answers the submission reads, and a save after the submission finds the attempt closed.
// Rows are keyed by (attempt, question) and keep the highest seq: an equal or lower seq
// changes nothing.
func (db *DB) SaveAnswer(ctx context.Context, siteID int64, s quiz.Save, now time.Time) (quiz.SaveOutcome, error) {
	if err := s.Validate(); err != nil {
		return "", err
	}
	var (
		open, hasQ, stored bool
		seq                int64
	)
	err := db.Pool.QueryRow(ctx, `
		WITH a AS (
			SELECT id, status = 'started' AND save_cutoff >= $6 AS open,
				slots @> jsonb_build_array(jsonb_build_object('question_id', $3::bigint)) AS has_q
			FROM quiz_attempts WHERE site_id = $1 AND id = $2 FOR SHARE),
		up AS (
			INSERT INTO quiz_answers (attempt_id, question_id, seq, response, saved_at)
			SELECT id, $3, $4, $5, $6 FROM a WHERE open AND has_q
			ON CONFLICT (attempt_id, question_id) DO UPDATE
				SET seq = EXCLUDED.seq, response = EXCLUDED.response, saved_at = EXCLUDED.saved_at
				WHERE quiz_answers.seq < EXCLUDED.seq
			RETURNING 1)
		SELECT a.open, a.has_q, EXISTS (SELECT 1 FROM up),
			coalesce((SELECT seq FROM quiz_answers WHERE attempt_id = $2 AND question_id = $3), -1)
		FROM a`,
		siteID, s.AttemptID, s.QuestionID, s.Seq, s.Response, now,
	).Scan(&open, &hasQ, &stored, &seq)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", wrap("SaveAnswer", sitecore.NotFound("attempt"))
	case err != nil:
		return "", wrap("SaveAnswer", err)
	case !open:
		return "", sitecore.Conflictf("attempt", "quiz.attempt_closed")
	case !hasQ:
		return "", sitecore.Invalid("question_id", "quiz.not_in_attempt")
	case stored:
		return quiz.SaveStored, nil
	case seq == s.Seq: // the row as it was before this statement
		return quiz.SaveSame, nil
	}
	return quiz.SaveStale, nil
}

// Answers returns the attempt's stored answers by question ID.
func (db *DB) Answers(ctx context.Context, siteID, attemptID int64) ([]quiz.Answer, error) {
	rows, _ := db.Pool.Query(ctx, `
		SELECT w.attempt_id, w.question_id, w.seq, w.response, w.saved_at, w.graded, w.fraction, w.points,
			coalesce(w.graded_by, 0) AS graded_by
		FROM quiz_answers w JOIN quiz_attempts a ON a.id = w.attempt_id
		WHERE a.site_id = $1 AND a.id = $2 ORDER BY w.question_id`, siteID, attemptID)
	as, err := pgx.CollectRows(rows, pgx.RowToStructByName[quiz.Answer])
	return as, wrap("Answers", err)
}

// Submit moves a started attempt to submitted, or to closed. It waits for saves in flight
// (their FOR SHARE locks), so everything acknowledged before is in the answers.
func (db *DB) Submit(ctx context.Context, siteID, attemptID int64, at time.Time, closed bool) (bool, error) {
	status := quiz.Submitted
	if closed {
		status = quiz.Closed
	}
	tag, err := db.Pool.Exec(ctx, `UPDATE quiz_attempts SET status = $3, submitted_at = $4, closed_at = clock_timestamp()
		WHERE site_id = $1 AND id = $2 AND status = 'started'`, siteID, attemptID, string(status), at)
	if err != nil {
		return false, wrap("Submit", err)
	}
	if tag.RowsAffected() == 1 {
		return true, nil
	}
	if _, err := db.FindAttempt(ctx, siteID, attemptID); err != nil {
		return false, wrap("Submit", err)
	}
	return false, nil
}

// RecordGrades stores the grades and the score of a submitted or graded attempt in one
// transaction. Unanswered slots get an answer row with seq 0 and an empty response. A
// started attempt (whose saves would race the grade) or a closed one is EConflict
// "quiz.not_submitted".
func (db *DB) RecordGrades(ctx context.Context, siteID, attemptID int64, grades []quiz.Answer, score float64, pending int, at time.Time) (*quiz.Attempt, error) {
	var out *quiz.Attempt
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		a, err := scanAttempt(tx.QueryRow(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts
			WHERE site_id = $1 AND id = $2 FOR UPDATE`, siteID, attemptID))
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("attempt")
		}
		if err != nil {
			return err
		}
		if a.Status != quiz.Submitted && a.Status != quiz.Graded {
			return sitecore.Conflictf("status", "quiz.not_submitted", "value", string(a.Status))
		}
		n := len(grades)
		qids, fr, pts := make([]int64, n), make([]float64, n), make([]float64, n)
		done := make([]bool, n)
		for i, g := range grades {
			qids[i], done[i], fr[i], pts[i] = g.QuestionID, g.Graded, g.Fraction, g.Points
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO quiz_answers (attempt_id, question_id, seq, response, saved_at, graded, fraction, points)
			SELECT $1, q, 0, '{}', $2, g, f, p FROM unnest($3::bigint[], $4::boolean[], $5::float8[], $6::float8[]) AS u (q, g, f, p)
			ON CONFLICT (attempt_id, question_id) DO UPDATE
				SET graded = EXCLUDED.graded, fraction = EXCLUDED.fraction, points = EXCLUDED.points`,
			attemptID, at, qids, done, fr, pts); err != nil {
			return err
		}
		out, err = scanAttempt(tx.QueryRow(ctx, `
			UPDATE quiz_attempts SET score = $3, pending = $4,
				status = CASE WHEN $4 = 0 THEN 'graded' ELSE 'submitted' END,
				graded_at = CASE WHEN $4 = 0 THEN $5::timestamptz END
			WHERE site_id = $1 AND id = $2 RETURNING `+attemptColumns, siteID, attemptID, score, pending, at))
		return err
	})
	return out, wrap("RecordGrades", err)
}

// GradeAnswer records a teacher's grade of one answer of a submitted or graded attempt. An
// answer that was never saved gets a row with an empty response.
func (db *DB) GradeAnswer(ctx context.Context, siteID, attemptID, questionID int64, fraction float64, teacherID int64) error {
	if fraction < 0 || fraction > 1 || fraction != fraction {
		return sitecore.Invalid("fraction", "quiz.credit", "field", "fraction")
	}
	var status string
	var hasQ bool
	err := db.Pool.QueryRow(ctx, `
		WITH a AS (
			SELECT id, status, slots @> jsonb_build_array(jsonb_build_object('question_id', $3::bigint)) AS has_q
			FROM quiz_attempts WHERE site_id = $1 AND id = $2 FOR SHARE),
		up AS (
			INSERT INTO quiz_answers (attempt_id, question_id, seq, response, saved_at, graded, fraction, graded_by)
			SELECT id, $3, 0, '{}', now(), true, $4, $5 FROM a WHERE has_q AND status IN ('submitted', 'graded')
			ON CONFLICT (attempt_id, question_id) DO UPDATE
				SET graded = true, fraction = EXCLUDED.fraction, graded_by = EXCLUDED.graded_by
			RETURNING 1)
		SELECT status, has_q FROM a`, siteID, attemptID, questionID, fraction, teacherID).Scan(&status, &hasQ)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return wrap("GradeAnswer", sitecore.NotFound("attempt"))
	case err != nil:
		if _, fk := foreignKeyViolation(err); fk {
			return wrap("GradeAnswer", sitecore.NotFound("user"))
		}
		return wrap("GradeAnswer", err)
	case !hasQ:
		return sitecore.Invalid("question_id", "quiz.not_in_attempt")
	case status != string(quiz.Submitted) && status != string(quiz.Graded):
		return sitecore.Conflictf("status", "quiz.not_submitted", "value", status)
	}
	return nil
}

// PendingAttemptIntake returns up to limit attempts whose workflow is not started yet, the
// oldest first, with what their workflow starts with.
func (db *DB) PendingAttemptIntake(ctx context.Context, limit int) ([]quiz.AttemptStart, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT a.site_id, a.id, a.student_id, a.deadline, t.grace_mode, t.grace_seconds
		FROM quiz_attempt_intake i JOIN quiz_attempts a ON a.id = i.attempt_id
			JOIN quiz_tests t ON t.site_id = a.site_id AND t.id = a.test_id
		ORDER BY i.created_at, i.attempt_id LIMIT $1`, limit)
	if err != nil {
		return nil, wrap("PendingAttemptIntake", err)
	}
	defer rows.Close()
	var out []quiz.AttemptStart
	for rows.Next() {
		var s quiz.AttemptStart
		var mode string
		if err := rows.Scan(&s.SiteID, &s.AttemptID, &s.StudentID, &s.Deadline, &mode, &s.Grace.Seconds); err != nil {
			return nil, wrap("PendingAttemptIntake", err)
		}
		s.Grace.Mode = quiz.GraceMode(mode)
		out = append(out, s)
	}
	return out, wrap("PendingAttemptIntake", rows.Err())
}

// MarkAttemptIntakeStarted removes the intake rows of attempts whose workflow is started.
func (db *DB) MarkAttemptIntakeStarted(ctx context.Context, ids []int64) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM quiz_attempt_intake WHERE attempt_id = ANY($1::bigint[])`, ids)
	return wrap("MarkAttemptIntakeStarted", err)
}
