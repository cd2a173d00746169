package postgres

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore/quiz"
)

// The listings of the tests' pages (quiz.Lister): every query takes the site.

var _ quiz.Lister = (*DB)(nil)

// ListTests returns the site's tests, newest first.
func (db *DB) ListTests(ctx context.Context, siteID int64) ([]quiz.Test, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+testColumns+` FROM quiz_tests WHERE site_id = $1 ORDER BY id DESC LIMIT 1000`, siteID)
	if err != nil {
		return nil, wrap("ListTests", err)
	}
	defer rows.Close()
	var out []quiz.Test
	for rows.Next() {
		t, err := scanTest(rows)
		if err != nil {
			return nil, wrap("ListTests", err)
		}
		out = append(out, *t)
	}
	return out, wrap("ListTests", rows.Err())
}

// StudentAttempts returns the student's attempts in the site, newest first.
func (db *DB) StudentAttempts(ctx context.Context, siteID, studentID int64) ([]quiz.Attempt, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+attemptColumns+` FROM quiz_attempts
		WHERE site_id = $1 AND student_id = $2 ORDER BY id DESC LIMIT 500`, siteID, studentID)
	if err != nil {
		return nil, wrap("StudentAttempts", err)
	}
	defer rows.Close()
	var out []quiz.Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, wrap("StudentAttempts", err)
		}
		out = append(out, *a)
	}
	return out, wrap("StudentAttempts", rows.Err())
}

// TestResults returns the test's attempts with their students, by name, then number.
func (db *DB) TestResults(ctx context.Context, siteID, testID int64) ([]quiz.ResultRow, error) {
	cols := strings.Fields(strings.ReplaceAll(attemptColumns, ",", " "))
	for i, c := range cols {
		cols[i] = "a." + c
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+strings.Join(cols, ", ")+`, u.full_name, u.email FROM quiz_attempts a
		JOIN users u ON u.id = a.student_id
		WHERE a.site_id = $1 AND a.test_id = $2 ORDER BY u.full_name, u.email, a.number`, siteID, testID)
	if err != nil {
		return nil, wrap("TestResults", err)
	}
	defer rows.Close()
	var out []quiz.ResultRow
	for rows.Next() {
		var r quiz.ResultRow
		a, err := scanAttempt(rowWithExtra{rows, []any{&r.StudentName, &r.StudentEmail}})
		if err != nil {
			return nil, wrap("TestResults", err)
		}
		r.Attempt = *a
		out = append(out, r)
	}
	return out, wrap("TestResults", rows.Err())
}

// rowWithExtra scans a row whose first columns are scanned by a scanX helper and whose
// last ones go to extra.
type rowWithExtra struct {
	pgx.Row
	extra []any
}

func (r rowWithExtra) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.extra...)...) }

// TestAnswers returns every stored answer of the test's attempts.
func (db *DB) TestAnswers(ctx context.Context, siteID, testID int64) ([]quiz.Answer, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT n.attempt_id, n.question_id, n.seq, n.response, n.saved_at, n.graded, n.fraction,
			n.points, coalesce(n.graded_by, 0) AS graded_by
		FROM quiz_answers n JOIN quiz_attempts a ON a.id = n.attempt_id
		WHERE a.site_id = $1 AND a.test_id = $2 ORDER BY n.attempt_id, n.question_id`, siteID, testID)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[quiz.Answer])
	return out, wrap("TestAnswers", err)
}

// OlympiadTests returns the site's tests that are tasks of its olympiad rounds.
func (db *DB) OlympiadTests(ctx context.Context, siteID int64) ([]int64, error) {
	rows, err := db.Pool.Query(ctx, `SELECT DISTINCT (t->>'test_id')::bigint FROM olympiad_rounds r, jsonb_array_elements(r.tasks) t
		WHERE r.site_id = $1 AND t ? 'test_id'`, siteID)
	if err != nil {
		return nil, wrap("OlympiadTests", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("OlympiadTests", err)
}

// StudentClass returns the student's class in the site ("" when none).
func (db *DB) StudentClass(ctx context.Context, siteID, userID int64) (string, error) {
	var c string
	err := db.Pool.QueryRow(ctx, `SELECT class FROM quiz_classes WHERE site_id = $1 AND user_id = $2`, siteID, userID).Scan(&c)
	if err == pgx.ErrNoRows {
		return "", nil
	}
	return c, wrap("StudentClass", err)
}

// SetClass puts the site's students with the emails in the class, in one statement; when
// some emails are not students of the site it returns them and changes nothing.
func (db *DB) SetClass(ctx context.Context, siteID int64, class string, emails []string) ([]string, error) {
	rows, err := db.Pool.Query(ctx, `
		WITH wanted AS (SELECT DISTINCT lower(e) AS email FROM unnest($3::text[]) e),
		found AS (SELECT u.id, w.email FROM wanted w JOIN users u ON lower(u.email) = w.email
			JOIN site_members m ON m.user_id = u.id AND m.site_id = $1 AND m.role = 'student'),
		missing AS (SELECT email FROM wanted WHERE email NOT IN (SELECT email FROM found)),
		put AS (INSERT INTO quiz_classes (site_id, user_id, class) SELECT $1, id, $2 FROM found
			WHERE NOT EXISTS (SELECT 1 FROM missing)
			ON CONFLICT (site_id, user_id) DO UPDATE SET class = EXCLUDED.class, updated_at = now() RETURNING user_id)
		SELECT email FROM missing ORDER BY email`, siteID, class, emails)
	if err != nil {
		return nil, wrap("SetClass", err)
	}
	missing, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return missing, wrap("SetClass", err)
}

// Classes returns the site's classes with their sizes, by name.
func (db *DB) Classes(ctx context.Context, siteID int64) ([]quiz.Class, error) {
	rows, err := db.Pool.Query(ctx, `SELECT class, count(*) FROM quiz_classes WHERE site_id = $1 GROUP BY class ORDER BY class`, siteID)
	if err != nil {
		return nil, wrap("Classes", err)
	}
	defer rows.Close()
	var out []quiz.Class
	for rows.Next() {
		var c quiz.Class
		if err := rows.Scan(&c.Name, &c.Students); err != nil {
			return nil, wrap("Classes", err)
		}
		out = append(out, c)
	}
	return out, wrap("Classes", rows.Err())
}
