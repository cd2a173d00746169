package workflows

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/syndication/portal/portaltest"
)

// TestSyndicationEndToEnd runs the whole outbound path on the Temporal dev server: the CMS
// publishes, edits and unpublishes news, a fake national portal and a fake regional partner
// (real HTTP servers) fail with 500s, 429s with Retry-After, hangs and lost answers, and the
// worker is stopped in the middle and replaced. In the end every item is at each partner
// exactly once, updates arrived in order, unpublishing came last, and drafts never left.
func TestSyndicationEndToEnd(t *testing.T) {
	ctx := context.Background()
	w := newSyndicationWorld(t, "e2e-school")
	c := testenv.TemporalClient(t)
	queue := fmt.Sprintf("synd-e2e-%d", w.site.ID)
	dispatch := &SyndicationClient{Temporal: c, TaskQueue: queue,
		Retry: RetrySettings{Initial: 100 * time.Millisecond, Maximum: time.Second, For: 10 * time.Minute, Attempt: 3 * time.Second}}
	svc := &syndication.Service{Store: w.db.Syndication(), Org: w.db, Dispatch: dispatch}
	w.news.Syndicator = svc

	national, regional := w.portals[w.national.ID], w.portals[w.regional.ID]
	var mu sync.Mutex
	hung := 0
	national.Fault = func(n int, r *http.Request) portaltest.Fault {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case n <= 3:
			return portaltest.Fail500
		case n == 4 || n%11 == 0:
			return portaltest.Fail429
		case n == 5 || n%13 == 0:
			return portaltest.LoseAnswer
		case n%7 == 0:
			return portaltest.Fail500
		case n == 8 || n == 9:
			hung++
			return portaltest.Hang
		}
		return portaltest.OK
	}
	regional.Fault = func(n int, r *http.Request) portaltest.Fault {
		switch {
		case n%5 == 0:
			return portaltest.Fail500
		case n%9 == 0:
			return portaltest.LoseAnswer
		case n%17 == 0:
			return portaltest.Fail429
		}
		return portaltest.OK
	}

	newWorker := func() worker.Worker {
		wk := worker.New(c, queue, worker.Options{})
		wk.RegisterWorkflow(SyndicationOutbound)
		wk.RegisterWorkflow(SyndicationOutboundBatch)
		wk.RegisterWorkflow(SyndicationOutboundShard)
		wk.RegisterActivity(w.act)
		if err := wk.Start(); err != nil {
			t.Fatal(err)
		}
		return wk
	}
	first := newWorker()
	// The change outbox's relay, as the worker process runs it.
	rctx, stopRelay := context.WithCancel(ctx)
	relayDone := make(chan struct{})
	go func() {
		(&SyndicationRelay{Store: w.db.Syndication(), Client: dispatch, Log: testenv.Logger(t), Poll: 20 * time.Millisecond}).Run(rctx)
		close(relayDone)
	}()
	defer func() { stopRelay(); <-relayDone }()

	const items = 12
	final := map[string]string{}
	unpublished := map[string]bool{}
	for i := range items {
		key := fmt.Sprintf("n%02d", i)
		var tags []string
		if i%2 == 0 {
			tags = []string{"region"}
		}
		w.publish(t, key, key+" v1", tags...)
		final[key] = key + " v1"
	}
	// The worker dies while the first deliveries are in flight (two of them hang).
	testenv.Eventually(t, 30*time.Second, "deliveries in flight", func() bool { mu.Lock(); defer mu.Unlock(); return hung > 0 })
	first.Stop()
	second := newWorker()
	defer second.Stop()

	for i := range items {
		key := fmt.Sprintf("n%02d", i)
		for v := 2; v <= 3; v++ {
			w.edit(t, key, fmt.Sprintf("%s v%d", key, v))
			final[key] = fmt.Sprintf("%s v%d", key, v)
		}
		if i%3 == 0 {
			w.unpublish(t, key)
			unpublished[key] = true
		}
	}
	// A draft, and a draft edit of a published item, never leave.
	if _, err := w.news.Create(ctx, operator, sitecore.Actor{}, w.site.ID, cms.NewsInput{Key: "secret", Tags: &[]string{"region"},
		Text: map[string]cms.NewsText{"kk": {Title: "secret draft", Slug: "secret"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.news.Update(ctx, operator, sitecore.Actor{}, w.site.ID, "n01", cms.NewsInput{
		Text: map[string]cms.NewsText{"kk": {Title: "secret edit", Slug: "n01"}}}); err != nil {
		t.Fatal(err)
	}
	if err := svc.NewsChanged(ctx, w.site.ID, "secret"); err != nil {
		t.Fatal(err)
	}

	// Wait until both partners show the final state.
	var mismatch []string
	settled := func(p *portaltest.Server, want func(key string) bool) bool {
		mismatch = mismatch[:0]
		live := map[string]string{}
		for _, it := range p.Items() {
			if !it.Deleted {
				for _, x := range it.Body.Texts {
					live[strings.Split(it.Body.ExternalID, ":")[2]] = x.Title
				}
			}
		}
		for key, title := range final {
			if want(key) && !unpublished[key] {
				if live[key] != title {
					mismatch = append(mismatch, key+"="+live[key])
				}
			} else if _, ok := live[key]; ok {
				mismatch = append(mismatch, key+" live")
			}
		}
		return len(mismatch) == 0
	}
	everything := func(string) bool { return true }
	tagged := func(key string) bool { var i int; fmt.Sscanf(key, "n%d", &i); return i%2 == 0 }
	st := w.db.Syndication()
	var why string
	defer func() {
		if t.Failed() {
			t.Log("last state: ", why)
			for name, p := range map[string]*portaltest.Server{"national": national, "regional": regional} {
				for _, e := range p.Events() {
					t.Logf("%s event %+v", name, e)
				}
			}
			ds, _ := st.Deliveries(ctx, w.site.ID, syndication.DeliveryFilter{Limit: 200})
			for _, d := range ds {
				t.Logf("delivery %s %s attempts %d %q", d.Key, d.State, d.Attempts, d.Error)
			}
		}
	}()
	testenv.Eventually(t, 3*time.Minute, "partners settled", func() bool {
		pending, err := st.Deliveries(ctx, w.site.ID, syndication.DeliveryFilter{State: syndication.StatePending, Limit: 5})
		why = fmt.Sprintf("pending %+v (%v), national %v %v", pending, err, settled(national, everything), mismatch)
		why += fmt.Sprintf(" regional %v %v", settled(regional, tagged), mismatch)
		return err == nil && len(pending) == 0 && settled(national, everything) && settled(regional, tagged)
	})

	for name, p := range map[string]*portaltest.Server{"national": national, "regional": regional} {
		creates := map[string]int{}
		last := map[string]portaltest.Event{}
		for _, e := range p.Events() {
			key := strings.Split(e.ExternalID, ":")[2]
			if prev, ok := last[key]; ok {
				if prev.Op == "delete" {
					t.Errorf("%s: %s after the delete of %s", name, e.Op, key)
				}
				if e.Op == "update" && e.Version < prev.Version {
					t.Errorf("%s: update of %s went back from version %d to %d", name, key, prev.Version, e.Version)
				}
			} else if e.Op != "create" {
				t.Errorf("%s: first operation on %s is %s", name, key, e.Op)
			}
			if e.Op == "create" {
				creates[e.ExternalID]++
			}
			if strings.Contains(e.Title, "secret") {
				t.Errorf("%s received a draft: %+v", name, e)
			}
			last[key] = e
		}
		for ext, n := range creates {
			if n != 1 {
				t.Errorf("%s: %s created %d times", name, ext, n)
			}
		}
		for key := range unpublished {
			if e, ok := last[key]; ok && e.Op != "delete" {
				t.Errorf("%s: last operation on unpublished %s is %s", name, key, e.Op)
			}
		}
	}
	dead, err := st.Deliveries(ctx, w.site.ID, syndication.DeliveryFilter{State: syndication.StateDead, Limit: 100})
	if err != nil || len(dead) != 0 {
		t.Errorf("dead letters: %+v, %v", dead, err)
	}

	// The national workflow's real history (signals, failures, a replaced worker) replays
	// with the current code.
	h := testenv.History(t, c, OutboundShardWorkflowID(w.national.ID, ShardOf(w.site.ID, dispatch.Shards)))
	replayer := worker.NewWorkflowReplayer()
	replayer.RegisterWorkflow(SyndicationOutboundShard)
	if err := replayer.ReplayWorkflowHistory(nil, h); err != nil || len(h.Events) < 20 {
		t.Errorf("replay of %d events: %v", len(h.Events), err)
	}

	// Opting out of the national portal stops it at once; the regional partner still gets news.
	if err := w.db.Syndication().ReplaceRules(ctx, w.site.ID, []syndication.Rule{{DestinationID: w.regional.ID}},
		&sitecore.AuditEntry{SiteID: w.site.ID, Action: "syndication.rules"}); err != nil {
		t.Fatal(err)
	}
	before := len(national.Events())
	w.publish(t, "late", "late news", "region")
	testenv.Eventually(t, time.Minute, "late news at the regional partner", func() bool {
		for _, it := range regional.Items() {
			if strings.Contains(it.Body.ExternalID, ":late:") {
				return true
			}
		}
		return false
	})
	if after := national.Events(); len(after) != before {
		t.Errorf("the national portal got %d operations after the opt-out: %+v", len(after)-before, after[before:])
	}
}
