package app_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/mektep/mektep/internal/app"
	"github.com/mektep/mektep/internal/metrics"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
)

// entryLost is the platform's content index with entry writes that fail, as when the process
// dies between a document's write and its entry's.
type entryLost struct{ *postgres.DB }

func (entryLost) PutContent(context.Context, *sitecore.ContentEntry) error {
	return errors.New("died before the entry was written")
}

// TestWorkerRepairsContentIndex: a page whose index entry was lost is missing from the
// site's lists until the worker's repair pass (grace 1 s here) puts it in, and the repair is
// counted.
func TestWorkerRepairsContentIndex(t *testing.T) {
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_CONTENT_REPAIR_GRACE": "1s"}})
	a := provisionTenant(t, s, "school-repair")
	ctx := context.Background()
	lost := *s.App.Content
	lost.Index = entryLost{s.App.DB}
	repairs := func() float64 {
		var m dto.Metric
		if err := s.App.Metrics.ContentRepaired.Write(&m); err != nil {
			t.Fatal(err)
		}
		return m.GetCounter().GetValue()
	}
	before := repairs()
	p := &sitecore.Page{SiteID: a.site, Key: "lost-entry", Kind: sitecore.PageStandard, Position: 9, Published: true,
		Text: map[sitecore.Lang]sitecore.PageText{sitecore.Kazakh: {Title: "Жоғалған", Slug: "zhogalgan", Body: "<p>x</p>"}}}
	if err := lost.UpsertPage(ctx, p); err == nil {
		t.Fatal("the write reported no error although its entry was lost")
	}
	listed := func() bool {
		pages, err := s.App.Content.PageOutline(ctx, a.site)
		if err != nil {
			t.Fatal(err)
		}
		for _, pg := range pages {
			if pg.Key == p.Key {
				return true
			}
		}
		return false
	}
	if listed() {
		t.Fatal("the page is listed before any repair: the test proves nothing")
	}
	// The entry shows as soon as it is written; the pass counts it when it ends.
	testenv.Eventually(t, time.Minute, "the worker puts the lost entry in and counts it", func() bool {
		return listed() && repairs() >= before+1
	})
}

// TestWorkerRepairsContentIndexAtStart: the worker's repair loop settles, in its first pass,
// a mark older than the grace whose entry was lost (a page written without its entry), leaves
// a younger one alone, and shows both in its metrics: one entry repaired, one mark waiting.
func TestWorkerRepairsContentIndexAtStart(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	if _, err := db.Pool.Exec(ctx, `
		INSERT INTO sites (id, slug, names, languages, owner_email, status, step)
		VALUES (1, 'repair', '{"kk": "Мектеп"}', '{kk}', 'o@repair.kz', 'active', 'done')`); err != nil {
		t.Fatal(err)
	}
	content := testenv.Mongo(t)
	// Written as a write that died after its document: the mark and the document, no entry.
	docsOnly := *content
	for _, key := range []string{"lost", "in-flight"} {
		if _, err := db.MarkContentPending(ctx, 1, sitecore.ContentPage, key); err != nil {
			t.Fatal(err)
		}
		if err := docsOnly.UpsertPage(ctx, &sitecore.Page{SiteID: 1, Key: key, Kind: sitecore.PageStandard, Published: true,
			Text: map[sitecore.Lang]sitecore.PageText{sitecore.Kazakh: {Title: key, Slug: key}}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE content_index_pending SET since = since - interval '2 hours' WHERE key = 'lost'`); err != nil {
		t.Fatal(err)
	}
	content.Index = db
	a := &app.App{Log: testenv.Logger(t), DB: db, Content: content, Metrics: metrics.New()}

	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { app.RepairContentIndex(a, rctx, time.Hour) })
	defer func() { cancel(); wg.Wait() }()

	value := func(name string) float64 {
		mfs, err := a.Metrics.Registry.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			if mf.GetName() == name {
				m := mf.GetMetric()[0]
				return m.GetCounter().GetValue() + m.GetGauge().GetValue()
			}
		}
		return -1
	}
	testenv.Eventually(t, 10*time.Second, "the first repair pass", func() bool {
		return value("mektep_content_index_repairs_total") == 1 && value("mektep_content_index_pending") == 1
	})
	for key, want := range map[string]bool{"lost": true, "in-flight": false} {
		id, err := db.ContentDocID(ctx, 1, sitecore.ContentPage, key)
		if err != nil || (id != "") != want {
			t.Errorf("entry of %s: %q, %v; want one: %v", key, id, err, want)
		}
	}
}
