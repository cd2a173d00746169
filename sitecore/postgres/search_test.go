package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
)

// activeSite stores an active site with kk, ru and en.
func activeSite(t *testing.T, db *postgres.DB, slug string) *sitecore.Site {
	t.Helper()
	s := create(t, db, slug, slug+".edu.kz")
	if err := db.SetSiteStep(context.Background(), s.ID, sitecore.StepActivated); err != nil {
		t.Fatal(err)
	}
	return s
}

// index stores one item in the languages given as lang, title, body triples.
func index(t *testing.T, db *postgres.DB, siteID int64, key string, texts ...string) {
	t.Helper()
	var docs []sitecore.SearchDoc
	for i := 0; i+2 < len(texts); i += 3 {
		l := sitecore.Lang(texts[i])
		docs = append(docs, sitecore.SearchDoc{SiteID: siteID, Kind: sitecore.SearchPage, Key: key, Lang: l,
			Title: texts[i+1], Body: texts[i+2], Path: "/" + string(l) + "/" + key, PublishedAt: time.Now()})
	}
	if err := db.IndexItem(context.Background(), siteID, sitecore.SearchPage, key, docs); err != nil {
		t.Fatalf("IndexItem(%s): %v", key, err)
	}
}

func search(t *testing.T, db *postgres.DB, q sitecore.SearchQuery) *sitecore.SearchResults {
	t.Helper()
	res, err := db.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func keys(res *sitecore.SearchResults) string {
	var k []string
	for _, h := range res.Hits {
		k = append(k, h.Key)
	}
	return strings.Join(k, ",")
}

func TestSearchLanguages(t *testing.T) {
	db := testenv.Postgres(t)
	site := activeSite(t, db, "search-langs")
	index(t, db, site.ID, "about",
		"kk", "Мектеп туралы", "<p>Біздің мектеп қазақ тілінде оқытады. Әліппе, ғылым, қоңырау, өнер, ұстаз, үміт, һижра, ізгілік.</p>",
		"ru", "О школе", "<p>Наша школа открыта в 1975 году. Учителя и ученики.</p>",
		"en", "About the school", "<p>Our school opened in 1975. Teachers and students.</p>")
	index(t, db, site.ID, "library", "ru", "Библиотека", "<p>Книги для учеников всех классов.</p>")
	tests := []struct {
		name, lang, q, want string
	}{
		{"russian stemming", "ru", "школы", "about"},
		{"russian inflection", "ru", "учителям", "about"},
		{"russian second item", "ru", "книга", "library"},
		{"english stemming", "en", "schools", "about"},
		{"english teacher", "en", "teacher", "about"},
		{"kazakh capitals", "kk", "ҚАЗАҚ", "about"},
		{"kazakh ә ғ қ ң", "kk", "ӘЛІППЕ ҒЫЛЫМ ҚОҢЫРАУ", "about"},
		{"kazakh ө ұ ү һ і", "kk", "ӨНЕР ҰСТАЗ ҮМІТ ҺИЖРА ІЗГІЛІК", "about"},
		{"websearch quoted phrase", "ru", `"наша школа"`, "about"},
		{"websearch exclusion", "ru", "школа -учителя", ""},
		{"language kept apart", "en", "школа", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: sitecore.Lang(tt.lang), Text: tt.q})
			if got := keys(res); got != tt.want && !(tt.want == "" && res.Fuzzy) {
				t.Errorf("%q in %s found %q (fuzzy %v), want %q", tt.q, tt.lang, got, res.Fuzzy, tt.want)
			}
			if tt.want != "" && res.Fuzzy {
				t.Errorf("%q: fuzzy, want an exact full-text match", tt.q)
			}
		})
	}
	res := search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "kk", Text: "ҚАЗАҚ"})
	if h := res.Hits[0]; h.Path != "/kk/about" || h.Title != "Мектеп туралы" || !strings.Contains(h.Snippet, "<mark>қазақ</mark>") ||
		h.SiteName != "Мектеп search-langs" || h.Host != "search-langs.edu.kz" {
		t.Errorf("hit = %+v", h)
	}
}

func TestSearchTypoFallback(t *testing.T) {
	db := testenv.Postgres(t)
	site := activeSite(t, db, "search-typo")
	index(t, db, site.ID, "nauryz", "kk", "Наурыз мейрамы", "<p>Мектепте Наурыз мерекесі тойланды. Көже әзірледік.</p>",
		"ru", "Праздник Наурыз", "<p>В школе отпраздновали Наурыз.</p>")
	index(t, db, site.ID, "sport", "kk", "Спорт жарысы", "<p>Волейбол бойынша жарыс өтті.</p>")

	res := search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "kk", Text: "Наурыс"})
	if keys(res) != "nauryz" || !res.Fuzzy || res.Corrected != "наурыз" {
		t.Errorf("Наурыс: %q fuzzy=%v corrected=%q", keys(res), res.Fuzzy, res.Corrected)
	}
	if !strings.Contains(res.Hits[0].Snippet, "<mark>Наурыз</mark>") {
		t.Errorf("snippet of the corrected query: %s", res.Hits[0].Snippet)
	}
	res = search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "ru", Text: "Наурыс"})
	if keys(res) != "nauryz" || !res.Fuzzy {
		t.Errorf("ru Наурыс: %q fuzzy=%v", keys(res), res.Fuzzy)
	}
	res = search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "kk", Text: "валейбол"})
	if keys(res) != "sport" {
		t.Errorf("валейбол: %q", keys(res))
	}
	// Words similar to nothing find nothing rather than noise.
	res = search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "kk", Text: "xyzzyq"})
	if len(res.Hits) != 0 || res.Total != 0 {
		t.Errorf("xyzzyq found %q", keys(res))
	}
	// An exact match never takes the fallback.
	res = search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "kk", Text: "наурыз"})
	if res.Fuzzy || keys(res) != "nauryz" {
		t.Errorf("наурыз: %q fuzzy=%v", keys(res), res.Fuzzy)
	}
}

func TestSearchSnippetsAreSafeHTML(t *testing.T) {
	db := testenv.Postgres(t)
	site := activeSite(t, db, "search-xss")
	// Bodies are sanitized before they reach the index, but text can still spell markup.
	index(t, db, site.ID, "evil", "ru", `Собрание <b>родителей</b> "&"`,
		`<p>Собрание родителей &lt;script&gt;alert(1)&lt;/script&gt; и &lt;img src=x onerror=alert(2)&gt; в пятницу.</p>`+
			`<script>alert(3)</script><style>p{}</style><p>Ждём всех родителей.</p>`)
	res := search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "ru", Text: "родители"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits: %+v", res.Hits)
	}
	h := res.Hits[0]
	for _, s := range []string{h.Snippet, h.Title} {
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
		if strings.ContainsAny(rest, "<>\"") {
			t.Errorf("markup other than <mark> in %q", s)
		}
	}
	// ts_headline drops tag-like words ("<script>") itself; what looks like markup and stays
	// is escaped.
	if !strings.Contains(h.Snippet, "<mark>родителей</mark>") || !strings.Contains(h.Snippet, "&lt;img src=x") ||
		strings.Contains(h.Snippet, "alert(3)") {
		t.Errorf("snippet = %s", h.Snippet)
	}
	if h.Title != `Собрание &lt;b&gt;<mark>родителей</mark>&lt;/b&gt; &#34;&amp;&#34;` {
		t.Errorf("title = %s", h.Title)
	}
	// The fallback's snippets are escaped too.
	res = search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "ru", Text: "Собрани родитилей"})
	if len(res.Hits) != 1 || strings.Contains(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(res.Hits[0].Snippet), "<") {
		t.Errorf("fallback hits: %+v", res.Hits)
	}
}

func TestSearchTenancyAndPlatform(t *testing.T) {
	db := testenv.Postgres(t)
	a := activeSite(t, db, "search-a")
	b := activeSite(t, db, "search-b")
	dormant := create(t, db, "search-dormant", "search-dormant.edu.kz") // still provisioning
	index(t, db, a.ID, "olympiad", "ru", "Олимпиада A", "<p>Олимпиада по математике в школе A.</p>")
	index(t, db, b.ID, "olympiad", "ru", "Олимпиада B", "<p>Олимпиада по физике в школе B.</p>")
	index(t, db, dormant.ID, "olympiad", "ru", "Олимпиада C", "<p>Олимпиада в неактивной школе.</p>")

	res := search(t, db, sitecore.SearchQuery{SiteID: a.ID, Lang: "ru", Text: "олимпиада"})
	if res.Total != 1 || res.Hits[0].SiteID != a.ID {
		t.Errorf("site A's search: %+v", res.Hits)
	}
	// Neither B's words nor B's titles reach A's results through the fallback.
	res = search(t, db, sitecore.SearchQuery{SiteID: a.ID, Lang: "ru", Text: "физика"})
	if len(res.Hits) != 0 {
		t.Errorf("site A's search found B's doc: %+v", res.Hits)
	}
	res = search(t, db, sitecore.SearchQuery{SiteID: a.ID, Lang: "ru", Text: "Олимпиада B"})
	for _, h := range res.Hits {
		if h.SiteID != a.ID {
			t.Errorf("site A's search found %+v", h)
		}
	}
	res = search(t, db, sitecore.SearchQuery{Lang: "ru", Text: "олимпиада"})
	if res.Total != 2 {
		t.Fatalf("platform search: %d hits %+v, want A and B only", res.Total, res.Hits)
	}
	names := map[int64]string{}
	for _, h := range res.Hits {
		names[h.SiteID] = h.SiteName + " " + h.Host
	}
	if names[a.ID] != "Школа search-a search-a.edu.kz" || names[b.ID] != "Школа search-b search-b.edu.kz" {
		t.Errorf("site names: %v", names)
	}
}

func TestIndexItemReplacesAndRemoves(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	site := activeSite(t, db, "search-index")
	index(t, db, site.ID, "news-1", "kk", "Ата-аналар жиналысы", "жиналыс", "ru", "Родительское собрание", "собрание")
	index(t, db, site.ID, "news-2", "ru", "Родительское собрание 2", "собрание")
	if n := count(t, db, `SELECT count(*) FROM search_docs WHERE site_id = $1`, site.ID); n != 3 {
		t.Fatalf("%d docs", n)
	}
	// Republished with Russian only: the Kazakh text goes.
	index(t, db, site.ID, "news-1", "ru", "Собрание перенесено", "собрание")
	if res := search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "kk", Text: "жиналысы"}); len(res.Hits) != 0 {
		t.Errorf("removed language still found: %+v", res.Hits)
	}
	// Unpublished (empty docs): never found again, the other item stays.
	if err := db.IndexItem(ctx, site.ID, sitecore.SearchPage, "news-1", nil); err != nil {
		t.Fatal(err)
	}
	if got := keys(search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "ru", Text: "собрание"})); got != "news-2" {
		t.Errorf("after unpublish: %q", got)
	}
	if got := keys(search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "ru", Text: "перенесено"})); got != "" {
		t.Errorf("unpublished item found: %q", got)
	}
	// Same key, other kind: separate items.
	if err := db.IndexItem(ctx, site.ID, sitecore.SearchNews, "news-2", nil); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM search_docs WHERE site_id = $1`, site.ID); n != 1 {
		t.Errorf("%d docs after removing another kind", n)
	}
	err := db.IndexItem(ctx, site.ID, sitecore.SearchPage, "x", []sitecore.SearchDoc{{SiteID: site.ID + 1, Kind: sitecore.SearchPage, Key: "x", Lang: "ru"}})
	wantErr(t, err, sitecore.EInternal, "", "")
}

func TestSearchPagesAndLimits(t *testing.T) {
	db := testenv.Postgres(t)
	site := activeSite(t, db, "search-pages")
	for i := range 25 {
		index(t, db, site.ID, fmt.Sprintf("n%02d", i), "en", fmt.Sprintf("Sports day %d", i), "Sports day at school.")
	}
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		res := search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "en", Text: "sport", Page: page})
		if res.Total != 25 || len(res.Hits) != []int{10, 10, 5}[page-1] {
			t.Fatalf("page %d: total %d, %d hits", page, res.Total, len(res.Hits))
		}
		for _, h := range res.Hits {
			if seen[h.Key] {
				t.Errorf("%s on two pages", h.Key)
			}
			seen[h.Key] = true
		}
	}
	if res := search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "en", Text: "sport", Page: 4}); res.Total != 25 || len(res.Hits) != 0 || res.Fuzzy {
		t.Errorf("past the end: total %d, %d hits, fuzzy %v", res.Total, len(res.Hits), res.Fuzzy)
	}
	_, err := db.Search(context.Background(), sitecore.SearchQuery{Lang: "kk", Text: strings.Repeat("ә", 201)})
	wantErr(t, err, sitecore.EInvalid, "q", "field.too_long")
	_, err = db.Search(context.Background(), sitecore.SearchQuery{Lang: "kk", Text: "x", Page: 51})
	wantErr(t, err, sitecore.EInvalid, "page", "search.page")
	_, err = db.Search(context.Background(), sitecore.SearchQuery{Lang: "xx", Text: "x"})
	wantErr(t, err, sitecore.EInvalid, "lang", "lang.unsupported")
	if res := search(t, db, sitecore.SearchQuery{Lang: "kk", Text: strings.Repeat("ә", 200)}); len(res.Hits) != 0 {
		t.Error("200 letters found something")
	}
}

func TestSearchBroadQueryRanksNewest(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	site := activeSite(t, db, "search-broad")
	// The best match by rank is also the oldest: a query this broad ranks only the newest.
	if _, err := db.Pool.Exec(ctx, `
		INSERT INTO search_docs (site_id, kind, key, lang, title, body, path, published_at)
		SELECT $1::bigint, 'news', 'n' || i, 'en', 'Sports day ' || i, 'A day of sport.', '/en/news/n' || i,
		       timestamptz '2026-01-01' + i * interval '1 hour'
		FROM generate_series(1, 510) AS i
		UNION ALL
		SELECT $1, 'news', 'old', 'en', 'Sports sports sports', 'Sports, sports and sports.', '/en/news/old', timestamptz '2020-01-01'`,
		site.ID); err != nil {
		t.Fatal(err)
	}
	res := search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "en", Text: "sports"})
	if res.Total != 500 || !res.More || len(res.Hits) != 10 {
		t.Fatalf("total %d, more %v, %d hits", res.Total, res.More, len(res.Hits))
	}
	if strings.Contains(keys(res), "old") {
		t.Errorf("the oldest match was ranked: %s", keys(res))
	}
	// The same over every school (reading a span of the newest documents).
	res = search(t, db, sitecore.SearchQuery{Lang: "en", Text: "sports", Page: 50})
	if res.Total != 500 || !res.More || len(res.Hits) != 10 || strings.Contains(keys(res), "old") {
		t.Errorf("platform: total %d, more %v, last page %s", res.Total, res.More, keys(res))
	}
	// A narrow query is ranked exactly: the old item comes first.
	res = search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "en", Text: `"sports and sports"`})
	if keys(res) != "old" || res.More {
		t.Errorf("narrow query: %s more=%v", keys(res), res.More)
	}
}

// TestSearchWindowWidens checks a search over every school whose window, sized from the
// planner's estimate, holds none of the word's matches: every match is years older than
// the newest documents. It must widen until it has the newest 500.
func TestSearchWindowWidens(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	site := activeSite(t, db, "search-window")
	if _, err := db.Pool.Exec(ctx, `
		INSERT INTO search_docs (site_id, kind, key, lang, title, body, path, published_at)
		SELECT $1::bigint, 'news', 's' || i, 'en', 'Sports day ' || i, 'A day of sport.', '/en/news/s' || i,
		       timestamptz '2020-01-01' + i * interval '1 minute'
		FROM generate_series(0, 1499) AS i
		UNION ALL
		SELECT $1, 'news', 'm' || i, 'en', 'Music week ' || i, 'A week of songs.', '/en/news/m' || i,
		       timestamptz '2026-01-01' + i * interval '1 minute'
		FROM generate_series(0, 2999) AS i`, site.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `ANALYZE search_docs`); err != nil {
		t.Fatal(err)
	}
	var estimate int64
	if err := db.Pool.QueryRow(ctx, `SELECT search_estimate('en', 'sports')`).Scan(&estimate); err != nil || estimate < 1200 {
		t.Fatalf("estimate %d (%v): the test needs a window", estimate, err)
	}
	res := search(t, db, sitecore.SearchQuery{Lang: "en", Text: "sports"})
	if res.Total != 500 || !res.More || len(res.Hits) != 10 || res.Hits[0].Key != "s1499" || res.Hits[9].Key != "s1490" {
		t.Errorf("total %d, more %v, hits %s", res.Total, res.More, keys(res))
	}
	res = search(t, db, sitecore.SearchQuery{Lang: "en", Text: "sports", Page: 50})
	if len(res.Hits) != 10 || res.Hits[9].Key != "s1000" {
		t.Errorf("last page: %s", keys(res))
	}
	// A common word is found by reading the newest documents; the result is the same.
	res = search(t, db, sitecore.SearchQuery{Lang: "en", Text: "songs"})
	if res.Total != 500 || !res.More || res.Hits[0].Key != "m2999" {
		t.Errorf("songs: total %d, more %v, hits %s", res.Total, res.More, keys(res))
	}
}

// A query that needs a lexeme no document has goes straight to its correction; any query
// whose emptiness is not certain that way (OR, NOT, a lexeme known in some other site or
// language, a stemmed form of a known word) is still run as typed.
func TestSearchUnknownWordSkipsToCorrection(t *testing.T) {
	db := testenv.Postgres(t)
	ctx := context.Background()
	site := activeSite(t, db, "search-unknown")
	other := activeSite(t, db, "search-unknown-other")
	index(t, db, site.ID, "nauryz", "kk", "Наурыз мейрамы", "<p>Мектепте Наурыз мерекесі тойланды.</p>",
		"en", "Nauryz", "<p>The school celebrated Nauryz.</p>")
	index(t, db, site.ID, "sport", "kk", "Спорт жарысы", "<p>Волейбол бойынша жарыс өтті.</p>")
	index(t, db, other.ID, "chess", "kk", "Шахмат", "<p>Шахмат үйірмесі ашылды.</p>")
	tests := []struct {
		lang, q string
		unknown bool
	}{
		{"kk", "наурыс", true},
		{"kk", "волейбол наурыс", true},
		{"kk", `"волейбол наурыс"`, true},
		{"kk", "наурыс or волейбол", false},
		{"kk", "волейбол -наурыс", false},
		{"kk", "наурыз", false},
		{"kk", "шахмат", false},      // known in another site: run as typed
		{"en", "schools", false},     // no such word indexed, but its lexeme is
		{"en", "the", false},         // a stop word only: an empty query
		{"kk", "o'brien", true},      // quotes inside lexemes
		{"en", "celebrating", false}, // stems to a known lexeme
		{"en", "celebrxting", true},
	}
	for _, tt := range tests {
		got, err := postgres.UnknownWord(ctx, db, sitecore.Lang(tt.lang), tt.q)
		if err != nil {
			t.Fatalf("UnknownWord(%q): %v", tt.q, err)
		}
		if got != tt.unknown {
			t.Errorf("UnknownWord(%s, %q) = %v, want %v", tt.lang, tt.q, got, tt.unknown)
		}
	}
	// The results are those of running the query as typed first.
	res := search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "kk", Text: "Наурыс"})
	if keys(res) != "nauryz" || !res.Fuzzy || res.Corrected != "наурыз" {
		t.Errorf("Наурыс: %q fuzzy=%v corrected=%q", keys(res), res.Fuzzy, res.Corrected)
	}
	res = search(t, db, sitecore.SearchQuery{Lang: "kk", Text: "наурыс or волейбол"})
	if keys(res) != "sport" || res.Fuzzy {
		t.Errorf("наурыс or волейбол: %q fuzzy=%v", keys(res), res.Fuzzy)
	}
	res = search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "kk", Text: "шахмат"})
	if len(res.Hits) != 0 || !res.Fuzzy {
		t.Errorf("шахмат in the other site: %q fuzzy=%v", keys(res), res.Fuzzy)
	}
	res = search(t, db, sitecore.SearchQuery{SiteID: site.ID, Lang: "en", Text: "celebrating"})
	if keys(res) != "nauryz" || res.Fuzzy {
		t.Errorf("celebrating: %q fuzzy=%v", keys(res), res.Fuzzy)
	}
}
