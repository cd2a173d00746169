package app_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// TestPanelContentBench is the panel content benchmark of docs/benchmarks.md, skipped unless
// MEKTEP_BENCH_PANEL (the number of news items, e.g. 1000) is set. On one school with 120
// pages in a three-level tree and that many news items (half published, tagged), it asks
// the pages tree, a page's editor, the news list (all, and filtered by a tag) and the menu
// sequentially over loopback with the owner's session and reports each one's server time
// (p50, p95), beside /healthz and the JSON API's page list and news page as peers. Beside
// the school it stores MEKTEP_BENCH_PANEL_OTHERS more sites (default 7,499, so the platform
// has 7,500), each with 3 pages, 4 news items and a menu in the document store; each page
// is asked MEKTEP_BENCH_PANEL_ROUNDS times (default 100).
//
//	MEKTEP_BENCH_PANEL=1000 GOTOOLCHAIN=go1.27.3 go test ./internal/app -run TestPanelContentBench -v
func TestPanelContentBench(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_PANEL"))
	if n <= 0 {
		t.Skip("set MEKTEP_BENCH_PANEL to run the panel content benchmark")
	}
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_RATE_LIMITS": "off"}})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-pbench")
	owner := session(t, s, a.users["owner"].ID)
	now := time.Now().UTC()
	text := func(title, slug string) map[sitecore.Lang]sitecore.PageText {
		out := map[sitecore.Lang]sitecore.PageText{}
		for _, l := range []sitecore.Lang{"kk", "ru", "en"} {
			out[l] = sitecore.PageText{Title: title + " " + string(l), Slug: slug + "-" + string(l), Body: "<p>" + title + "</p>"}
		}
		return out
	}
	start := time.Now()
	for i := range 120 {
		parent := ""
		switch {
		case i >= 40:
			parent = fmt.Sprintf("p%d", (i-40)/2) // children of the first 40
		case i >= 10:
			parent = fmt.Sprintf("p%d", i%10)
		}
		pg := &sitecore.Page{SiteID: a.site, Key: fmt.Sprintf("p%d", i), Parent: parent, Kind: sitecore.PageStandard, Position: i,
			Published: i%3 != 0, Text: text(fmt.Sprintf("Бет %d", i), fmt.Sprintf("p%d", i)), UpdatedAt: now}
		if err := s.App.Content.UpsertPage(ctx, pg); err != nil {
			t.Fatal(err)
		}
	}
	// The news go in with InsertMany, 200 at a time: an upsert each (a read of the whole
	// collection each on FerretDB) would take minutes.
	var batch []any
	for i := range n {
		batch = append(batch, &sitecore.News{SiteID: a.site, Key: fmt.Sprintf("n%d", i), Published: i%2 == 0, Tags: []string{fmt.Sprintf("tag%d", i%20)},
			Text:        map[sitecore.Lang]sitecore.NewsText{"ru": {Title: fmt.Sprintf("Новость %d", i), Slug: fmt.Sprintf("n%d", i), Summary: "Кратко", Body: "<p>Текст</p>"}},
			PublishedAt: now.Add(-time.Duration(i) * time.Minute), UpdatedAt: now})
		if len(batch) == 200 || i == n-1 {
			if _, err := s.App.Content.Database().Collection("news").InsertMany(ctx, batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	others := 7499
	if v, err := strconv.Atoi(os.Getenv("MEKTEP_BENCH_PANEL_OTHERS")); err == nil {
		others = v
	}
	if others > 0 {
		rows, err := s.App.DB.Pool.Query(ctx, `
			INSERT INTO sites (slug, names, languages, owner_email, status, step)
			SELECT 'bench-' || i, '{"kk": "Мектеп", "ru": "Школа", "en": "School"}', '{kk,ru,en}', 'o' || i || '@bench.kz', 'active', 'done'
			FROM generate_series(1, $1::int) i RETURNING id`, others)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		var pages, news, menus []any
		flush := func(force bool) {
			for coll, docs := range map[string]*[]any{"pages": &pages, "news": &news, "menus": &menus} {
				if len(*docs) >= 1000 || (force && len(*docs) > 0) {
					if _, err := s.App.Content.Database().Collection(coll).InsertMany(ctx, *docs); err != nil {
						t.Fatal(err)
					}
					*docs = (*docs)[:0]
				}
			}
		}
		for _, id := range ids {
			for i, key := range []string{"home", "about", "contacts"} {
				pages = append(pages, &sitecore.Page{SiteID: id, Key: key, Kind: sitecore.PageStandard, Position: i, Published: true,
					Text: text("Бет "+key, key), UpdatedAt: now})
			}
			for i := range 4 {
				news = append(news, &sitecore.News{SiteID: id, Key: fmt.Sprintf("n%d", i), Published: true, Tags: []string{"tag1"},
					Text:        map[sitecore.Lang]sitecore.NewsText{"ru": {Title: fmt.Sprintf("Новость %d", i), Slug: fmt.Sprintf("n%d", i), Summary: "Кратко", Body: "<p>Текст</p>"}},
					PublishedAt: now.Add(-time.Duration(i) * time.Hour), UpdatedAt: now})
			}
			menus = append(menus, &sitecore.Menu{SiteID: id, Name: "main", UpdatedAt: now,
				Items: []sitecore.MenuItem{{PageKey: "about", Label: map[sitecore.Lang]string{"ru": "О нас"}}}})
			flush(false)
		}
		flush(true)
	}
	// The documents above went in around the store: index them as a rebuild would.
	if err := s.App.Content.RebuildIndex(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("120 pages and %d news items stored, and %d other sites' pages, news and menus, in %s", n, others, time.Since(start).Round(time.Millisecond))

	measure := func(name, path string, host bool, rounds int) (p50, p95 time.Duration) {
		h := []string{"Cookie", owner}
		if host {
			h = append(h, "Host", a.host)
		}
		for range warmup(rounds) {
			s.do("GET", path, nil, h...)
		}
		var ds []time.Duration
		for range rounds {
			t0 := time.Now()
			r := s.do("GET", path, nil, h...)
			ds = append(ds, time.Since(t0))
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
		}
		slices.Sort(ds)
		p50, p95 = percentile(ds, 0.5), percentile(ds, 0.95)
		t.Logf("%-36s p50 %6.1f ms  p95 %6.1f ms", name, ms(p50), ms(p95))
		return p50, p95
	}
	// The store's own reads, called directly (no HTTP, no rendering): the floor of the pages.
	raw := func(name string, rounds int, read func() error) time.Duration {
		var ds []time.Duration
		for i := range rounds + warmup(rounds) {
			t0 := time.Now()
			if err := read(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if i >= warmup(rounds) {
				ds = append(ds, time.Since(t0))
			}
		}
		slices.Sort(ds)
		t.Logf("%-36s p50 %6.1f ms  p95 %6.1f ms", name, ms(percentile(ds, 0.5)), ms(percentile(ds, 0.95)))
		return percentile(ds, 0.5)
	}
	rounds := 100
	if v, err := strconv.Atoi(os.Getenv("MEKTEP_BENCH_PANEL_ROUNDS")); err == nil && v > 0 {
		rounds = v
	}
	// Reads the document store answers by decoding the collection (every site's documents on
	// FerretDB) are asked MEKTEP_BENCH_PANEL_PEER_ROUNDS times (default: rounds).
	peerRounds := rounds
	if v, err := strconv.Atoi(os.Getenv("MEKTEP_BENCH_PANEL_PEER_ROUNDS")); err == nil && v > 0 {
		peerRounds = v
	}
	storePages := raw("store: the site's pages (peer)", peerRounds, func() error { _, err := s.App.Content.ListPages(ctx, a.site); return err })
	raw("store: the site's page outline", rounds, func() error { _, err := s.App.Content.PageOutline(ctx, a.site); return err })
	// What the list read before it filtered in the store: a page of 50 with bodies plus a
	// count of the site's news (and a filter read such pages of 100 until it had 50 matches).
	oldNews := raw("store: 50 newest with bodies + count (old list)", peerRounds, func() error {
		_, _, err := s.App.Content.ListAllNews(ctx, a.site, 0, 50)
		return err
	})
	storeNews := raw("store: 51 newest news, no bodies (peer)", rounds, func() error {
		_, err := s.App.Content.FilterNews(ctx, a.site, sitecore.NewsFilter{}, 0, 51)
		return err
	})
	api := fmt.Sprintf("/api/v1/sites/%d", a.site)
	measure("/healthz (floor)", "/healthz", false, rounds)
	_, pagesPeer := measure("API pages list (JSON, peer)", api+"/pages", false, peerRounds)
	_, newsPeer := measure("API news, 100 (JSON, peer)", api+"/news?limit=100", false, peerRounds)
	treeP50, tree := measure("panel: pages tree", "/ru/panel/pages", true, rounds)
	measure("panel: page editor", "/ru/panel/pages/p45", true, rounds)
	listP50, list := measure("panel: news list (all)", "/ru/panel/news", true, rounds)
	measure("panel: news list, tag + status", "/ru/panel/news?tag=tag8&status=published", true, rounds)
	measure("panel: menu", "/ru/panel/menus", true, rounds)
	t.Logf("pages tree p95 %.1f ms = %.2f × the API's page list; news list p95 %.1f ms = %.2f × the API's 100 news",
		ms(tree), float64(tree)/float64(pagesPeer), ms(list), float64(list)/float64(newsPeer))
	t.Logf("p50 over the store's own read: pages tree %.2f ×, news list %.2f ×; the list's read now %.2f × the old one",
		float64(treeP50)/float64(storePages), float64(listP50)/float64(storeNews), float64(storeNews)/float64(oldNews))
}

// warmup is how many unmeasured calls precede rounds measured ones: 5, or 1 for the few
// rounds of reads that take seconds.
func warmup(rounds int) int {
	if rounds < 5 {
		return 1
	}
	return 5
}
