package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.MediaStore = (*DB)(nil)

// mediaRow is a row of the media table, scanned by column name.
type mediaRow struct {
	ID          string
	SiteID      int64
	Name        string
	ContentType string
	Kind        string
	Size        int64
	Width       int
	Height      int
	FileID      string
	ThumbFileID string
	ThumbSize   int64
	ThumbType   string
	CreatedBy   int64
	CreatedAt   time.Time
	Alt         map[sitecore.Lang]string
}

const mediaCols = `id, site_id, name, content_type, kind, size, width, height, file_id, thumb_file_id,
	thumb_size, thumb_type, created_by, created_at, alt`

func (r mediaRow) item() *sitecore.MediaItem {
	m := &sitecore.MediaItem{ID: r.ID, SiteID: r.SiteID, Name: r.Name, ContentType: r.ContentType,
		Kind: sitecore.MediaKind(r.Kind), Size: r.Size, Width: r.Width, Height: r.Height, FileID: r.FileID,
		ThumbFileID: r.ThumbFileID, ThumbSize: r.ThumbSize, ThumbType: r.ThumbType, CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt, Alt: r.Alt}
	m.FillURLs()
	return m
}

// AddMedia records a media item.
func (db *DB) AddMedia(ctx context.Context, m *sitecore.MediaItem) error {
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO media (id, site_id, name, content_type, kind, size, width, height, file_id,
		                   thumb_file_id, thumb_size, thumb_type, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING created_at`,
		m.ID, m.SiteID, m.Name, m.ContentType, m.Kind, m.Size, m.Width, m.Height, m.FileID,
		m.ThumbFileID, m.ThumbSize, m.ThumbType, m.CreatedBy).Scan(&m.CreatedAt)
	m.FillURLs()
	return wrap("AddMedia", err)
}

// FindMedia returns the site's media item or ENotFound.
func (db *DB) FindMedia(ctx context.Context, siteID int64, id string) (*sitecore.MediaItem, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = $1 AND id = $2`, siteID, id)
	if err != nil {
		return nil, wrap("FindMedia", err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[mediaRow])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("media")
	}
	if err != nil {
		return nil, wrap("FindMedia", err)
	}
	return r.item(), nil
}

// ListMedia returns a page of the site's media, newest first, and the number that match.
func (db *DB) ListMedia(ctx context.Context, siteID int64, f sitecore.MediaFilter) ([]*sitecore.MediaItem, int, error) {
	var total int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM media WHERE site_id = $1 AND ($2 = '' OR kind = $2)`,
		siteID, string(f.Kind)).Scan(&total); err != nil {
		return nil, 0, wrap("ListMedia", err)
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+mediaCols+` FROM media
		WHERE site_id = $1 AND ($2 = '' OR kind = $2)
		ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, siteID, string(f.Kind), f.Limit, f.Offset)
	if err != nil {
		return nil, 0, wrap("ListMedia", err)
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByName[mediaRow])
	if err != nil {
		return nil, 0, wrap("ListMedia", err)
	}
	out := make([]*sitecore.MediaItem, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.item())
	}
	return out, total, nil
}

// SetMediaAlt stores the item's alternative texts; another site's item is ENotFound.
func (db *DB) SetMediaAlt(ctx context.Context, siteID int64, id string, alt map[sitecore.Lang]string) error {
	if alt == nil {
		alt = map[sitecore.Lang]string{}
	}
	tag, err := db.Pool.Exec(ctx, `UPDATE media SET alt = $3 WHERE site_id = $1 AND id = $2`, siteID, id, alt)
	if err == nil && tag.RowsAffected() == 0 {
		return sitecore.NotFound("media")
	}
	return wrap("SetMediaAlt", err)
}

// DeleteMedia removes the record. A file still used as the logo or in a gallery is
// EConflict: the foreign keys refuse it.
func (db *DB) DeleteMedia(ctx context.Context, siteID int64, id string) error {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM media WHERE site_id = $1 AND id = $2`, siteID, id)
	if isForeignKeyViolation(err) {
		return sitecore.Conflictf("id", "media.in_use")
	}
	if err == nil && tag.RowsAffected() == 0 {
		return sitecore.NotFound("media")
	}
	return wrap("DeleteMedia", err)
}

// SetLogo sets (or with "" clears) the site's logo and announces the change to every
// server's site cache. The media must be the site's (the foreign key checks it).
func (db *DB) SetLogo(ctx context.Context, siteID int64, mediaID string) (string, error) {
	var prev *string
	var newID *string
	if mediaID != "" {
		newID = &mediaID
	}
	err := db.Pool.QueryRow(ctx, `
		WITH u AS (
			UPDATE sites s SET logo_media_id = $2, updated_at = now()
			FROM (SELECT id, logo_media_id FROM sites WHERE id = $1 FOR UPDATE) old
			WHERE s.id = old.id
			RETURNING s.id, old.logo_media_id AS prev)
		SELECT u.prev FROM u, LATERAL (SELECT pg_notify('`+siteChannel+`', u.id::text)) n`,
		siteID, newID).Scan(&prev)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", sitecore.NotFound("site")
	}
	if isForeignKeyViolation(err) {
		return "", sitecore.NotFound("media")
	}
	if err != nil {
		return "", wrap("SetLogo", err)
	}
	if prev == nil {
		return "", nil
	}
	return *prev, nil
}

func isForeignKeyViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// SupersededDocuments returns the application's documents of a kind that were never
// reviewed: a new upload of the kind replaces them.
func (db *DB) SupersededDocuments(ctx context.Context, appID int64, kind string) ([]sitecore.AppDocument, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT id, application_id, kind, file_id, content_type, size, status, remark, created_at
		FROM application_documents WHERE application_id = $1 AND kind = $2 AND status = 'submitted'`, appID, kind)
	if err != nil {
		return nil, wrap("SupersededDocuments", err)
	}
	ds, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.AppDocument])
	return ds, wrap("SupersededDocuments", err)
}

// DeleteDocument removes an unreviewed document record; it reports whether it did (a
// document reviewed meanwhile stays).
func (db *DB) DeleteDocument(ctx context.Context, appID, docID int64) (bool, error) {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM application_documents
		WHERE application_id = $1 AND id = $2 AND status = 'submitted'`, appID, docID)
	if err != nil {
		return false, wrap("DeleteDocument", err)
	}
	return tag.RowsAffected() == 1, nil
}
