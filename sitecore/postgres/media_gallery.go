package postgres

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.GalleryStore = (*DB)(nil)

// albumRow is a row of the album queries, scanned by column name.
type albumRow struct {
	ID          int64
	SiteID      int64
	Slug        string
	Title       map[sitecore.Lang]string
	Description map[sitecore.Lang]string
	Position    int
	Published   bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ItemCount   int
	CoverID     *string
}

const albumCols = `a.id, a.site_id, a.slug, a.title, a.description, a.position, a.published, a.created_at, a.updated_at,
	(SELECT count(*) FROM gallery_items i WHERE i.album_id = a.id)::int AS item_count,
	(SELECT i.media_id FROM gallery_items i WHERE i.album_id = a.id AND i.kind = 'photo'
	  ORDER BY i.position, i.id LIMIT 1) AS cover_id`

// CreateAlbum stores an album after the site's others.
func (db *DB) CreateAlbum(ctx context.Context, a *sitecore.Album) error {
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO gallery_albums (site_id, slug, title, description, position, published)
		VALUES ($1, $2, $3, $4, (SELECT coalesce(max(position) + 1, 0) FROM gallery_albums WHERE site_id = $1), false)
		RETURNING id, position, created_at, updated_at`,
		a.SiteID, a.Slug, a.Title, a.Description).Scan(&a.ID, &a.Position, &a.CreatedAt, &a.UpdatedAt)
	if _, ok := uniqueViolation(err); ok {
		return sitecore.Conflictf("slug", "album.slug_taken", "value", a.Slug)
	}
	if isForeignKeyViolation(err) {
		return sitecore.NotFound("site")
	}
	return wrap("CreateAlbum", err)
}

// UpdateAlbum changes an album's slug, texts and position.
func (db *DB) UpdateAlbum(ctx context.Context, a *sitecore.Album) error {
	err := db.Pool.QueryRow(ctx, `
		UPDATE gallery_albums SET slug = $3, title = $4, description = $5, position = $6, updated_at = now()
		WHERE site_id = $1 AND id = $2 RETURNING updated_at`,
		a.SiteID, a.ID, a.Slug, a.Title, a.Description, a.Position).Scan(&a.UpdatedAt)
	if _, ok := uniqueViolation(err); ok {
		return sitecore.Conflictf("slug", "album.slug_taken", "value", a.Slug)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return sitecore.NotFound("album")
	}
	return wrap("UpdateAlbum", err)
}

// SetAlbumPublished publishes or hides an album.
func (db *DB) SetAlbumPublished(ctx context.Context, siteID, id int64, published bool) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE gallery_albums SET published = $3, updated_at = now()
		WHERE site_id = $1 AND id = $2`, siteID, id, published)
	if err == nil && tag.RowsAffected() == 0 {
		return sitecore.NotFound("album")
	}
	return wrap("SetAlbumPublished", err)
}

// DeleteAlbum removes an album and its items.
func (db *DB) DeleteAlbum(ctx context.Context, siteID, id int64) error {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM gallery_albums WHERE site_id = $1 AND id = $2`, siteID, id)
	if err == nil && tag.RowsAffected() == 0 {
		return sitecore.NotFound("album")
	}
	return wrap("DeleteAlbum", err)
}

// FindAlbum returns an album with its items.
func (db *DB) FindAlbum(ctx context.Context, siteID, id int64) (*sitecore.Album, error) {
	a, err := db.findAlbum(ctx, "a.site_id = $1 AND a.id = $2", siteID, id)
	return a, wrap("FindAlbum", err)
}

// FindAlbumBySlug returns an album with its items.
func (db *DB) FindAlbumBySlug(ctx context.Context, siteID int64, slug string) (*sitecore.Album, error) {
	a, err := db.findAlbum(ctx, "a.site_id = $1 AND a.slug = $2", siteID, slug)
	return a, wrap("FindAlbumBySlug", err)
}

func (db *DB) findAlbum(ctx context.Context, where string, args ...any) (*sitecore.Album, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+albumCols+` FROM gallery_albums a WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[albumRow])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("album")
	}
	if err != nil {
		return nil, err
	}
	albums, err := db.albums(ctx, []albumRow{r})
	if err != nil {
		return nil, err
	}
	a := albums[0]
	if a.Items, err = db.albumItems(ctx, a.SiteID, a.ID); err != nil {
		return nil, err
	}
	return a, nil
}

// ListAlbums returns the site's albums in order, with their covers but not their items.
func (db *DB) ListAlbums(ctx context.Context, siteID int64, publishedOnly bool) ([]*sitecore.Album, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+albumCols+` FROM gallery_albums a
		WHERE a.site_id = $1 AND (a.published OR NOT $2) ORDER BY a.position, a.id`, siteID, publishedOnly)
	if err != nil {
		return nil, wrap("ListAlbums", err)
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByName[albumRow])
	if err != nil {
		return nil, wrap("ListAlbums", err)
	}
	out, err := db.albums(ctx, rs)
	return out, wrap("ListAlbums", err)
}

// albums turns rows into albums, loading their covers in one query.
func (db *DB) albums(ctx context.Context, rs []albumRow) ([]*sitecore.Album, error) {
	out := make([]*sitecore.Album, 0, len(rs))
	var coverIDs []string
	for _, r := range rs {
		out = append(out, &sitecore.Album{ID: r.ID, SiteID: r.SiteID, Slug: r.Slug, Title: r.Title,
			Description: r.Description, Position: r.Position, Published: r.Published, ItemCount: r.ItemCount,
			CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt})
		if r.CoverID != nil {
			coverIDs = append(coverIDs, *r.CoverID)
		}
	}
	if len(coverIDs) == 0 {
		return out, nil
	}
	media, err := db.mediaByID(ctx, rs[0].SiteID, coverIDs)
	if err != nil {
		return nil, err
	}
	for i, r := range rs {
		if r.CoverID != nil {
			out[i].Cover = media[*r.CoverID]
		}
	}
	return out, nil
}

// mediaByID loads the site's media items with the IDs.
func (db *DB) mediaByID(ctx context.Context, siteID int64, ids []string) (map[string]*sitecore.MediaItem, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+mediaCols+` FROM media WHERE site_id = $1 AND id = ANY($2)`, siteID, ids)
	if err != nil {
		return nil, err
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByName[mediaRow])
	if err != nil {
		return nil, err
	}
	out := make(map[string]*sitecore.MediaItem, len(rs))
	for _, r := range rs {
		out[r.ID] = r.item()
	}
	return out, nil
}

// itemRow is a row of gallery_items.
type itemRow struct {
	ID       int64
	AlbumID  int64
	Kind     string
	MediaID  *string
	Provider string
	VideoID  string
	VideoKey string
	Caption  map[sitecore.Lang]string
	Position int
}

// albumItems returns an album's items in order with their media.
func (db *DB) albumItems(ctx context.Context, siteID, albumID int64) ([]sitecore.AlbumItem, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, album_id, kind, media_id, provider, video_id, video_key, caption, position
		FROM gallery_items WHERE site_id = $1 AND album_id = $2 ORDER BY position, id`, siteID, albumID)
	if err != nil {
		return nil, err
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByName[itemRow])
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range rs {
		if r.MediaID != nil {
			ids = append(ids, *r.MediaID)
		}
	}
	media := map[string]*sitecore.MediaItem{}
	if len(ids) > 0 {
		if media, err = db.mediaByID(ctx, siteID, ids); err != nil {
			return nil, err
		}
	}
	out := make([]sitecore.AlbumItem, 0, len(rs))
	for _, r := range rs {
		it := sitecore.AlbumItem{ID: r.ID, AlbumID: r.AlbumID, Kind: sitecore.AlbumItemKind(r.Kind), Provider: r.Provider,
			VideoID: r.VideoID, VideoKey: r.VideoKey, Caption: r.Caption, Position: r.Position}
		if r.MediaID != nil {
			it.MediaID, it.Media = *r.MediaID, media[*r.MediaID]
		}
		if it.Kind == sitecore.ItemEmbed {
			it.EmbedURL = sitecore.EmbedURL(it.Provider, it.VideoID, it.VideoKey)
		}
		out = append(out, it)
	}
	return out, nil
}

// AddAlbumItem appends an item to the album. Media of another site, or none, is ENotFound.
func (db *DB) AddAlbumItem(ctx context.Context, siteID int64, it *sitecore.AlbumItem) error {
	var mediaID *string
	if it.MediaID != "" {
		mediaID = &it.MediaID
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		// Lock the album, so concurrent appends get distinct positions.
		if err := tx.QueryRow(ctx, `SELECT id FROM gallery_albums WHERE site_id = $1 AND id = $2 FOR UPDATE`,
			siteID, it.AlbumID).Scan(new(int64)); errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("album")
		} else if err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO gallery_items (site_id, album_id, kind, media_id, provider, video_id, video_key, caption, position)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
			        (SELECT coalesce(max(position) + 1, 0) FROM gallery_items WHERE album_id = $2))
			RETURNING id, position`,
			siteID, it.AlbumID, it.Kind, mediaID, it.Provider, it.VideoID, it.VideoKey, it.Caption).Scan(&it.ID, &it.Position)
		if isForeignKeyViolation(err) {
			return sitecore.NotFound("media")
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE gallery_albums SET updated_at = now() WHERE id = $1`, it.AlbumID)
		return err
	})
	return wrap("AddAlbumItem", err)
}

// UpdateAlbumItem changes an item's caption.
func (db *DB) UpdateAlbumItem(ctx context.Context, siteID int64, it *sitecore.AlbumItem) error {
	tag, err := db.Pool.Exec(ctx, `
		WITH u AS (UPDATE gallery_items SET caption = $4 WHERE site_id = $1 AND album_id = $2 AND id = $3 RETURNING album_id)
		UPDATE gallery_albums SET updated_at = now() WHERE id IN (SELECT album_id FROM u)`,
		siteID, it.AlbumID, it.ID, it.Caption)
	if err == nil && tag.RowsAffected() == 0 {
		return sitecore.NotFound("album_item")
	}
	return wrap("UpdateAlbumItem", err)
}

// DeleteAlbumItem removes an item.
func (db *DB) DeleteAlbumItem(ctx context.Context, siteID, albumID, itemID int64) error {
	tag, err := db.Pool.Exec(ctx, `
		WITH d AS (DELETE FROM gallery_items WHERE site_id = $1 AND album_id = $2 AND id = $3 RETURNING album_id)
		UPDATE gallery_albums SET updated_at = now() WHERE id IN (SELECT album_id FROM d)`, siteID, albumID, itemID)
	if err == nil && tag.RowsAffected() == 0 {
		return sitecore.NotFound("album_item")
	}
	return wrap("DeleteAlbumItem", err)
}

// ReorderAlbumItems sets the items' positions to their order in ids, which must list every
// item of the album once.
func (db *DB) ReorderAlbumItems(ctx context.Context, siteID, albumID int64, ids []int64) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT id FROM gallery_albums WHERE site_id = $1 AND id = $2 FOR UPDATE`,
			siteID, albumID).Scan(new(int64)); errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("album")
		} else if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id FROM gallery_items WHERE album_id = $1`, albumID)
		if err != nil {
			return err
		}
		have, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		want := slices.Clone(ids)
		slices.Sort(have)
		slices.Sort(want)
		if !slices.Equal(have, want) {
			return sitecore.Invalid("ids", "album.order")
		}
		if _, err := tx.Exec(ctx, `UPDATE gallery_items i SET position = o.pos - 1
			FROM unnest($2::bigint[]) WITH ORDINALITY AS o(id, pos) WHERE i.album_id = $1 AND i.id = o.id`,
			albumID, ids); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE gallery_albums SET updated_at = now() WHERE id = $1`, albumID)
		return err
	})
	return wrap("ReorderAlbumItems", err)
}
