package postgres

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// CreateFeedbackTopic stores a new topic of a site.
func (db *DB) CreateFeedbackTopic(ctx context.Context, t *sitecore.FeedbackTopic) error {
	if t.Recipients == nil {
		t.Recipients = []int64{}
	}
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO feedback_topics (site_id, name_kk, name_ru, name_en, recipients) VALUES ($1, $2, $3, $4, $5)
		RETURNING id, created_at`, t.SiteID, t.NameKK, t.NameRU, t.NameEN, t.Recipients).Scan(&t.ID, &t.CreatedAt)
	return wrap("CreateFeedbackTopic", missingRef(err))
}

const topicCols = `id, site_id, name_kk, name_ru, name_en, recipients, created_at`

func scanTopic(row pgx.Row) (*sitecore.FeedbackTopic, error) {
	var t sitecore.FeedbackTopic
	err := row.Scan(&t.ID, &t.SiteID, &t.NameKK, &t.NameRU, &t.NameEN, &t.Recipients, &t.CreatedAt)
	return &t, err
}

// FeedbackTopics lists the site's topics in the order they were made.
func (db *DB) FeedbackTopics(ctx context.Context, siteID int64) ([]sitecore.FeedbackTopic, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+topicCols+` FROM feedback_topics WHERE site_id = $1 ORDER BY id`, siteID)
	if err != nil {
		return nil, wrap("FeedbackTopics", err)
	}
	defer rows.Close()
	out := []sitecore.FeedbackTopic{}
	for rows.Next() {
		t, err := scanTopic(rows)
		if err != nil {
			return nil, wrap("FeedbackTopics", err)
		}
		out = append(out, *t)
	}
	return out, wrap("FeedbackTopics", rows.Err())
}

// FindFeedbackTopic returns a topic of the site, or ENotFound.
func (db *DB) FindFeedbackTopic(ctx context.Context, siteID, id int64) (*sitecore.FeedbackTopic, error) {
	t, err := scanTopic(db.Pool.QueryRow(ctx, `SELECT `+topicCols+` FROM feedback_topics WHERE site_id = $1 AND id = $2`, siteID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindFeedbackTopic", sitecore.NotFound("feedback_topic"))
	}
	return t, wrap("FindFeedbackTopic", err)
}

// CreateFeedbackMessage stores a message.
func (db *DB) CreateFeedbackMessage(ctx context.Context, m *sitecore.FeedbackMessage) error {
	var user *int64
	if m.UserID != 0 {
		user = &m.UserID
	}
	var f sitecore.FeedbackAttachment
	if m.Attachment != nil {
		f = *m.Attachment
	}
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO feedback_messages (site_id, topic_id, user_id, name, email, lang, body, file_id, file_name, file_type, file_size)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, status, created_at, updated_at`,
		m.SiteID, m.TopicID, user, m.Name, m.Email, string(m.Lang), m.Body, f.FileID, f.Name, f.ContentType, f.Size).
		Scan(&m.ID, &m.Status, &m.CreatedAt, &m.UpdatedAt)
	return wrap("CreateFeedbackMessage", missingRef(err))
}

const messageCols = `id, site_id, topic_id, coalesce(user_id, 0), name, email, lang, body, status, hidden, created_at, updated_at,
	file_id, file_name, file_type, file_size`

func scanMessage(row pgx.Row) (*sitecore.FeedbackMessage, error) {
	var m sitecore.FeedbackMessage
	var f sitecore.FeedbackAttachment
	err := row.Scan(&m.ID, &m.SiteID, &m.TopicID, &m.UserID, &m.Name, &m.Email, &m.Lang, &m.Body, &m.Status,
		&m.Hidden, &m.CreatedAt, &m.UpdatedAt, &f.FileID, &f.Name, &f.ContentType, &f.Size)
	if f.FileID != "" {
		m.Attachment = &f
	}
	return &m, err
}

// FeedbackMessages lists the site's messages, the newest first; hidden ones only if asked.
func (db *DB) FeedbackMessages(ctx context.Context, siteID int64, withHidden bool) ([]sitecore.FeedbackMessage, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+messageCols+` FROM feedback_messages
		WHERE site_id = $1 AND ($2 OR NOT hidden) ORDER BY created_at DESC, id DESC`, siteID, withHidden)
	if err != nil {
		return nil, wrap("FeedbackMessages", err)
	}
	defer rows.Close()
	out := []sitecore.FeedbackMessage{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, wrap("FeedbackMessages", err)
		}
		out = append(out, *m)
	}
	return out, wrap("FeedbackMessages", rows.Err())
}

func (db *DB) findMessage(ctx context.Context, op, where string, args ...any) (*sitecore.FeedbackMessage, error) {
	m, err := scanMessage(db.Pool.QueryRow(ctx, `SELECT `+messageCols+` FROM feedback_messages WHERE `+where, args...))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap(op, sitecore.NotFound("feedback"))
	}
	return m, wrap(op, err)
}

// FindFeedbackMessage returns a message of the site, or ENotFound.
func (db *DB) FindFeedbackMessage(ctx context.Context, siteID, id int64) (*sitecore.FeedbackMessage, error) {
	return db.findMessage(ctx, "FindFeedbackMessage", `site_id = $1 AND id = $2`, siteID, id)
}

// AddFeedbackAnswer appends to a message's thread of the site; an admin's answer marks the
// message answered.
func (db *DB) AddFeedbackAnswer(ctx context.Context, siteID int64, a *sitecore.FeedbackAnswer) error {
	var author *int64
	if a.AuthorID != 0 {
		author = &a.AuthorID
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE feedback_messages SET updated_at = now(),
			status = CASE WHEN $3 THEN 'answered' ELSE status END WHERE site_id = $1 AND id = $2`,
			siteID, a.MessageID, author != nil)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return sitecore.NotFound("feedback")
		}
		return tx.QueryRow(ctx, `INSERT INTO feedback_answers (message_id, author_id, body) VALUES ($1, $2, $3)
			RETURNING id, created_at`, a.MessageID, author, a.Body).Scan(&a.ID, &a.CreatedAt)
	})
	return wrap("AddFeedbackAnswer", err)
}

// FeedbackAnswers returns a message's thread in order.
func (db *DB) FeedbackAnswers(ctx context.Context, messageID int64) ([]sitecore.FeedbackAnswer, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, message_id, coalesce(author_id, 0), body, created_at
		FROM feedback_answers WHERE message_id = $1 ORDER BY id`, messageID)
	if err != nil {
		return nil, wrap("FeedbackAnswers", err)
	}
	defer rows.Close()
	out := []sitecore.FeedbackAnswer{}
	for rows.Next() {
		var a sitecore.FeedbackAnswer
		if err := rows.Scan(&a.ID, &a.MessageID, &a.AuthorID, &a.Body, &a.CreatedAt); err != nil {
			return nil, wrap("FeedbackAnswers", err)
		}
		out = append(out, a)
	}
	return out, wrap("FeedbackAnswers", rows.Err())
}

// SetFeedbackHidden hides a message of the site or shows it again; the row always stays.
func (db *DB) SetFeedbackHidden(ctx context.Context, siteID, id int64, hidden bool) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE feedback_messages SET hidden = $3, updated_at = now()
		WHERE site_id = $1 AND id = $2`, siteID, id, hidden)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("feedback")
	}
	return wrap("SetFeedbackHidden", err)
}

var _ sitecore.FeedbackStore = (*DB)(nil)

// UpdateFeedbackTopic changes a topic's names and recipients; a topic of another site is
// ENotFound.
func (db *DB) UpdateFeedbackTopic(ctx context.Context, t *sitecore.FeedbackTopic) error {
	if t.Recipients == nil {
		t.Recipients = []int64{}
	}
	tag, err := db.Pool.Exec(ctx, `UPDATE feedback_topics SET name_kk = $3, name_ru = $4, name_en = $5, recipients = $6
		WHERE site_id = $1 AND id = $2`, t.SiteID, t.ID, t.NameKK, t.NameRU, t.NameEN, t.Recipients)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("feedback_topic")
	}
	return wrap("UpdateFeedbackTopic", err)
}

// FilterFeedbackMessages lists the site's messages matching f, the newest first.
func (db *DB) FilterFeedbackMessages(ctx context.Context, f sitecore.FeedbackFilter) ([]sitecore.FeedbackMessage, error) {
	var from, to *time.Time
	if !f.From.IsZero() {
		from = &f.From
	}
	if !f.To.IsZero() {
		to = &f.To
	}
	limit := int64(f.Limit)
	if limit <= 0 {
		limit = math.MaxInt64
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+messageCols+` FROM feedback_messages
		WHERE site_id = $1 AND ($2 = 0 OR topic_id = $2)
		  AND CASE $3 WHEN 'hidden' THEN hidden WHEN '' THEN NOT hidden ELSE NOT hidden AND status = $3 END
		  AND ($4::timestamptz IS NULL OR created_at >= $4) AND ($5::timestamptz IS NULL OR created_at < $5)
		ORDER BY created_at DESC, id DESC LIMIT $6`, f.SiteID, f.TopicID, f.Status, from, to, limit)
	if err != nil {
		return nil, wrap("FilterFeedbackMessages", err)
	}
	defer rows.Close()
	out := []sitecore.FeedbackMessage{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, wrap("FilterFeedbackMessages", err)
		}
		out = append(out, *m)
	}
	return out, wrap("FilterFeedbackMessages", rows.Err())
}

// FeedbackSLADays returns the site's working days before a reminder.
func (db *DB) FeedbackSLADays(ctx context.Context, siteID int64) (int, error) {
	days := sitecore.DefaultFeedbackSLADays
	err := db.Pool.QueryRow(ctx, `SELECT sla_days FROM feedback_settings WHERE site_id = $1`, siteID).Scan(&days)
	if errors.Is(err, pgx.ErrNoRows) {
		err = nil
	}
	return days, wrap("FeedbackSLADays", err)
}

// SetFeedbackSLADays sets the site's working days before a reminder.
func (db *DB) SetFeedbackSLADays(ctx context.Context, siteID int64, days int) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO feedback_settings (site_id, sla_days) VALUES ($1, $2)
		ON CONFLICT (site_id) DO UPDATE SET sla_days = excluded.sla_days`, siteID, days)
	return wrap("SetFeedbackSLADays", missingRef(err))
}
