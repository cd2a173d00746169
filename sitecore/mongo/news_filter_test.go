package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/mongo"
)

// TestFilterNews checks the panel's news list query against the same selection made in Go
// over every item: status, language (text or draft), tag, paging, newest first, the site's
// items only, and no bodies; once answered by the document store, once by the content index.
func TestFilterNews(t *testing.T) {
	t.Run("document store", func(t *testing.T) { testFilterNews(t, testenv.Mongo(t)) })
	t.Run("content index", func(t *testing.T) { testFilterNews(t, indexedStore(t)) })
}

func testFilterNews(t *testing.T, s *mongo.Store) {
	ctx := context.Background()
	var all []*sitecore.News
	for i := range 40 {
		n := &sitecore.News{SiteID: 1, Key: fmt.Sprintf("n%02d", i), Published: i%2 == 0, Tags: []string{fmt.Sprintf("t%d", i%3)},
			Text:        map[sitecore.Lang]sitecore.NewsText{},
			PublishedAt: t0.Add(-time.Duration(i%17) * time.Hour), UpdatedAt: t0} // ties in published_at: ordered by key
		text := sitecore.NewsText{Title: n.Key, Slug: n.Key, Body: "<p>body " + n.Key + "</p>"}
		switch i % 4 {
		case 0:
			n.Text[sitecore.Kazakh] = text
		case 1:
			n.Text[sitecore.Russian] = text
		case 2:
			n.Draft = map[sitecore.Lang]sitecore.NewsText{sitecore.English: text}
		case 3:
			n.Text["uz"], n.Draft = text, map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: text}
		}
		if i%5 == 0 {
			at := t0.Add(time.Duration(i) * time.Hour)
			n.PublishAt = &at
		}
		all = append(all, n)
		other := *n
		other.SiteID = 2
		for _, x := range []*sitecore.News{n, &other} {
			if err := s.UpsertNews(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := func(f sitecore.NewsFilter, offset, limit int) []string {
		var out []*sitecore.News
		for _, n := range all {
			_, draft := n.Draft[f.Lang]
			_, text := n.Text[f.Lang]
			if (f.Status == "draft" && n.Published) || (f.Status == "published" && !n.Published) || (f.Status == "scheduled" && n.PublishAt == nil) ||
				(f.Lang != "" && !draft && !text) || (f.Tag != "" && !slices.Contains(n.Tags, f.Tag)) {
				continue
			}
			out = append(out, n)
		}
		slices.SortStableFunc(out, func(a, b *sitecore.News) int {
			if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
				return c
			}
			return strings.Compare(a.Key, b.Key)
		})
		var keys []string
		for i, n := range out {
			if i >= offset && len(keys) < limit {
				keys = append(keys, n.Key)
			}
		}
		return keys
	}
	for _, f := range []sitecore.NewsFilter{{}, {Status: "draft"}, {Status: "published"}, {Status: "scheduled"}, {Lang: sitecore.Kazakh},
		{Lang: sitecore.English}, {Lang: "uz"}, {Tag: "t1"}, {Status: "published", Tag: "t2", Lang: sitecore.Kazakh}, {Tag: "none"}} {
		for _, page := range [][2]int{{0, 7}, {7, 7}, {0, 100}} {
			got, err := s.FilterNews(ctx, 1, f, page[0], page[1])
			if err != nil {
				t.Fatalf("FilterNews(%+v): %v", f, err)
			}
			var keys []string
			for _, n := range got {
				if n.SiteID != 1 {
					t.Errorf("FilterNews(%+v) returned an item of site %d", f, n.SiteID)
				}
				for l, x := range n.Text {
					if x.Body != "" || x.Title == "" {
						t.Errorf("FilterNews: %s text %s has body %q, title %q", n.Key, l, x.Body, x.Title)
					}
				}
				for l, x := range n.Draft {
					if x.Body != "" || x.Title == "" {
						t.Errorf("FilterNews: %s draft %s has body %q, title %q", n.Key, l, x.Body, x.Title)
					}
				}
				keys = append(keys, n.Key)
			}
			if w := want(f, page[0], page[1]); !slices.Equal(keys, w) {
				t.Errorf("FilterNews(%+v, %d, %d) = %v, want %v", f, page[0], page[1], keys, w)
			}
		}
	}
}
