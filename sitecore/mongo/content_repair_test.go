package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/mongo"
	"github.com/mektep/mektep/sitecore/postgres"
)

// lostIndex is the real content index whose entry writes fail, as when the process dies or
// PostgreSQL errs between a document's write and its entry's: the pending mark is written,
// the document is written, the entry is not.
type lostIndex struct{ *postgres.DB }

var errLost = errors.New("the process died before the index was written")

func (lostIndex) PutContent(context.Context, *sitecore.ContentEntry) error { return errLost }
func (lostIndex) DeleteContent(context.Context, int64, string, string, int64) error {
	return errLost
}

// lostIndexStores is an indexed store, the same store whose entry writes are lost, and its
// index.
func lostIndexStores(t *testing.T) (s, lost *mongo.Store, db *postgres.DB) {
	t.Helper()
	s = indexedStore(t)
	db = s.Index.(*postgres.DB)
	l := *s
	l.Index = lostIndex{db}
	return s, &l, db
}

func pendingMarks(t *testing.T, db *postgres.DB) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM content_index_pending`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestContentIndexRepairAfterLostWrites: writes whose index entry was lost (a new page, a news
// item unpublished, a page deleted) leave the index wrong and their marks behind; the repair
// pass leaves marks younger than its grace alone, then puts every entry right from the
// documents, so the lists equal the documents again; the normal path leaves no marks.
func TestContentIndexRepairAfterLostWrites(t *testing.T) {
	ctx := context.Background()
	s, lost, db := lostIndexStores(t)
	plain := *s
	plain.Index = nil
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	news := func(key string, published bool) *sitecore.News {
		return &sitecore.News{SiteID: 1, Key: key, Published: published, PublishedAt: at, UpdatedAt: at,
			Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: {Title: "Жаңалық " + key, Slug: key, Body: "<p>b</p>"}}}
	}
	upsertPages(t, s, page(1, "home", 0, true, "", ""), page(1, "about", 1, true, "biz-turaly", "o-nas"))
	for _, k := range []string{"n1", "n2"} {
		if err := s.UpsertNews(ctx, news(k, true)); err != nil {
			t.Fatal(err)
		}
	}
	if n := pendingMarks(t, db); n != 0 {
		t.Fatalf("the normal path left %d pending marks", n)
	}

	if err := lost.UpsertPage(ctx, page(1, "new", 2, true, "jana", "novaya")); !errors.Is(err, errLost) {
		t.Fatalf("new page: %v", err)
	}
	if err := lost.UpsertNews(ctx, news("n1", false)); !errors.Is(err, errLost) {
		t.Fatalf("unpublish: %v", err)
	}
	if err := lost.DeletePage(ctx, 1, "about"); !errors.Is(err, errLost) {
		t.Fatalf("delete: %v", err)
	}
	if n := pendingMarks(t, db); n != 3 {
		t.Fatalf("%d pending marks after three lost entries, want 3", n)
	}

	outlineKeys := func(st interface {
		PageOutline(context.Context, int64) ([]*sitecore.Page, error)
	}) []string {
		t.Helper()
		pages, err := st.PageOutline(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, p := range pages {
			keys = append(keys, p.Key)
		}
		return keys
	}
	publishedKeys := func() []string {
		t.Helper()
		items, err := s.FilterNews(ctx, 1, sitecore.NewsFilter{Status: "published"}, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, n := range items {
			keys = append(keys, n.Key)
		}
		return keys
	}
	if got, want := outlineKeys(s), outlineKeys(&plain); reflect.DeepEqual(got, want) {
		t.Fatalf("the lost writes did not show in the index (outline %v): the test proves nothing", got)
	}
	if got := publishedKeys(); len(got) != 2 {
		t.Fatalf("published news before the repair: %v, want n1 still listed", got)
	}

	// Within the grace period nothing is touched: the writes may still be in progress.
	if n, err := s.RepairContentIndex(ctx, time.Hour, 100); err != nil || n != 0 {
		t.Fatalf("repair within the grace period: %d, %v", n, err)
	}
	n, err := s.RepairContentIndex(ctx, 0, 100)
	if err != nil || n != 3 {
		t.Fatalf("repair: settled %d, %v; want 3", n, err)
	}
	if got, want := outlineKeys(s), outlineKeys(&plain); !reflect.DeepEqual(got, want) {
		t.Errorf("outline after the repair: %v, want %v", got, want)
	}
	if got := publishedKeys(); !reflect.DeepEqual(got, []string{"n2"}) {
		t.Errorf("published news after the repair: %v, want [n2]", got)
	}
	if c, err := s.CountPages(ctx, 1); err != nil || c != 2 {
		t.Errorf("pages counted after the repair: %d, %v; want 2 (home, new)", c, err)
	}
	if n := pendingMarks(t, db); n != 0 {
		t.Errorf("%d pending marks after the repair", n)
	}
}

// TestContentIndexRepairYieldsToNewerWrites: an entry written after the repair claimed its
// mark is not overwritten by what the repair read; two repairers at once each take marks the
// other does not, so every mark is read and settled once.
func TestContentIndexRepairYieldsToNewerWrites(t *testing.T) {
	ctx := context.Background()
	s, lost, db := lostIndexStores(t)
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	item := func(title string, published bool) *sitecore.News {
		return &sitecore.News{SiteID: 2, Key: "race", Published: published, PublishedAt: at, UpdatedAt: at,
			Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: {Title: title, Slug: "race", Body: "<p>b</p>"}}}
	}
	if err := lost.UpsertNews(ctx, item("old", false)); !errors.Is(err, errLost) {
		t.Fatal(err)
	}
	// The repair reads the document; before it writes, an editor saves the item again.
	n, err := db.RepairContent(ctx, 0, 10, func(ctx context.Context, site int64, kind, key string) (*sitecore.ContentEntry, error) {
		if err := s.UpsertNews(ctx, item("new", true)); err != nil {
			return nil, err
		}
		return &sitecore.ContentEntry{SiteID: site, Kind: kind, Key: key, DocID: "000000000000000000000000", News: item("old", false)}, nil
	})
	if err != nil || n != 1 {
		t.Fatalf("repair: %d, %v", n, err)
	}
	got, err := s.FilterNews(ctx, 2, sitecore.NewsFilter{Status: "published"}, 0, 10)
	if err != nil || len(got) != 1 || got[0].Text[sitecore.Kazakh].Title != "new" {
		t.Fatalf("after a newer write: %+v, %v; want the newer, published item", got, err)
	}

	// Many lost writes, older than the grace period; two repairers at once: every mark is
	// claimed, read and settled by one of them only.
	for i := range 40 {
		if err := lost.UpsertNews(ctx, &sitecore.News{SiteID: 3, Key: fmt.Sprintf("k%d", i), Published: true, PublishedAt: at, UpdatedAt: at,
			Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: {Title: "x", Slug: fmt.Sprintf("k%d", i)}}}); !errors.Is(err, errLost) {
			t.Fatal(err)
		}
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE content_index_pending SET since = since - interval '1 hour'`); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	settled := make([]int, 2)
	readBy := make([]map[string]bool, 2)
	for r := range 2 {
		readBy[r] = map[string]bool{}
		read := func(ctx context.Context, site int64, kind, key string) (*sitecore.ContentEntry, error) {
			readBy[r][key] = true
			return mongo.CurrentEntry(s, ctx, site, kind, key)
		}
		wg.Go(func() {
			for {
				n, err := db.RepairContent(ctx, mongo.DefaultRepairGrace, 7, read)
				if err != nil {
					t.Error(err)
					return
				}
				settled[r] += n
				if n == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	if settled[0]+settled[1] != 40 || len(readBy[0])+len(readBy[1]) != 40 {
		t.Errorf("settled %d + %d marks, read %d + %d documents; want 40 of each in all",
			settled[0], settled[1], len(readBy[0]), len(readBy[1]))
	}
	for key := range readBy[0] {
		if readBy[1][key] {
			t.Errorf("both repairers read %s", key)
		}
	}
	items, err := s.FilterNews(ctx, 3, sitecore.NewsFilter{Status: "published"}, 0, 100)
	if err != nil || len(items) != 40 {
		t.Errorf("site 3 lists %d items (%v), want 40", len(items), err)
	}
	if n := pendingMarks(t, db); n != 0 {
		t.Errorf("%d pending marks left", n)
	}
}

// TestContentIndexRepairYieldsToDeletes: a document deleted (with its entry) after the repair
// read it does not get its entry back from the repair.
func TestContentIndexRepairYieldsToDeletes(t *testing.T) {
	ctx := context.Background()
	s, lost, db := lostIndexStores(t)
	if err := lost.UpsertPage(ctx, page(2, "ghost", 0, true, "eles", "prizrak")); !errors.Is(err, errLost) {
		t.Fatalf("new page: %v", err)
	}
	// The repair reads the page; before it writes, an editor deletes it.
	deleted := false
	n, err := db.RepairContent(ctx, 0, 10, func(ctx context.Context, site int64, kind, key string) (*sitecore.ContentEntry, error) {
		e, err := mongo.CurrentEntry(s, ctx, site, kind, key)
		if err != nil || deleted {
			return e, err
		}
		if e == nil {
			return nil, errors.New("the lost page is not there to read")
		}
		deleted = true
		return e, s.DeletePage(ctx, site, key)
	})
	if err != nil || n != 1 {
		t.Fatalf("repair: %d, %v", n, err)
	}
	if c, err := s.CountPages(ctx, 2); err != nil || c != 0 {
		t.Errorf("pages counted after the delete: %d, %v; want 0", c, err)
	}
	if id, err := db.ContentDocID(ctx, 2, sitecore.ContentPage, "ghost"); err != nil || id != "" {
		t.Errorf("index entry of the deleted page: %q, %v; want none", id, err)
	}
	if n := pendingMarks(t, db); n != 0 {
		t.Errorf("%d pending marks left", n)
	}
}
