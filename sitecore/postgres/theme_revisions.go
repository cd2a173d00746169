package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.ThemeRevisionStore = (*DB)(nil)

const themeRevisionColumns = `id, site_id, name, body, deleted, author_id, created_at, published_at,
	coalesce(restored_from, 0)`

func scanThemeRevision(row pgx.Row) (*sitecore.ThemeRevision, error) {
	r := &sitecore.ThemeRevision{}
	var published *time.Time
	err := row.Scan(&r.ID, &r.SiteID, &r.Name, &r.Body, &r.Deleted, &r.AuthorID, &r.CreatedAt, &published, &r.RestoredFrom)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("revision")
	}
	if published != nil {
		r.PublishedAt = *published
	}
	return r, err
}

// SaveThemeRevision stores a revision and, with publish, applies it.
func (db *DB) SaveThemeRevision(ctx context.Context, siteID int64, r *sitecore.ThemeRevision, publish bool) error {
	return wrap("SaveThemeRevision", db.inTx(ctx, func(tx pgx.Tx) error {
		var published *time.Time
		err := tx.QueryRow(ctx, `INSERT INTO theme_revisions (site_id, name, body, deleted, author_id, published_at, restored_from)
			VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END, NULLIF($7::bigint, 0))
			RETURNING id, created_at, published_at`,
			siteID, r.Name, r.Body, r.Deleted, r.AuthorID, publish, r.RestoredFrom).Scan(&r.ID, &r.CreatedAt, &published)
		if err != nil {
			return err
		}
		r.SiteID = siteID
		if published != nil {
			r.PublishedAt = *published
		}
		if !publish {
			return nil
		}
		return applyThemeRevision(ctx, tx, r)
	}))
}

// applyThemeRevision writes a revision's bytes to the site's override (or removes it).
func applyThemeRevision(ctx context.Context, tx pgx.Tx, r *sitecore.ThemeRevision) error {
	if r.Deleted {
		_, err := tx.Exec(ctx, `DELETE FROM theme_overrides WHERE site_id = $1 AND name = $2`, r.SiteID, r.Name)
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO theme_overrides (site_id, name, body, updated_by) VALUES ($1, $2, $3, $4)
		ON CONFLICT (site_id, name) DO UPDATE SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()`,
		r.SiteID, r.Name, r.Body, r.AuthorID)
	return err
}

// PublishThemeRevision publishes a draft, or rolls back to an older revision.
func (db *DB) PublishThemeRevision(ctx context.Context, siteID, id, by int64) (*sitecore.ThemeRevision, error) {
	var out *sitecore.ThemeRevision
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		r, err := scanThemeRevision(tx.QueryRow(ctx, `SELECT `+themeRevisionColumns+`
			FROM theme_revisions WHERE site_id = $1 AND id = $2 FOR UPDATE`, siteID, id))
		if err != nil {
			return err
		}
		if r.PublishedAt.IsZero() {
			if err := tx.QueryRow(ctx, `UPDATE theme_revisions SET published_at = now() WHERE id = $1 RETURNING published_at`,
				r.ID).Scan(&r.PublishedAt); err != nil {
				return err
			}
		} else {
			from := r.ID
			r.RestoredFrom, r.AuthorID = from, by
			if err := tx.QueryRow(ctx, `INSERT INTO theme_revisions (site_id, name, body, deleted, author_id, published_at, restored_from)
				VALUES ($1, $2, $3, $4, $5, now(), $6) RETURNING id, created_at, published_at`,
				siteID, r.Name, r.Body, r.Deleted, by, from).Scan(&r.ID, &r.CreatedAt, &r.PublishedAt); err != nil {
				return err
			}
		}
		out = r
		return applyThemeRevision(ctx, tx, r)
	})
	return out, wrap("PublishThemeRevision", err)
}

// FindThemeRevision returns one revision of the site.
func (db *DB) FindThemeRevision(ctx context.Context, siteID, id int64) (*sitecore.ThemeRevision, error) {
	r, err := scanThemeRevision(db.Pool.QueryRow(ctx, `SELECT `+themeRevisionColumns+`
		FROM theme_revisions WHERE site_id = $1 AND id = $2`, siteID, id))
	return r, wrap("FindThemeRevision", err)
}

// ThemeRevisions lists the site's revisions, newest first.
func (db *DB) ThemeRevisions(ctx context.Context, siteID int64, name string, limit int) ([]*sitecore.ThemeRevision, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+themeRevisionColumns+` FROM theme_revisions
		WHERE site_id = $1 AND ($2 = '' OR name = $2) ORDER BY id DESC LIMIT $3`, siteID, name, limit)
	if err != nil {
		return nil, wrap("ThemeRevisions", err)
	}
	defer rows.Close()
	out := []*sitecore.ThemeRevision{}
	for rows.Next() {
		r, err := scanThemeRevision(rows)
		if err != nil {
			return nil, wrap("ThemeRevisions", err)
		}
		out = append(out, r)
	}
	return out, wrap("ThemeRevisions", rows.Err())
}
