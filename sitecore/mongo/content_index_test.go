package mongo_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/mongo"
	"github.com/mektep/mektep/sitecore/postgres"
)

// indexedStore is a store over a fresh Mongo database that keeps its content index in a
// fresh PostgreSQL database holding sites 1, 2 and 3.
func indexedStore(t *testing.T) *mongo.Store {
	t.Helper()
	db := testenv.Postgres(t)
	if _, err := db.Pool.Exec(context.Background(), `
		INSERT INTO sites (id, slug, names, languages, owner_email, status, step)
		SELECT i, 'idx-' || i, '{"kk": "Мектеп"}', '{kk,ru,en}', 'o' || i || '@idx.kz', 'active', 'done'
		FROM generate_series(1, 3) i`); err != nil {
		t.Fatal(err)
	}
	s := testenv.Mongo(t)
	s.Index = db
	if err := s.EnsureIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestContentIndexFollowsWrites writes, rewrites and deletes pages, news and menus through
// a store that keeps the content index, and checks after each step that what the index
// answers equals what the documents give read without it (outline, paths, news lists, single
// reads), that a rebuild from the documents gives the same index, and that an index entry
// naming another site's document returns nothing.
func TestContentIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	s := indexedStore(t)
	plain := *s
	plain.Index = nil
	db := s.Index.(*postgres.DB)

	check := func(step string) {
		t.Helper()
		for _, site := range []int64{1, 2, 3} {
			got, err := s.PageOutline(ctx, site)
			if err != nil {
				t.Fatal(err)
			}
			want, err := plain.PageOutline(ctx, site)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
				t.Errorf("%s: site %d outline\n got  %+v\n want %+v", step, site, got, want)
			}
			for _, p := range want {
				g, err := s.FindPageByKey(ctx, site, p.Key)
				w, _ := plain.FindPageByKey(ctx, site, p.Key)
				if err != nil || !reflect.DeepEqual(g, w) {
					t.Errorf("%s: FindPageByKey(%d, %s) = %+v, %v; want %+v", step, site, p.Key, g, err, w)
				}
				gp, err := s.PagePath(ctx, site, p.Key)
				wp, _ := plain.PagePath(ctx, site, p.Key)
				if err != nil || !reflect.DeepEqual(gp, wp) {
					t.Errorf("%s: PagePath(%d, %s) = %v, %v; want %v", step, site, p.Key, gp, err, wp)
				}
			}
			for _, f := range []sitecore.NewsFilter{{}, {Status: "draft"}, {Status: "scheduled"}, {Lang: sitecore.English}, {Tag: "sport"}} {
				g, err := s.FilterNews(ctx, site, f, 0, 100)
				if err != nil {
					t.Fatal(err)
				}
				w, _ := plain.FilterNews(ctx, site, f, 0, 100)
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%s: site %d FilterNews(%+v)\n got  %+v\n want %+v", step, site, f, g, w)
				}
				for _, n := range w {
					gn, err := s.FindNewsByKey(ctx, site, n.Key)
					wn, _ := plain.FindNewsByKey(ctx, site, n.Key)
					if err != nil || !reflect.DeepEqual(gn, wn) {
						t.Errorf("%s: FindNewsByKey(%d, %s) = %+v, %v; want %+v", step, site, n.Key, gn, err, wn)
					}
				}
			}
			gl, err := s.ListPages(ctx, site)
			wl, _ := plain.ListPages(ctx, site)
			if err != nil || len(gl) != len(wl) || (len(gl) > 0 && !reflect.DeepEqual(gl, wl)) {
				t.Errorf("%s: site %d ListPages = %+v, %v\n want %+v", step, site, gl, err, wl)
			}
			if gc, err := s.CountPages(ctx, site); err != nil || gc != int64(len(wl)) {
				t.Errorf("%s: site %d CountPages = %d, %v; want %d", step, site, gc, err, len(wl))
			}
			for _, q := range []sitecore.NewsQuery{{}, {Lang: sitecore.Kazakh}, {Lang: sitecore.English}, {Tag: "sport"},
				{Originals: true}, {Before: t0.Add(47*time.Hour + 30*time.Minute)}, {Lang: sitecore.Kazakh, Offset: 1, Limit: 2}, {Offset: 9, Limit: 5}} {
				q.SiteID = site
				g, gt, err := s.QueryNews(ctx, q)
				w, wt, _ := plain.QueryNews(ctx, q)
				if err != nil || gt != wt || !reflect.DeepEqual(g, w) {
					t.Errorf("%s: site %d QueryNews(%+v) = %d %+v, %v\n want %d %+v", step, site, q, gt, g, err, wt, w)
				}
			}
			g, err := s.FindMenu(ctx, site, "main")
			w, _ := plain.FindMenu(ctx, site, "main")
			if err != nil || !reflect.DeepEqual(g, w) {
				t.Errorf("%s: FindMenu(%d) = %+v, %v; want %+v", step, site, g, err, w)
			}
		}
	}

	// Step 1: a tree of pages, news in several states, menus, on sites 1 and 2.
	at := t0.Add(48*time.Hour + 123456789) // sub-millisecond: the document store keeps milliseconds
	for _, site := range []int64{1, 2} {
		upsertPages(t, s,
			page(site, "home", 0, true, "", ""),
			page(site, "about", 1, true, "biz-turaly", "o-nas"),
			&sitecore.Page{SiteID: site, Key: "staff", Parent: "about", Kind: sitecore.PageStandard, Position: 2,
				Draft:     map[sitecore.Lang]sitecore.PageText{sitecore.English: {Title: "Staff", Slug: "staff", Body: "<p>x</p>"}},
				PublishAt: &at, UpdatedAt: at},
			&sitecore.Page{SiteID: site, Key: "deep", Parent: "staff", Kind: sitecore.PageStandard, Position: 3, Hidden: true, UpdatedAt: at})
		for i := range 6 {
			n := &sitecore.News{SiteID: site, Key: fmt.Sprintf("n%d", i), Published: i%2 == 0, Tags: []string{"sport", "x"}[i%2:],
				Text:        map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: {Title: "Жаңалық", Slug: fmt.Sprintf("n%d", i), Summary: "s", Body: "<p>b</p>"}},
				PublishedAt: at.Add(-time.Duration(i%3) * time.Hour), UpdatedAt: at}
			if i == 3 {
				n.Draft = map[sitecore.Lang]sitecore.NewsText{sitecore.English: {Title: "News", Body: "<p>e</p>"}}
				n.PublishAt = &at
			}
			if err := s.UpsertNews(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.UpsertMenu(ctx, &sitecore.Menu{SiteID: site, Name: "main", UpdatedAt: at,
			Items: []sitecore.MenuItem{{PageKey: "about", Label: map[sitecore.Lang]string{sitecore.Kazakh: "Біз туралы"}}}}); err != nil {
			t.Fatal(err)
		}
	}
	check("written")

	// Step 2: rewrites (moved, published, retagged), deletions.
	moved := page(1, "staff", 0, true, "qyzmetkerler", "sotrudniki")
	moved.Parent = "home"
	upsertPages(t, s, moved)
	if err := s.DeletePage(ctx, 2, "deep"); err != nil {
		t.Fatal(err)
	}
	n, _ := s.FindNewsByKey(ctx, 1, "n1")
	n.Published, n.Tags, n.PublishAt = true, []string{"sport"}, nil
	if err := s.UpsertNews(ctx, n); err != nil {
		t.Fatal(err)
	}
	copied := &sitecore.News{SiteID: 1, Key: "copy", Published: true, PublishedAt: at, UpdatedAt: at,
		Text:   map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: {Title: "Көшірме", Slug: "copy", Body: "<p>c</p>"}},
		Source: &sitecore.NewsSource{SiteID: 2, Key: "n2"}}
	if err := s.UpsertNews(ctx, copied); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteNews(ctx, 2, "n0"); err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertMenu(ctx, &sitecore.Menu{SiteID: 1, Name: "main", UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	check("rewritten")
	if _, err := s.FindNewsByKey(ctx, 2, "n0"); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("deleted item: %v", err)
	}

	// Step 3: a rebuild from the documents gives the same index.
	dump := func() string {
		var out string
		if err := db.Pool.QueryRow(ctx, `SELECT coalesce(string_agg((to_jsonb(c) - 'written_at')::text, E'\n' ORDER BY site_id, kind, key), '') FROM content_index c`).Scan(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := dump()
	if err := s.RebuildIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if after := dump(); after != before || before == "" {
		t.Errorf("rebuilt index differs:\n%s\nwas\n%s", after, before)
	}
	check("rebuilt")

	// An entry of site 3 naming site 1's document finds nothing.
	id, _ := db.ContentDocID(ctx, 1, sitecore.ContentPage, "about")
	if err := db.PutContent(ctx, &sitecore.ContentEntry{SiteID: 3, Kind: sitecore.ContentPage, Key: "about", DocID: id,
		Page: &sitecore.Page{SiteID: 3, Key: "about"}}); err != nil {
		t.Fatal(err)
	}
	if p, err := s.FindPageByKey(ctx, 3, "about"); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("site 3 read site 1's page through a stray entry: %+v, %v", p, err)
	}
	if ps, err := s.ListPages(ctx, 3); err != nil || len(ps) != 0 {
		t.Errorf("site 3 listed site 1's page through a stray entry: %+v, %v", ps, err)
	}
	// Neither may it overwrite or delete it.
	want, _ := plain.FindPageByKey(ctx, 1, "about")
	if err := s.UpsertPage(ctx, page(3, "about", 5, true, "x3", "x3")); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePage(ctx, 3, "about"); err != nil {
		t.Fatal(err)
	}
	if got, err := plain.FindPageByKey(ctx, 1, "about"); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("site 3's write through a stray entry changed site 1's page: %+v, %v", got, err)
	}
	if p, err := plain.FindPageByKey(ctx, 3, "about"); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("site 3's page written then deleted: %+v, %v", p, err)
	}
	// Every write above (upserts, deletes, menus, stray entries) finished: none left a mark.
	if n := pendingMarks(t, s.Index.(*postgres.DB)); n != 0 {
		t.Errorf("the writes left %d pending marks", n)
	}
}
