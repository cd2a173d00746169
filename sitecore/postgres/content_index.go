package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.ContentIndex = (*DB)(nil)

// indexRow is an entry as stored: the columns lists filter and sort on, and the document.
type indexRow struct {
	published   bool
	scheduled   bool
	publishedAt *time.Time
	position    int
	langs       []string
	tags        []string
	doc         []byte
}

// msTime is t as the document store keeps it (milliseconds, UTC), so a document read from
// the index equals the one read from the document store.
func msTime(t time.Time) time.Time { return t.Truncate(time.Millisecond).UTC() }

func langsOf[T any](text, draft map[sitecore.Lang]T) []string {
	out := []string{}
	for l := range text {
		out = append(out, string(l))
	}
	for l := range draft {
		if _, ok := text[l]; !ok {
			out = append(out, string(l))
		}
	}
	slices.Sort(out)
	return out
}

func rowOf(e *sitecore.ContentEntry) (indexRow, error) {
	var r indexRow
	var err error
	switch {
	case e.Page != nil:
		pg := e.Page.Outline()
		pg.UpdatedAt, pg.PublishedAt = msTime(pg.UpdatedAt), msTime(pg.PublishedAt)
		if pg.PublishAt != nil {
			at := msTime(*pg.PublishAt)
			pg.PublishAt = &at
		}
		r = indexRow{published: pg.Published, scheduled: pg.PublishAt != nil, position: pg.Position,
			langs: langsOf(pg.Text, pg.Draft), tags: []string{}}
		r.doc, err = json.Marshal(pg)
	case e.News != nil:
		n := e.News.Outline()
		n.UpdatedAt, n.PublishedAt = msTime(n.UpdatedAt), msTime(n.PublishedAt)
		if n.PublishAt != nil {
			at := msTime(*n.PublishAt)
			n.PublishAt = &at
		}
		at := n.PublishedAt
		r = indexRow{published: n.Published, scheduled: n.PublishAt != nil, publishedAt: &at,
			langs: langsOf(n.Text, n.Draft), tags: append([]string{}, n.Tags...)}
		r.doc, err = json.Marshal(n)
	default:
		r = indexRow{langs: []string{}, tags: []string{}}
	}
	return r, err
}

// putContent writes the entry and removes its write's pending mark ($12, 0: none) in one
// statement.
const putContent = `
	WITH done AS (DELETE FROM content_index_pending WHERE id = $12)
	` + insertEntry + ` WHERE EXISTS (SELECT 1 FROM sites WHERE id = $1)
	` + onConflictEntry

// insertEntry and onConflictEntry write an entry from $1–$11 (site, kind, key, doc_id,
// published, scheduled, published_at, position, langs, tags, doc).
const (
	insertEntry = `INSERT INTO content_index (site_id, kind, key, doc_id, published, scheduled, published_at, position, langs, tags, doc, written_at)
	SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now()`
	onConflictEntry = `ON CONFLICT (site_id, kind, key) DO UPDATE SET doc_id = excluded.doc_id, published = excluded.published,
		scheduled = excluded.scheduled, published_at = excluded.published_at, position = excluded.position,
		langs = excluded.langs, tags = excluded.tags, doc = excluded.doc, written_at = excluded.written_at`
)

// PutContent stores the entry under (site, kind, key).
func (db *DB) PutContent(ctx context.Context, e *sitecore.ContentEntry) error {
	r, err := rowOf(e)
	if err != nil {
		return wrap("PutContent", err)
	}
	_, err = db.Pool.Exec(ctx, putContent, e.SiteID, e.Kind, e.Key, e.DocID, r.published, r.scheduled, r.publishedAt,
		r.position, r.langs, r.tags, r.doc, e.Pending)
	return wrap("PutContent", err)
}

// DeleteContent removes the entry and its write's pending mark.
func (db *DB) DeleteContent(ctx context.Context, siteID int64, kind, key string, pending int64) error {
	_, err := db.Pool.Exec(ctx, `WITH done AS (DELETE FROM content_index_pending WHERE id = $4)
		DELETE FROM content_index WHERE site_id = $1 AND kind = $2 AND key = $3`, siteID, kind, key, pending)
	return wrap("DeleteContent", err)
}

// MarkContentPending records a write about to change the document of (site, kind, key).
func (db *DB) MarkContentPending(ctx context.Context, siteID int64, kind, key string) (int64, error) {
	var id int64
	err := db.Pool.QueryRow(ctx, `INSERT INTO content_index_pending (site_id, kind, key)
		SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM sites WHERE id = $1) RETURNING id`, siteID, kind, key).Scan(&id)
	if err == pgx.ErrNoRows {
		return 0, nil // no such site: the index keeps none of its entries either
	}
	return id, wrap("MarkContentPending", err)
}

// RepairContent settles marks older than grace (see sitecore.ContentIndex). A claim moves a
// mark's since to the claim's time, so another repairer does not take it again before grace
// has passed (SKIP LOCKED keeps two claims apart); the entry is then written only while the
// claimed mark is still there unchanged and the entry was not written since the claim. A mark
// whose read fails stays for a later pass; the first such error is returned once the other
// marks are settled.
func (db *DB) RepairContent(ctx context.Context, grace time.Duration, limit int,
	read func(ctx context.Context, siteID int64, kind, key string) (*sitecore.ContentEntry, error)) (int, error) {
	rows, err := db.Pool.Query(ctx, `
		UPDATE content_index_pending p SET since = now()
		FROM (SELECT id FROM content_index_pending WHERE since < now() - $1::interval
		      ORDER BY since LIMIT $2 FOR UPDATE SKIP LOCKED) c
		WHERE p.id = c.id
		RETURNING p.id, p.site_id, p.kind, p.key, p.since`, grace, limit)
	if err != nil {
		return 0, wrap("RepairContent", err)
	}
	marks, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (pendingMark, error) {
		var m pendingMark
		return m, row.Scan(&m.id, &m.site, &m.kind, &m.key, &m.since)
	})
	if err != nil {
		return 0, wrap("RepairContent", err)
	}
	settled := 0
	var unread error
	for _, m := range marks {
		e, err := read(ctx, m.site, m.kind, m.key)
		if err != nil {
			if ctx.Err() != nil {
				return settled, ctx.Err()
			}
			if unread == nil {
				unread = fmt.Errorf("reading %s %q of site %d: %w", m.kind, m.key, m.site, err)
			}
			continue // left for a later pass
		}
		mine, err := db.settleMark(ctx, m, e, read)
		if err != nil {
			return settled, wrap("RepairContent", err)
		}
		if mine {
			settled++
		}
	}
	return settled, wrap("RepairContent", unread)
}

// CountContentPending returns how many pending marks there are: writes in progress and
// writes whose entry the repair has not put right yet (for the operator's gauge).
func (db *DB) CountContentPending(ctx context.Context) (int, error) {
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM content_index_pending`).Scan(&n)
	return n, wrap("CountContentPending", err)
}

// pendingMark is a claimed row of content_index_pending.
type pendingMark struct {
	id, site  int64
	kind, key string
	since     time.Time
}

// settleMark removes the claimed mark and, with it, writes e as the entry (nil: removes the
// entry), unless the entry was written after the claim. It reports false when the mark was
// no longer there as claimed (another repairer took it over). A document deleted, with its
// entry, after read returned e would get its entry back from that write, for good (its
// deletion's mark is gone): so after writing an entry the document is read again, and when
// it is gone the entry just written goes too, unless it was written over since.
func (db *DB) settleMark(ctx context.Context, m pendingMark, e *sitecore.ContentEntry,
	read func(ctx context.Context, siteID int64, kind, key string) (*sitecore.ContentEntry, error)) (bool, error) {
	mine := false
	if e == nil {
		err := db.Pool.QueryRow(ctx, `
			WITH done AS (DELETE FROM content_index_pending WHERE id = $4 AND since = $5 RETURNING 1),
			gone AS (DELETE FROM content_index WHERE site_id = $1 AND kind = $2 AND key = $3 AND written_at < $5
				AND EXISTS (SELECT 1 FROM done))
			SELECT EXISTS (SELECT 1 FROM done)`, m.site, m.kind, m.key, m.id, m.since).Scan(&mine)
		return mine, err
	}
	r, err := rowOf(e)
	if err != nil {
		return false, err
	}
	var written *time.Time // when this write put the entry; nil: it did not
	err = db.Pool.QueryRow(ctx, `
		WITH done AS (DELETE FROM content_index_pending WHERE id = $12 AND since = $13 RETURNING 1),
		put AS (`+insertEntry+`
			WHERE EXISTS (SELECT 1 FROM done) AND EXISTS (SELECT 1 FROM sites WHERE id = $1)
			`+onConflictEntry+`
			WHERE content_index.written_at < $13
			RETURNING written_at)
		SELECT EXISTS (SELECT 1 FROM done), (SELECT written_at FROM put)`, m.site, m.kind, m.key, e.DocID, r.published,
		r.scheduled, r.publishedAt, r.position, r.langs, r.tags, r.doc, m.id, m.since).Scan(&mine, &written)
	if err != nil || written == nil {
		return mine, err
	}
	now, err := read(ctx, m.site, m.kind, m.key)
	if err != nil || now != nil {
		// A document there now is the one whose write puts its own entry (or leaves its own
		// mark); one that cannot be read is given a new mark, for a later pass.
		if err != nil {
			_, err = db.MarkContentPending(ctx, m.site, m.kind, m.key)
		}
		return mine, err
	}
	_, err = db.Pool.Exec(ctx, `DELETE FROM content_index WHERE site_id = $1 AND kind = $2 AND key = $3 AND written_at = $4`,
		m.site, m.kind, m.key, *written)
	return mine, err
}

// ContentDocID returns the document's _id, or "".
func (db *DB) ContentDocID(ctx context.Context, siteID int64, kind, key string) (string, error) {
	var id string
	err := db.Pool.QueryRow(ctx, `SELECT doc_id FROM content_index WHERE site_id = $1 AND kind = $2 AND key = $3`,
		siteID, kind, key).Scan(&id)
	if err == pgx.ErrNoRows {
		return "", nil
	}
	return id, wrap("ContentDocID", err)
}

// IndexedPages returns the site's pages without bodies in position order.
func (db *DB) IndexedPages(ctx context.Context, siteID int64) ([]*sitecore.Page, error) {
	rows, err := db.Pool.Query(ctx, `SELECT doc FROM content_index WHERE site_id = $1 AND kind = 'page' ORDER BY position, key`, siteID)
	if err != nil {
		return nil, wrap("IndexedPages", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*sitecore.Page, error) {
		var p sitecore.Page
		return &p, row.Scan(&p)
	})
	return out, wrap("IndexedPages", err)
}

// IndexedNews returns a page of the site's news matching f without bodies, newest first.
func (db *DB) IndexedNews(ctx context.Context, siteID int64, f sitecore.NewsFilter, offset, limit int) ([]*sitecore.News, error) {
	q := `SELECT doc FROM content_index WHERE site_id = $1 AND kind = 'news'`
	args := []any{siteID}
	switch f.Status {
	case "draft":
		q += ` AND NOT published`
	case "published":
		q += ` AND published`
	case "scheduled":
		q += ` AND scheduled`
	}
	if f.Lang != "" {
		args = append(args, string(f.Lang))
		q += fmt.Sprintf(` AND $%d = ANY (langs)`, len(args))
	}
	if f.Tag != "" {
		args = append(args, f.Tag)
		q += fmt.Sprintf(` AND $%d = ANY (tags)`, len(args))
	}
	q += ` ORDER BY published_at DESC, key`
	if limit > 0 {
		args = append(args, limit)
		q += fmt.Sprintf(` LIMIT $%d`, len(args))
	}
	args = append(args, max(offset, 0))
	q += fmt.Sprintf(` OFFSET $%d`, len(args))
	rows, err := db.Pool.Query(ctx, q, args...)
	if err != nil {
		return nil, wrap("IndexedNews", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*sitecore.News, error) {
		var n sitecore.News
		return &n, row.Scan(&n)
	})
	if out == nil {
		out = []*sitecore.News{}
	}
	return out, wrap("IndexedNews", err)
}

// ContentDocIDs returns the _ids of the site's documents of kind in list order.
func (db *DB) ContentDocIDs(ctx context.Context, siteID int64, kind string) ([]string, error) {
	rows, err := db.Pool.Query(ctx, `SELECT doc_id FROM content_index WHERE site_id = $1 AND kind = $2
		ORDER BY position, published_at DESC NULLS LAST, key`, siteID, kind)
	if err != nil {
		return nil, wrap("ContentDocIDs", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return ids, wrap("ContentDocIDs", err)
}

// PublishedNewsIDs returns a page of the _ids of the site's published news matching q, and
// how many match. An item has text in q.Lang when its document's text has that language
// (langs also counts drafts); a copy of another school's item has a source.
func (db *DB) PublishedNewsIDs(ctx context.Context, q sitecore.NewsQuery) ([]string, int64, error) {
	where := `site_id = $1 AND kind = 'news' AND published`
	args := []any{q.SiteID}
	if q.Lang != "" {
		args = append(args, string(q.Lang))
		where += fmt.Sprintf(` AND doc -> 'text' ? $%d`, len(args))
	}
	if q.Tag != "" {
		args = append(args, q.Tag)
		where += fmt.Sprintf(` AND $%d = ANY (tags)`, len(args))
	}
	if q.Originals {
		where += ` AND NOT doc ? 'source'`
	}
	if !q.Before.IsZero() {
		args = append(args, q.Before)
		where += fmt.Sprintf(` AND published_at < $%d`, len(args))
	}
	var limit *int // NULL: no limit
	if q.Limit > 0 {
		limit = &q.Limit
	}
	args = append(args, limit, max(q.Offset, 0))
	var ids []string
	var total int64
	err := db.Pool.QueryRow(ctx, fmt.Sprintf(`WITH m AS (SELECT doc_id, published_at, key FROM content_index WHERE %s)
		SELECT (SELECT count(*) FROM m), array(SELECT doc_id FROM m ORDER BY published_at DESC, key LIMIT $%d OFFSET $%d)`,
		where, len(args)-1, len(args)), args...).Scan(&total, &ids)
	return ids, total, wrap("PublishedNewsIDs", err)
}

// ReplaceContentIndex replaces every entry with entries and marks the index built, in one
// transaction.
func (db *DB) ReplaceContentIndex(ctx context.Context, entries []*sitecore.ContentEntry) error {
	return wrap("ReplaceContentIndex", db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE content_index IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM content_index`); err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, e := range entries {
			r, err := rowOf(e)
			if err != nil {
				return err
			}
			b.Queue(putContent, e.SiteID, e.Kind, e.Key, e.DocID, r.published, r.scheduled, r.publishedAt,
				r.position, r.langs, r.tags, r.doc, e.Pending)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO content_index_state (built_at) VALUES (now())
			ON CONFLICT (id) DO UPDATE SET built_at = excluded.built_at`)
		return err
	}))
}

// ContentIndexBuilt tells whether the index was built once.
func (db *DB) ContentIndexBuilt(ctx context.Context) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM content_index_state)`).Scan(&ok)
	return ok, wrap("ContentIndexBuilt", err)
}
