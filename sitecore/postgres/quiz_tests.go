package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

const testColumns = `id, site_id, title, subject, grade, items, shuffle_questions, shuffle_options,
	time_limit_seconds, opens, closes, attempts_allowed, review, grace_mode, grace_seconds, audience,
	created_at, updated_at`

// testArgs are a test's values for the columns after site_id, in order ($2.. of inserts).
func testArgs(t *quiz.Test) []any {
	return []any{t.Title, t.Subject, t.Grade, t.Items, t.ShuffleQuestions, t.ShuffleOptions,
		int(t.TimeLimit / time.Second), nullTime(t.Opens), nullTime(t.Closes), t.AttemptsAllowed,
		string(t.Review), string(t.Grace.Mode), t.Grace.Seconds, t.Audience}
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func scanTest(row pgx.Row) (*quiz.Test, error) {
	var (
		t            quiz.Test
		limit        int
		opens, close *time.Time
		review, mode string
	)
	err := row.Scan(&t.ID, &t.SiteID, &t.Title, &t.Subject, &t.Grade, &t.Items, &t.ShuffleQuestions, &t.ShuffleOptions,
		&limit, &opens, &close, &t.AttemptsAllowed, &review, &mode, &t.Grace.Seconds, &t.Audience, &t.Created, &t.Updated)
	if err != nil {
		return nil, err
	}
	t.TimeLimit = time.Duration(limit) * time.Second
	if opens != nil {
		t.Opens = *opens
	}
	if close != nil {
		t.Closes = *close
	}
	t.Review, t.Grace.Mode = quiz.Review(review), quiz.GraceMode(mode)
	return &t, nil
}

// CreateTest stores a prepared test, filling ID and times.
func (db *DB) CreateTest(ctx context.Context, t *quiz.Test) error {
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO quiz_tests (site_id, title, subject, grade, items, shuffle_questions, shuffle_options,
			time_limit_seconds, opens, closes, attempts_allowed, review, grace_mode, grace_seconds, audience)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		RETURNING id, created_at, updated_at`, append([]any{t.SiteID}, testArgs(t)...)...,
	).Scan(&t.ID, &t.Created, &t.Updated)
	if _, fk := foreignKeyViolation(err); fk {
		err = sitecore.NotFound("site")
	}
	return wrap("CreateTest", err)
}

// UpdateTest replaces a prepared test's fields. Running attempts keep the deadline they got.
func (db *DB) UpdateTest(ctx context.Context, t *quiz.Test) error {
	args := append([]any{t.SiteID, t.ID}, testArgs(t)...)
	err := db.Pool.QueryRow(ctx, `
		UPDATE quiz_tests SET title = $3, subject = $4, grade = $5, items = $6, shuffle_questions = $7,
			shuffle_options = $8, time_limit_seconds = $9, opens = $10, closes = $11, attempts_allowed = $12,
			review = $13, grace_mode = $14, grace_seconds = $15, audience = $16, updated_at = now()
		WHERE site_id = $1 AND id = $2 RETURNING created_at, updated_at`, args...,
	).Scan(&t.Created, &t.Updated)
	if errors.Is(err, pgx.ErrNoRows) {
		err = sitecore.NotFound("test")
	}
	return wrap("UpdateTest", err)
}

// FindTest returns the site's test or ENotFound.
func (db *DB) FindTest(ctx context.Context, siteID, id int64) (*quiz.Test, error) {
	t, err := scanTest(db.Pool.QueryRow(ctx, `SELECT `+testColumns+` FROM quiz_tests WHERE site_id = $1 AND id = $2`, siteID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		err = sitecore.NotFound("test")
	}
	return t, wrap("FindTest", err)
}
