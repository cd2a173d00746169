package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

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
	testenv.Eventually(t, time.Minute, "the worker puts the lost entry in", listed)
	if got := repairs(); got < before+1 {
		t.Errorf("mektep_content_index_repairs_total went from %v to %v", before, got)
	}
}
