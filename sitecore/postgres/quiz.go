package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

var _ quiz.Store = (*DB)(nil)

// CreateBank stores a new question bank of the site, filling ID and times.
func (db *DB) CreateBank(ctx context.Context, b *quiz.Bank) error {
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO quiz_banks (site_id, name, subject, grade) VALUES ($1, $2, $3, $4)
		RETURNING id, created_at, updated_at`,
		b.SiteID, b.Name, b.Subject, b.Grade).Scan(&b.ID, &b.Created, &b.Updated)
	if _, fk := foreignKeyViolation(err); fk {
		err = sitecore.NotFound("site")
	}
	return wrap("CreateBank", err)
}

const bankColumns = `id, site_id, name, subject, grade, created_at, updated_at`

// FindBank returns the site's bank or ENotFound.
func (db *DB) FindBank(ctx context.Context, siteID, id int64) (*quiz.Bank, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT `+bankColumns+` FROM quiz_banks WHERE site_id = $1 AND id = $2`, siteID, id)
	b, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[quiz.Bank])
	if errors.Is(err, pgx.ErrNoRows) {
		err = sitecore.NotFound("bank")
	}
	return b, wrap("FindBank", err)
}

// ListBanks returns the site's banks by ID.
func (db *DB) ListBanks(ctx context.Context, siteID int64) ([]quiz.Bank, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT `+bankColumns+` FROM quiz_banks WHERE site_id = $1 ORDER BY id`, siteID)
	bs, err := pgx.CollectRows(rows, pgx.RowToStructByName[quiz.Bank])
	return bs, wrap("ListBanks", err)
}

const questionColumns = `id, site_id, bank_id, kind, name, category, text, media_id, points, body, created_at, updated_at`

// CreateQuestions stores the prepared questions in the bank in one statement, so an import
// is all or nothing. A bank of another site is ENotFound.
func (db *DB) CreateQuestions(ctx context.Context, siteID, bankID int64, qs []quiz.Question) error {
	if len(qs) == 0 {
		return nil
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM quiz_banks WHERE site_id = $1 AND id = $2 FOR KEY SHARE)`,
			siteID, bankID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return sitecore.NotFound("bank")
		}
		batch := &pgx.Batch{}
		for i := range qs {
			q := &qs[i]
			q.SiteID, q.BankID = siteID, bankID
			batch.Queue(`
				INSERT INTO quiz_questions (site_id, bank_id, kind, name, category, text, media_id, points, body)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, created_at, updated_at`,
				siteID, bankID, string(q.Kind), q.Name, q.Category, q.Text, q.MediaID, q.Points, q.Body,
			).QueryRow(func(r pgx.Row) error { return r.Scan(&q.ID, &q.Created, &q.Updated) })
		}
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		for i := range qs {
			qs[i].ID = 0
		}
	}
	return wrap("CreateQuestions", err)
}

// UpdateQuestion replaces the question's fields; a question of another site is ENotFound.
func (db *DB) UpdateQuestion(ctx context.Context, q *quiz.Question) error {
	err := db.Pool.QueryRow(ctx, `
		UPDATE quiz_questions SET kind = $3, name = $4, category = $5, text = $6, media_id = $7, points = $8,
			body = $9, updated_at = now()
		WHERE site_id = $1 AND id = $2 RETURNING bank_id, created_at, updated_at`,
		q.SiteID, q.ID, string(q.Kind), q.Name, q.Category, q.Text, q.MediaID, q.Points, q.Body,
	).Scan(&q.BankID, &q.Created, &q.Updated)
	if errors.Is(err, pgx.ErrNoRows) {
		err = sitecore.NotFound("question")
	}
	return wrap("UpdateQuestion", err)
}

// FindQuestion returns the site's question or ENotFound.
func (db *DB) FindQuestion(ctx context.Context, siteID, id int64) (*quiz.Question, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT `+questionColumns+` FROM quiz_questions WHERE site_id = $1 AND id = $2`, siteID, id)
	q, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[quiz.Question])
	if errors.Is(err, pgx.ErrNoRows) {
		err = sitecore.NotFound("question")
	}
	return q, wrap("FindQuestion", err)
}

// ListQuestions returns the bank's questions by category, then ID.
func (db *DB) ListQuestions(ctx context.Context, siteID, bankID int64) ([]quiz.Question, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT `+questionColumns+` FROM quiz_questions
		WHERE site_id = $1 AND bank_id = $2 ORDER BY category, id`, siteID, bankID)
	qs, err := pgx.CollectRows(rows, pgx.RowToStructByName[quiz.Question])
	return qs, wrap("ListQuestions", err)
}

// QuestionsByID returns the site's questions with the IDs, by ID; others are left out.
func (db *DB) QuestionsByID(ctx context.Context, siteID int64, ids []int64) ([]quiz.Question, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT `+questionColumns+` FROM quiz_questions
		WHERE site_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`, siteID, ids)
	qs, err := pgx.CollectRows(rows, pgx.RowToStructByName[quiz.Question])
	return qs, wrap("QuestionsByID", err)
}

// QuestionsForTest returns the test's fixed questions and every question of the (bank,
// category) pairs its random items draw from, all of the test's site.
func (db *DB) QuestionsForTest(ctx context.Context, t *quiz.Test) ([]quiz.Question, error) {
	var ids, banks []int64
	var cats []string
	for _, it := range t.Items {
		if it.Random() {
			banks, cats = append(banks, it.BankID), append(cats, it.Category)
		} else {
			ids = append(ids, it.QuestionID)
		}
	}
	rows, _ := db.Pool.Query(ctx, `SELECT `+questionColumns+` FROM quiz_questions
		WHERE site_id = $1 AND (id = ANY($2::bigint[])
			OR (bank_id, category) IN (SELECT * FROM unnest($3::bigint[], $4::text[])))
		ORDER BY id`, t.SiteID, ids, banks, cats)
	qs, err := pgx.CollectRows(rows, pgx.RowToStructByName[quiz.Question])
	return qs, wrap("QuestionsForTest", err)
}
