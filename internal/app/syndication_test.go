package app_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/workflows"
)

// TestSyndicationCircleStops: three schools subscribe to each other's Atom feeds in a
// circle (B reads A, C reads B, A reads C), importing and publishing what they find, so
// every item comes round to where it started. Every school ends with its own item and the
// two others, once each: feeds keep the original's ID on copies, a school never imports
// its own item back, and an entry is imported once per school whatever path it takes.
func TestSyndicationCircleStops(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{"MEKTEP_SYNDICATION_ALLOW_NETS": "127.0.0.0/8"}})
	a := s.App
	// Feed hosts (a.kz, ...) are the sites' domains: every connection goes to this test's
	// server, through the same address check as production.
	addr := strings.TrimPrefix(s.URL, "http://")
	tr := a.FeedClient.Transport.(*http.Transport)
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) { return dial(ctx, network, addr) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = a.RunWorker(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	names := []string{"circle-a", "circle-b", "circle-c"}
	sites := make([]*sitecore.Site, 3)
	for i, slug := range names {
		site, err := sitecore.NewSite{Slug: slug, Names: map[string]string{"kk": "Мектеп " + slug}, Domains: []string{slug + ".kz"},
			Languages: []string{"kk"}, OwnerEmail: "o@" + slug + ".kz"}.Validate()
		if err != nil {
			t.Fatal(err)
		}
		if err := a.DB.CreateSite(ctx, site); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.SetSiteStep(ctx, site.ID, sitecore.StepActivated); err != nil {
			t.Fatal(err)
		}
		sites[i] = site
		key := "own-" + slug
		if _, err := a.News.Create(ctx, op, sitecore.Actor{}, site.ID, cms.NewsInput{Key: key,
			Text: map[string]cms.NewsText{"kk": {Title: "News of " + slug, Slug: key, Body: "<p>hello</p><script>alert(1)</script>"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.News.SetPublished(ctx, op, sitecore.Actor{}, site.ID, key, true); err != nil {
			t.Fatal(err)
		}
	}
	subs := make([]*syndication.Subscription, 3)
	for i, site := range sites {
		from := names[(i+2)%3] // a reads c, b reads a, c reads b
		sub, err := a.Syndication.Subscribe(ctx, op, sitecore.Actor{}, site.ID, syndication.SubscriptionInput{
			URL: "http://" + from + ".kz/kk/feed.atom", Mode: syndication.ImportPublish})
		if err != nil {
			t.Fatal(err)
		}
		subs[i] = sub
	}
	st := a.DB.Syndication()
	// pollRound asks every subscription to poll once more and waits until all three did.
	pollRound := func() {
		t.Helper()
		before := make([]time.Time, 3)
		for i, sub := range subs {
			if cur, err := st.FindSubscription(ctx, sites[i].ID, sub.ID); err == nil && cur.LastPolledAt != nil {
				before[i] = *cur.LastPolledAt
			}
		}
		for i, sub := range subs {
			if err := a.SyndicationWF.PollNow(ctx, sites[i].ID, sub.ID); err != nil {
				t.Fatal(err)
			}
		}
		testenv.Eventually(t, time.Minute, "a poll of every subscription", func() bool {
			for i, sub := range subs {
				cur, err := st.FindSubscription(ctx, sites[i].ID, sub.ID)
				if err != nil || cur.LastPolledAt == nil || !cur.LastPolledAt.After(before[i]) {
					return false
				}
			}
			return true
		})
	}
	titles := func(site *sitecore.Site) map[string]int {
		items, _, err := a.Content.ListAllNews(ctx, site.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, n := range items {
			out[n.Text[sitecore.Kazakh].Title]++
			if strings.Contains(n.Text[sitecore.Kazakh].Body, "script") {
				t.Errorf("%s: imported body not sanitized: %q", site.Slug, n.Text[sitecore.Kazakh].Body)
			}
		}
		return out
	}
	// Two items travel two hops each; a few more rounds than that prove it stops.
	for range 6 {
		pollRound()
	}
	for i, site := range sites {
		got := titles(site)
		if len(got) != 3 {
			t.Errorf("%s holds %v, want its own item and the two others", site.Slug, got)
		}
		for _, slug := range names {
			if got["News of "+slug] != 1 {
				t.Errorf("%s holds %d copies of %s's item: %v", site.Slug, got["News of "+slug], slug, got)
			}
		}
		if cur, _ := st.FindSubscription(ctx, site.ID, subs[i].ID); cur.Imported != 2 || cur.LastError != "" {
			t.Errorf("%s: subscription imported %d (error %q), want 2", site.Slug, cur.Imported, cur.LastError)
		}
	}
	// Conditional GET: an unchanged feed answers 304 and imports nothing.
	r := s.do("GET", "/kk/feed.atom", nil, "Host", "circle-a.kz")
	if r2 := s.do("GET", "/kk/feed.atom", nil, "Host", "circle-a.kz", "If-None-Match", r.Header.Get("ETag")); r2.Status != 304 {
		t.Errorf("feed with If-None-Match: %d", r2.Status)
	}
	// Unsubscribing stops the process.
	if err := a.Syndication.Unsubscribe(ctx, op, sitecore.Actor{}, sites[0].ID, subs[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindSubscription(ctx, sites[0].ID, subs[0].ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("subscription after unsubscribe: %v", err)
	}
	// The polling process closed; its history replays (and with MEKTEP_RECORD_HISTORY=1
	// becomes the golden history the workflows package checks).
	recordHistory(t, s, workflows.PollWorkflowID(sites[0].ID, subs[0].ID), "syndication_poll.json", func(r worker.WorkflowReplayer) {
		r.RegisterWorkflow(workflows.SyndicationPoll)
	})
}
