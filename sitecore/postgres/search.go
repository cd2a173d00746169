package postgres

import (
	"context"
	"strconv"
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

// searchCandidates is how many matches a query ranks: its newest ones. A query matching
// more (one common word over every school) ranks the newest searchCandidates and reports
// More, which keeps its cost flat however broad it is; narrower queries are ranked exactly.
// It equals MaxSearchPage × SearchPerPage, so every reachable page is ranked.
const searchCandidates = sitecore.MaxSearchPage * sitecore.SearchPerPage

// Search runs q as full-text search (websearch syntax, the language's configuration,
// ranked by ts_rank_cd, snippets computed only for the page shown). When the words as
// typed match nothing (known without running the search when one of them is in no
// document: unknownWord), it retries with each word replaced by the most similar known word,
// and then by trigram similarity to titles.
func (db *DB) Search(ctx context.Context, q sitecore.SearchQuery) (*sitecore.SearchResults, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	res := &sitecore.SearchResults{Page: q.Page, PerPage: q.PerPage, Hits: []sitecore.SearchHit{}}
	if q.Text == "" {
		return res, nil
	}
	err := db.searchTx(ctx, func(tx pgx.Tx) error {
		unknown, err := unknownWord(ctx, tx, q.Lang, q.Text)
		if err != nil {
			return err
		}
		if !unknown {
			if err = fullText(ctx, tx, q, q.Text, res); err != nil || res.Total > 0 {
				return err
			}
		}
		res.Fuzzy = true
		corrected, err := correct(ctx, tx, q.Lang, q.Text)
		if err != nil {
			return err
		}
		if corrected != "" {
			if err = fullText(ctx, tx, q, corrected, res); err != nil || res.Total > 0 {
				res.Corrected = corrected
				return err
			}
		}
		return similarTitles(ctx, tx, q, res)
	})
	return res, wrap("Search", err)
}

// tsqueryLexeme matches one quoted lexeme in the text form of a tsquery (quoted, a quote inside
// doubled); casting it back to tsquery gives that lexeme alone.
const tsqueryLexeme = `'(?:[^']|'')*'`

// unknownWord reports whether text, as a full-text query in lang, certainly matches
// nothing because every match would need a lexeme that no document has: its query has no
// OR and no NOT (all its lexemes are required, phrases included) and one of them is not in
// the GIN index at all. A mistyped word then goes straight to its correction, without
// sizing a window and running the search as typed. Each lexeme is one EXISTS on the index,
// which stops at the first document; whenever the answer is not certain (OR, NOT, a
// lexeme present in some document of any language or site) it reports false and Search
// runs the query as typed, as before.
func unknownWord(ctx context.Context, tx pgx.Tx, lang sitecore.Lang, text string) (bool, error) {
	var unknown bool
	err := tx.QueryRow(ctx, `
		WITH q AS (SELECT websearch_to_tsquery(search_config($1), $2)::text AS q)
		SELECT coalesce(bool_or(NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.tsv @@ l.lexeme::tsquery)), false)
		FROM q, LATERAL regexp_matches(q.q, $3, 'g') AS m(a), LATERAL (SELECT m.a[1] AS lexeme) l
		WHERE regexp_replace(q.q, $3, '', 'g') !~ '[|!]'`,
		string(lang), text, "("+tsqueryLexeme+")").Scan(&unknown)
	return unknown, err
}

// searchTx runs fn in a read-only transaction tuned for search: custom plans always (the
// planner must see the query's words to choose between the GIN index and walking the
// newest documents), no JIT (compiling costs more than these queries run), and random
// reads priced as on SSDs, so a site's few rows are read by its own index rather than
// intersected with a large GIN bitmap.
func (db *DB) searchTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.Pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	if _, err := tx.Exec(ctx, `SELECT set_config('jit', 'off', true),
		set_config('plan_cache_mode', 'force_custom_plan', true), set_config('random_page_cost', '1.1', true)`); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// hitColumns are the columns of a hit after the page of matches (p) is chosen: the site's
// name in the language and its first domain.
const hitColumns = `p.site_id, coalesce(nullif(s.names->>p.lang, ''), s.names->>(s.languages[1]), s.slug) AS site_name,
	coalesce((SELECT host FROM site_domains sd WHERE sd.site_id = p.site_id ORDER BY sd.position LIMIT 1), '') AS host,
	p.kind, p.key, p.lang, d.path, d.published_at, p.total`

// activeSite is the condition that keeps the documents of sites that are not active out
// of every search: those sites are few, read once per statement (sites_not_active) and
// hashed, rather than looked up for every candidate.
const activeSite = `d.site_id NOT IN (SELECT id FROM sites WHERE status <> 'active')`

// candidates selects the newest searchCandidates+1 full-text matches of $2 in language $1
// of active sites with their rank, computed as each match is read so that its tsvector is
// not carried through the sort: of the one site in the parameter siteParam unless it is "",
// and published since the parameter sinceParam unless it is "". With walk, the match is
// written as a function call, which no index serves: the newest documents are then read
// one by one until enough match, the cheap way for a word in a good share of them (the GIN
// index would first list every document that has it).
func candidates(siteParam, sinceParam string, walk bool) string {
	where := ""
	if siteParam != "" {
		where += " AND d.site_id = " + siteParam
	}
	if sinceParam != "" {
		where += " AND d.published_at >= " + sinceParam
	}
	match := "d.tsv @@ websearch_to_tsquery(search_config($1), $2)"
	if walk {
		match = "ts_match_vq(d.tsv, websearch_to_tsquery(search_config($1), $2))"
	}
	return `SELECT d.site_id, d.kind, d.key, d.lang, d.published_at,
		       ts_rank_cd(d.tsv, websearch_to_tsquery(search_config($1), $2)) AS rank
		FROM search_docs d
		WHERE d.lang = $1 AND ` + match + where + `
		  AND ` + activeSite + `
		ORDER BY d.published_at DESC
		LIMIT ` + strconv.Itoa(searchCandidates+1)
}

// searchWindow is the span of a language's newest documents that a search over every
// school reads: its newest searchCandidates matches are found among the documents
// published since since instead of among all of them. A common word thus reads a few
// hundred of the newest documents, a rarer one the thousand or so around its newest
// matches, and a rare one just its matches.
type searchWindow struct {
	newest, oldest time.Time
	since          time.Time // zero: the whole index
	walk           bool      // read the newest documents one by one (see candidates)
}

// windowMargin is how many more matches than it needs a window is sized to hold, so that
// a word spread unevenly over time rarely makes it widen.
const windowMargin = 1.5

// windowShare is the longest window, as a share of the language's span: a longer one would
// save little reading and often have to widen.
const windowShare = 0.67

// walkShare is the share of all documents from which a word is common enough to be found
// by reading the newest documents one by one (at most searchCandidates/walkShare of them)
// rather than through the GIN index.
const walkShare = 0.1

// newWindow sizes the window of a search for text in lang from the planner's estimate of
// its matches (search_estimate) and the span of the language's documents, taking the
// matches as spread evenly over that span. It is one statement that reads no document.
func newWindow(ctx context.Context, tx pgx.Tx, lang sitecore.Lang, text string) (*searchWindow, error) {
	var newest, oldest *time.Time
	var estimate, docs float64
	if err := tx.QueryRow(ctx, `SELECT (SELECT max(published_at) FROM search_docs WHERE lang = $1),
		(SELECT min(published_at) FROM search_docs WHERE lang = $1), search_estimate($1, $2),
		(SELECT reltuples FROM pg_class WHERE oid = 'search_docs'::regclass)`,
		string(lang), text).Scan(&newest, &oldest, &estimate, &docs); err != nil || newest == nil || oldest == nil {
		return &searchWindow{}, err
	}
	w := &searchWindow{newest: *newest, oldest: *oldest}
	if need := windowMargin * (searchCandidates + 1); need < windowShare*estimate {
		span := time.Duration(float64(w.newest.Sub(w.oldest)) * need / estimate)
		w.since = w.newest.Add(-max(span, time.Minute))
		w.walk = docs > 0 && estimate >= walkShare*docs
	}
	return w, nil
}

// widen makes the window four times as long; it reports false when the window already was
// the whole index.
func (w *searchWindow) widen() bool {
	if w.since.IsZero() {
		return false
	}
	w.since = w.newest.Add(4 * w.since.Sub(w.newest))
	if !w.since.After(w.oldest) {
		w.since, w.walk = time.Time{}, false
	}
	return true
}

// fullText fills res with a page of full-text matches of text and how many there are.
func fullText(ctx context.Context, tx pgx.Tx, q sitecore.SearchQuery, text string, res *sitecore.SearchResults) error {
	args := []any{string(q.Lang), text, q.PerPage, (q.Page - 1) * q.PerPage}
	win := &searchWindow{}
	if q.SiteID != 0 {
		args = append(args, q.SiteID)
	} else {
		var err error
		if win, err = newWindow(ctx, tx, q.Lang, text); err != nil {
			return err
		}
	}
	for {
		siteParam, sinceParam, pageArgs := "", "", args
		switch {
		case q.SiteID != 0:
			siteParam = "$5"
		case !win.since.IsZero():
			sinceParam, pageArgs = "$5", append(args[:4:4], win.since)
		}
		total, err := fullTextPage(ctx, tx, q, siteParam, sinceParam, win.walk, pageArgs, res)
		if err != nil {
			return err
		}
		// A window holding fewer matches than are ranked has left out older ones that
		// belong among the newest searchCandidates: read a longer one.
		if total > searchCandidates || !win.widen() {
			res.Total, res.More = min(total, searchCandidates), total > searchCandidates
			return nil
		}
	}
}

// fullTextPage runs the search for one page among the candidates that
// candidates(siteParam, sinceParam, walk) selects, fills res.Hits, and returns how many
// candidates there are (at most searchCandidates+1).
func fullTextPage(ctx context.Context, tx pgx.Tx, q sitecore.SearchQuery, siteParam, sinceParam string, walk bool,
	args []any, res *sitecore.SearchResults) (int, error) {
	rows, err := tx.Query(ctx, `
		WITH page AS (
			SELECT c.site_id, c.kind, c.key, c.lang, c.published_at, c.rank, count(*) OVER () AS total
			FROM (`+candidates(siteParam, sinceParam, walk)+`) c
			ORDER BY rank DESC, c.published_at DESC, c.site_id, c.key
			LIMIT $3 OFFSET $4)
		SELECT `+hitColumns+`,
		       ts_headline(search_config($1), d.title, websearch_to_tsquery(search_config($1), $2), '`+titleOptions+`') AS title,
		       ts_headline(search_config($1), d.body, websearch_to_tsquery(search_config($1), $2), '`+snippetOptions+`') AS snippet
		FROM page p
		JOIN search_docs d USING (site_id, kind, key, lang)
		JOIN sites s ON s.id = p.site_id
		ORDER BY p.rank DESC, p.published_at DESC, p.site_id, p.key`, args...)
	if err != nil {
		return 0, err
	}
	total := 0
	if res.Hits, total, err = collectHits(rows); err != nil {
		return 0, err
	}
	if len(res.Hits) == 0 && q.Page > 1 {
		// Past the last page: say how many there are, so the caller does not fall back.
		countArgs, countSite, countSince := args[:2:2], "", ""
		if siteParam != "" || sinceParam != "" {
			countArgs = append(countArgs, args[4])
			if siteParam != "" {
				countSite = "$3"
			} else {
				countSince = "$3"
			}
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM (`+candidates(countSite, countSince, walk)+`) c`, countArgs...).Scan(&total); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// similarTitles is the last resort for a mistyped query: titles that contain something
// similar to it (pg_trgm word_similarity), best first, with the start of the body as
// snippet.
func similarTitles(ctx context.Context, tx pgx.Tx, q sitecore.SearchQuery, res *sitecore.SearchResults) error {
	text := strings.ToLower(q.Text)
	args := []any{string(q.Lang), text, q.PerPage, (q.Page - 1) * q.PerPage}
	site := ""
	if q.SiteID != 0 {
		site = " AND d.site_id = $5"
		args = append(args, q.SiteID)
	}
	rows, err := tx.Query(ctx, `
		WITH page AS (
			SELECT d.site_id, d.kind, d.key, d.lang, word_similarity($2, d.title) AS rank, d.published_at,
			       count(*) OVER () AS total
			FROM search_docs d
			WHERE d.lang = $1 AND $2 <% d.title`+site+` AND `+activeSite+`
			ORDER BY rank DESC, d.published_at DESC, d.site_id, d.key
			LIMIT $3 OFFSET $4)
		SELECT `+hitColumns+`, d.title, left(d.body, 400) AS snippet
		FROM page p
		JOIN search_docs d USING (site_id, kind, key, lang)
		JOIN sites s ON s.id = p.site_id
		ORDER BY p.rank DESC, p.published_at DESC, p.site_id, p.key`, args...)
	if err != nil {
		return err
	}
	if res.Hits, res.Total, err = collectHits(rows); err != nil {
		return err
	}
	for i := range res.Hits {
		res.Hits[i].Snippet = shorten(res.Hits[i].Snippet, 200)
	}
	return nil
}

// correct replaces each word of text with the most similar word indexed in lang (itself
// when it is known), and returns the corrected text, or "" when nothing changed or no word
// is close enough.
func correct(ctx context.Context, tx pgx.Tx, lang sitecore.Lang, text string) (string, error) {
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
	rows, err := tx.Query(ctx, `
		SELECT coalesce(x.word, '')
		FROM unnest($2::text[]) WITH ORDINALITY AS t(w, i)
		LEFT JOIN LATERAL (
			SELECT sw.word FROM search_words sw
			WHERE sw.word % t.w AND sw.lang = $1 AND similarity(sw.word, t.w) >= 0.4
			ORDER BY similarity(sw.word, t.w) DESC, sw.word LIMIT 1) x ON true
		ORDER BY t.i`, string(lang), asked)
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
