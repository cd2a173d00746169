package postgres

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.CommentStore = (*DB)(nil)

const commentCols = `id, site_id, news_key, user_id, author_name, body, status, created_at, edited_at`

// AddComment stores the comment unless its author is over the rate limit. The author's row
// is locked first, so two parallel posts cannot both slip under the limit.
func (db *DB) AddComment(ctx context.Context, c *sitecore.Comment, max int, window time.Duration) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, c.UserID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM news_comments WHERE user_id = $1 AND created_at > now() - $2::interval`,
			c.UserID, strconv.FormatInt(int64(window/time.Second), 10)+" seconds").Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return sitecore.Errorf(sitecore.ERateLimited, "comment.rate_limited", "max", strconv.Itoa(max),
				"minutes", strconv.FormatInt(int64(window/time.Minute), 10))
		}
		return tx.QueryRow(ctx, `INSERT INTO news_comments (site_id, news_key, user_id, author_name, body, status)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
			c.SiteID, c.NewsKey, c.UserID, c.AuthorName, c.Body, c.Status).Scan(&c.ID, &c.CreatedAt)
	})
	var de *sitecore.Error
	if errors.As(err, &de) {
		return de
	}
	return wrap("AddComment", err)
}

func collectComments(rows pgx.Rows) ([]*sitecore.Comment, error) {
	out, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByPos[sitecore.Comment])
	if out == nil {
		out = []*sitecore.Comment{}
	}
	return out, err
}

// ListComments returns an item's comments with the statuses, oldest first.
func (db *DB) ListComments(ctx context.Context, siteID int64, newsKey string, statuses ...string) ([]*sitecore.Comment, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT `+commentCols+` FROM news_comments
		WHERE site_id = $1 AND news_key = $2 AND status = ANY($3) ORDER BY id`, siteID, newsKey, statuses)
	out, err := collectComments(rows)
	return out, wrap("ListComments", err)
}

// CommentQueue returns the site's comments with the status, newest first.
func (db *DB) CommentQueue(ctx context.Context, siteID int64, status string, limit int) ([]*sitecore.Comment, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT `+commentCols+` FROM news_comments
		WHERE site_id = $1 AND status = $2 ORDER BY id DESC LIMIT $3`, siteID, status, limit)
	out, err := collectComments(rows)
	return out, wrap("CommentQueue", err)
}

// FindComment returns one comment of the site.
func (db *DB) FindComment(ctx context.Context, siteID, id int64) (*sitecore.Comment, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT `+commentCols+` FROM news_comments WHERE site_id = $1 AND id = $2`, siteID, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByPos[sitecore.Comment])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("comment")
	}
	return c, wrap("FindComment", err)
}

// UpdateComment stores the body, status and edit time.
func (db *DB) UpdateComment(ctx context.Context, c *sitecore.Comment) error {
	_, err := db.Pool.Exec(ctx, `UPDATE news_comments SET body = $3, status = $4, edited_at = $5 WHERE site_id = $1 AND id = $2`,
		c.SiteID, c.ID, c.Body, c.Status, c.EditedAt)
	return wrap("UpdateComment", err)
}

// DeleteComment removes a comment.
func (db *DB) DeleteComment(ctx context.Context, siteID, id int64) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM news_comments WHERE site_id = $1 AND id = $2`, siteID, id)
	return wrap("DeleteComment", err)
}
