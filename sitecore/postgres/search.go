package postgres

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var (
	_ sitecore.SearchIndexer = (*DB)(nil)
	_ sitecore.Searcher      = (*DB)(nil)
)

// IndexItem replaces every language of the item with docs in one transaction: the old rows
// go, the new ones come in with their HTML reduced to plain text, and their words join the
// typo-correction table. An empty docs only removes the item.
func (db *DB) IndexItem(ctx context.Context, siteID int64, kind, key string, docs []sitecore.SearchDoc) error {
	for _, d := range docs {
		if d.SiteID != siteID || d.Kind != kind || d.Key != key {
			return sitecore.Internal("IndexItem", errMixedDocs)
		}
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM search_docs WHERE site_id = $1 AND kind = $2 AND key = $3`,
			siteID, kind, key); err != nil {
			return err
		}
		for _, d := range docs {
			title, body := cleanText(d.Title), plainText(d.Body)
			published := d.PublishedAt
			if published.IsZero() {
				published = time.Now()
			}
			if _, err := tx.Exec(ctx, `
				INSERT INTO search_docs (site_id, kind, key, lang, title, body, path, published_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
				ON CONFLICT (site_id, kind, key, lang) DO UPDATE SET title = excluded.title,
				  body = excluded.body, path = excluded.path, published_at = excluded.published_at`,
				siteID, kind, key, string(d.Lang), title, body, d.Path, published); err != nil {
				return err
			}
			if words := searchWords(title, body); len(words) > 0 {
				if _, err := tx.Exec(ctx, `
					INSERT INTO search_words (lang, word) SELECT $1, w FROM unnest($2::text[]) AS w
					ORDER BY w ON CONFLICT DO NOTHING`, string(d.Lang), words); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return wrap("IndexItem", err)
}

type mixedDocsError struct{}

func (mixedDocsError) Error() string { return "docs of another item passed to IndexItem" }

var errMixedDocs error = mixedDocsError{}

// Search runs q as full-text search (websearch syntax, the language's configuration,
// ranked by ts_rank_cd with snippets computed only for the page shown). When the words as
// typed match nothing, it retries with each word replaced by the most similar known word,
// and then by trigram similarity to titles.
func (db *DB) Search(ctx context.Context, q sitecore.SearchQuery) (*sitecore.SearchResults, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	res := &sitecore.SearchResults{Page: q.Page, PerPage: q.PerPage, Hits: []sitecore.SearchHit{}}
	if q.Text == "" {
		return res, nil
	}
	hits, total, err := db.fullText(ctx, q, q.Text)
	if err != nil || total > 0 {
		res.Hits, res.Total = hits, total
		return res, wrap("Search", err)
	}
	res.Fuzzy = true
	if corrected, err := db.correct(ctx, q.Lang, q.Text); err != nil {
		return nil, wrap("Search", err)
	} else if corrected != "" {
		if res.Hits, res.Total, err = db.fullText(ctx, q, corrected); err != nil {
			return nil, wrap("Search", err)
		}
		if res.Total > 0 {
			res.Corrected = corrected
			return res, nil
		}
	}
	res.Hits, res.Total, err = db.similarTitles(ctx, q)
	return res, wrap("Search", err)
}

// hitColumns are the columns of a hit after the page of matches (p) is chosen: the site's
// name in the language and its first domain.
const hitColumns = `p.site_id, coalesce(nullif(s.names->>p.lang, ''), s.names->>(s.languages[1]), s.slug) AS site_name,
	coalesce((SELECT host FROM site_domains sd WHERE sd.site_id = p.site_id ORDER BY sd.position LIMIT 1), '') AS host,
	p.kind, p.key, p.lang, d.path, d.published_at, p.total`

// fullText returns a page of full-text matches of text and how many there are. Ranks are
// computed for every match, headlines only for the page.
func (db *DB) fullText(ctx context.Context, q sitecore.SearchQuery, text string) ([]sitecore.SearchHit, int, error) {
	args := []any{string(q.Lang), text, q.PerPage, (q.Page - 1) * q.PerPage}
	site := ""
	if q.SiteID != 0 {
		site = " AND d.site_id = $5"
		args = append(args, q.SiteID)
	}
	rows, err := db.Pool.Query(ctx, `
		WITH q AS (SELECT websearch_to_tsquery(search_config($1), $2) AS q),
		page AS (
			SELECT d.site_id, d.kind, d.key, d.lang, ts_rank_cd(d.tsv, q.q) AS rank, d.published_at,
			       count(*) OVER () AS total
			FROM search_docs d CROSS JOIN q
			WHERE d.lang = $1 AND d.tsv @@ q.q`+site+`
			  AND EXISTS (SELECT 1 FROM sites s WHERE s.id = d.site_id AND s.status = 'active')
			ORDER BY rank DESC, d.published_at DESC, d.site_id, d.key
			LIMIT $3 OFFSET $4)
		SELECT `+hitColumns+`,
		       ts_headline(search_config($1), d.title, q.q, '`+titleOptions+`') AS title,
		       ts_headline(search_config($1), d.body, q.q, '`+snippetOptions+`') AS snippet
		FROM page p
		JOIN search_docs d USING (site_id, kind, key, lang)
		JOIN sites s ON s.id = p.site_id
		CROSS JOIN q
		ORDER BY p.rank DESC, p.published_at DESC, p.site_id, p.key`, args...)
	if err != nil {
		return nil, 0, err
	}
	hits, total, err := collectHits(rows)
	if err == nil && len(hits) == 0 && q.Page > 1 {
		// Past the last page: say how many there are, so the caller does not fall back.
		err = db.Pool.QueryRow(ctx, `
			SELECT count(*) FROM search_docs d
			WHERE d.lang = $1 AND d.tsv @@ websearch_to_tsquery(search_config($1), $2)`+strings.Replace(site, "$5", "$3", 1)+`
			  AND EXISTS (SELECT 1 FROM sites s WHERE s.id = d.site_id AND s.status = 'active')`,
			append(args[:2:2], args[4:]...)...).Scan(&total)
	}
	return hits, total, err
}

// similarTitles is the last resort for a mistyped query: titles that contain something
// similar to it (pg_trgm word_similarity), best first, with the start of the body as
// snippet.
func (db *DB) similarTitles(ctx context.Context, q sitecore.SearchQuery) ([]sitecore.SearchHit, int, error) {
	text := strings.ToLower(q.Text)
	args := []any{string(q.Lang), text, q.PerPage, (q.Page - 1) * q.PerPage}
	site := ""
	if q.SiteID != 0 {
		site = " AND d.site_id = $5"
		args = append(args, q.SiteID)
	}
	rows, err := db.Pool.Query(ctx, `
		WITH page AS (
			SELECT d.site_id, d.kind, d.key, d.lang, word_similarity($2, d.title) AS rank, d.published_at,
			       count(*) OVER () AS total
			FROM search_docs d
			WHERE d.lang = $1 AND $2 <% d.title`+site+`
			  AND EXISTS (SELECT 1 FROM sites s WHERE s.id = d.site_id AND s.status = 'active')
			ORDER BY rank DESC, d.published_at DESC, d.site_id, d.key
			LIMIT $3 OFFSET $4)
		SELECT `+hitColumns+`, d.title, left(d.body, 400) AS snippet
		FROM page p
		JOIN search_docs d USING (site_id, kind, key, lang)
		JOIN sites s ON s.id = p.site_id
		ORDER BY p.rank DESC, p.published_at DESC, p.site_id, p.key`, args...)
	if err != nil {
		return nil, 0, err
	}
	hits, total, err := collectHits(rows)
	for i := range hits {
		hits[i].Snippet = shorten(hits[i].Snippet, 200)
	}
	return hits, total, err
}

// correct replaces each word of text with the most similar word indexed in lang (itself
// when it is known), and returns the corrected text, or "" when nothing changed or no word
// is close enough.
func (db *DB) correct(ctx context.Context, lang sitecore.Lang, text string) (string, error) {
	words := strings.FieldsFunc(strings.ToLower(text), notWordRune)
	var asked []string
	for _, w := range words {
		if n := utf8.RuneCountInString(w); n >= 3 && n <= maxWordLen {
			asked = append(asked, w)
		}
	}
	if len(asked) == 0 {
		return "", nil
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT coalesce((SELECT sw.word FROM search_words sw
		                 WHERE sw.lang = $1 AND sw.word % t.w AND similarity(sw.word, t.w) >= 0.4
		                 ORDER BY similarity(sw.word, t.w) DESC, sw.word LIMIT 1), '')
		FROM unnest($2::text[]) WITH ORDINALITY AS t(w, i) ORDER BY t.i`, string(lang), asked)
	if err != nil {
		return "", err
	}
	fixed, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	var out []string
	for _, w := range fixed {
		if w != "" {
			out = append(out, w)
		}
	}
	corrected := strings.Join(out, " ")
	if corrected == strings.Join(asked, " ") {
		return "", nil
	}
	return corrected, nil
}

// collectHits scans hit rows, making the title and snippet safe HTML.
func collectHits(rows pgx.Rows) ([]sitecore.SearchHit, int, error) {
	hits := []sitecore.SearchHit{}
	total := 0
	for rows.Next() {
		var h sitecore.SearchHit
		var lang string
		var n int64
		if err := rows.Scan(&h.SiteID, &h.SiteName, &h.Host, &h.Kind, &h.Key, &lang, &h.Path, &h.PublishedAt,
			&n, &h.Title, &h.Snippet); err != nil {
			rows.Close()
			return nil, 0, err
		}
		h.Lang, total = sitecore.Lang(lang), int(n)
		h.Title, h.Snippet = markHighlights(h.Title), markHighlights(h.Snippet)
		hits = append(hits, h)
	}
	return hits, total, rows.Err()
}

// shorten cuts s to about n runes at a space, marking the cut. s is escaped HTML without
// markup, so cutting cannot split a tag; an entity at the end is not split either.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	if i := strings.LastIndexByte(cut, '&'); i >= 0 && !strings.Contains(cut[i:], ";") {
		cut = cut[:i]
	}
	return cut + " …"
}
