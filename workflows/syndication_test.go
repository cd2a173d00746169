package workflows

import (
	"context"
	"crypto/rand"
	"math/big"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/mongo"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/syndication/portal"
	"github.com/mektep/mektep/sitecore/syndication/portal/portaltest"
)

// syndicationWorld is one school on real PostgreSQL and Mongo API with destinations served
// by fake portals (real HTTP servers).
type syndicationWorld struct {
	db       *postgres.DB
	content  *mongo.Store
	site     *sitecore.Site
	national syndication.Destination
	regional syndication.Destination
	portals  map[int64]*portaltest.Server
	act      *activities.Syndication
	news     *cms.News
}

func newSyndicationWorld(t *testing.T, slug string) *syndicationWorld {
	t.Helper()
	ctx := context.Background()
	w := &syndicationWorld{db: testenv.Postgres(t), content: testenv.Mongo(t), portals: map[int64]*portaltest.Server{}}
	// Workflow IDs are built from site and destination IDs, and tests share one Temporal
	// server: start the sequences at a random offset.
	off, _ := rand.Int(rand.Reader, big.NewInt(1<<40))
	if _, err := w.db.Pool.Exec(ctx, `SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, $1)
		FROM pg_sequences WHERE schemaname = 'public' AND max_value > $1`, off.Int64()+1); err != nil {
		t.Fatal(err)
	}
	site, err := sitecore.NewSite{Slug: slug, Names: map[string]string{"kk": "Мектеп", "ru": "Школа"}, Domains: []string{slug + ".kz"},
		Languages: []string{"kk", "ru"}, OwnerEmail: "owner@" + slug + ".kz"}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.CreateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SetSiteStep(ctx, site.ID, sitecore.StepActivated); err != nil {
		t.Fatal(err)
	}
	w.site = site
	st := w.db.Syndication()
	names := map[sitecore.Lang]string{sitecore.Kazakh: "Портал", sitecore.Russian: "Портал", sitecore.English: "Portal"}
	for _, d := range []*syndication.Destination{&w.national, &w.regional} {
		p := portaltest.New()
		t.Cleanup(p.Close)
		p.HangFor = 2 * time.Second
		*d = syndication.Destination{Scope: syndication.ScopePartner, Protocol: syndication.ProtocolPortal, Endpoint: p.URL, Names: names, Enabled: true}
		if err := st.CreateDestination(ctx, d); err != nil {
			t.Fatal(err)
		}
		w.portals[d.ID] = p
	}
	if err := st.ReplaceRules(ctx, site.ID, []syndication.Rule{{DestinationID: w.national.ID}, {DestinationID: w.regional.ID, Tags: []string{"region"}}},
		&sitecore.AuditEntry{SiteID: site.ID, Action: "syndication.rules"}); err != nil {
		t.Fatal(err)
	}
	siteURL := func(s *sitecore.Site) string { return "https://" + s.Domains[0] }
	w.act = &activities.Syndication{Store: st, Content: w.content, Sites: w.db, SiteURL: siteURL, Log: testenv.Logger(t),
		Partner: func(d *syndication.Destination) (syndication.Partner, error) {
			return &portal.Client{BaseURL: d.Endpoint, HTTP: &http.Client{Timeout: 500 * time.Millisecond}}, nil
		}}
	w.news = &cms.News{Content: w.content, Sites: w.db, SiteURL: siteURL}
	return w
}

// unitRetry is the production retry policy with an explicit attempt bound (the test
// environment's default is 10 attempts).
var unitRetry = RetrySettings{MaxAttempts: 10000}

// outboundKind is one of the outbound workflow types: the shard one the relay starts and the
// older ones that drain (their tests stay, since running processes of them remain).
type outboundKind struct {
	name   string
	start  func(env *testsuite.TestWorkflowEnvironment, siteID, destID int64, pending ...string)
	signal func(env *testsuite.TestWorkflowEnvironment, siteID int64, key string)
}

var outboundKinds = []outboundKind{
	{name: "shard",
		start: func(env *testsuite.TestWorkflowEnvironment, siteID, destID int64, pending ...string) {
			var items []activities.ItemRef
			for _, k := range pending {
				items = append(items, activities.ItemRef{SiteID: siteID, Key: k})
			}
			env.ExecuteWorkflow(SyndicationOutboundShard, OutboundShardInput{DestinationID: destID, Shard: ShardOf(siteID, 0), Pending: items, Retry: unitRetry})
		},
		signal: func(env *testsuite.TestWorkflowEnvironment, siteID int64, key string) {
			env.SignalWorkflow(SignalShardItems, []activities.ItemRef{{SiteID: siteID, Key: key}})
		}},
	{name: "batch",
		start: func(env *testsuite.TestWorkflowEnvironment, siteID, destID int64, pending ...string) {
			env.ExecuteWorkflow(SyndicationOutboundBatch, OutboundBatchInput{SiteID: siteID, DestinationID: destID, Pending: pending, Retry: unitRetry})
		},
		signal: func(env *testsuite.TestWorkflowEnvironment, _ int64, key string) {
			env.SignalWorkflow(SignalNewsBatch, []string{key})
		}},
	{name: "single",
		start: func(env *testsuite.TestWorkflowEnvironment, siteID, destID int64, pending ...string) {
			env.ExecuteWorkflow(SyndicationOutbound, OutboundInput{SiteID: siteID, DestinationID: destID, Pending: pending, Retry: unitRetry})
		},
		signal: func(env *testsuite.TestWorkflowEnvironment, _ int64, key string) {
			env.SignalWorkflow(SignalNewsChanged, key)
		}},
}

var operator = &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}

// publish creates and publishes a news item through the CMS (tags as given).
func (w *syndicationWorld) publish(t *testing.T, key, title string, tags ...string) {
	t.Helper()
	ctx := context.Background()
	if _, err := w.news.Create(ctx, operator, sitecore.Actor{}, w.site.ID, cms.NewsInput{Key: key, Tags: &tags,
		Text: map[string]cms.NewsText{"kk": {Title: title, Slug: key, Body: "<p>" + title + "</p>"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.news.SetPublished(ctx, operator, sitecore.Actor{}, w.site.ID, key, true); err != nil {
		t.Fatal(err)
	}
}

// edit changes a published item's title and publishes the change.
func (w *syndicationWorld) edit(t *testing.T, key, title string) {
	t.Helper()
	ctx := context.Background()
	if _, err := w.news.Update(ctx, operator, sitecore.Actor{}, w.site.ID, key, cms.NewsInput{
		Text: map[string]cms.NewsText{"kk": {Title: title, Slug: key, Body: "<p>" + title + "</p>"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.news.SetPublished(ctx, operator, sitecore.Actor{}, w.site.ID, key, true); err != nil {
		t.Fatal(err)
	}
}

func (w *syndicationWorld) unpublish(t *testing.T, key string) {
	t.Helper()
	if _, err := w.news.SetPublished(context.Background(), operator, sitecore.Actor{}, w.site.ID, key, false); err != nil {
		t.Fatal(err)
	}
}

// faultUntil makes a portal answer 500 while cond holds, and lose the answer of the first
// request after that (the work is done, the client times out).
func faultUntil(p *portaltest.Server, failing func() bool) {
	var mu sync.Mutex
	lost := false
	p.Fault = func(int, *http.Request) portaltest.Fault {
		mu.Lock()
		defer mu.Unlock()
		if failing() {
			return portaltest.Fail500
		}
		if !lost {
			lost = true
			return portaltest.LoseAnswer
		}
		return portaltest.OK
	}
}

// TestSyndicationOutboundRetriesForDays runs the outbound workflow on the time-skipping test
// server: the portal is down for 30 hours, loses the answer of the create that finally
// works, and the item is edited while waiting and unpublished later. The portal gets one
// create with the edited text and then the withdrawal; the draft never leaves.
func TestSyndicationOutboundRetriesForDays(t *testing.T) {
	for _, k := range outboundKinds {
		t.Run(k.name, func(t *testing.T) { testRetriesForDays(t, k) })
	}
}

func testRetriesForDays(t *testing.T, k outboundKind) {
	w := newSyndicationWorld(t, "days-school-"+k.name)
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestWorkflowEnvironment()
	env.SetTestTimeout(2 * time.Minute)
	env.RegisterActivity(w.act)
	start := env.Now()
	p := w.portals[w.national.ID]
	faultUntil(p, func() bool { return env.Now().Before(start.Add(30 * time.Hour)) })

	w.publish(t, "n1", "Бірінші")
	ctx := context.Background()
	if _, err := w.news.Create(ctx, operator, sitecore.Actor{}, w.site.ID, cms.NewsInput{Key: "draft",
		Text: map[string]cms.NewsText{"kk": {Title: "Жоба", Slug: "draft"}}}); err != nil {
		t.Fatal(err)
	}
	env.RegisterDelayedCallback(func() {
		w.edit(t, "n1", "Бірінші (түзетілген)")
		k.signal(env, w.site.ID, "n1")
		k.signal(env, w.site.ID, "draft")
	}, 2*time.Hour)
	env.RegisterDelayedCallback(func() {
		w.unpublish(t, "n1")
		k.signal(env, w.site.ID, "n1")
	}, 40*time.Hour)
	k.start(env, w.site.ID, w.national.ID, "n1")
	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
		t.Fatalf("workflow: completed %v, error %v", env.IsWorkflowCompleted(), env.GetWorkflowError())
	}
	// The create whose answer was lost is found again by its external ID and brought to the
	// current content (an update), then withdrawn.
	ev := p.Events()
	if len(ev) < 2 || ev[0].Op != "create" || ev[0].Title != "Бірінші (түзетілген)" || ev[len(ev)-1].Op != "delete" || ev[len(ev)-1].ID != ev[0].ID {
		t.Fatalf("portal events = %+v, want the edited create first and its delete last", ev)
	}
	for _, e := range ev[1 : len(ev)-1] {
		if e.Op != "update" || e.Title != ev[0].Title {
			t.Errorf("between create and delete: %+v", e)
		}
	}
	if items := p.Items(); len(items) != 1 {
		t.Errorf("portal holds %d items, want 1 (the lost answer must not duplicate)", len(items))
	}
	ds, err := w.db.Syndication().Deliveries(ctx, w.site.ID, syndication.DeliveryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, d := range ds {
		if d.State != syndication.StateDelivered {
			t.Errorf("delivery %s is %s (%s)", d.Key, d.State, d.Error)
		}
		if d.Op == syndication.OpCreate && d.Attempts < 10 {
			t.Errorf("create took %d attempts; 30 hours of outage should take more", d.Attempts)
		}
		ops = append(ops, string(d.Op))
		if d.NewsKey == "draft" {
			t.Error("a draft was delivered")
		}
	}
	slices.Sort(ops)
	if !slices.Equal(ops, []string{"create", "unpublish"}) {
		t.Errorf("deliveries %v", ops)
	}
}

// TestSyndicationDeadLetterAndResend: a refused item (422) is a dead letter at once, an item
// whose portal stays down past the retry window is buried, and a resend after the portal
// recovers delivers both.
func TestSyndicationDeadLetterAndResend(t *testing.T) {
	for _, k := range outboundKinds {
		t.Run(k.name, func(t *testing.T) { testDeadLetterAndResend(t, k) })
	}
}

func testDeadLetterAndResend(t *testing.T, k outboundKind) {
	w := newSyndicationWorld(t, "dead-school-"+k.name)
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestWorkflowEnvironment()
	env.SetTestTimeout(2 * time.Minute)
	env.RegisterActivity(w.act)
	start := env.Now()
	p := w.portals[w.national.ID]
	var mu sync.Mutex
	refuse := true
	p.Fault = func(_ int, r *http.Request) portaltest.Fault {
		mu.Lock()
		defer mu.Unlock()
		if env.Now().Before(start.Add(80 * time.Hour)) {
			return portaltest.Fail500
		}
		return portaltest.OK
	}
	w.publish(t, "down", "Down")
	// The 422 comes from a portal that validates titles: an empty body is refused.
	refusing := portaltest.New()
	defer refusing.Close()
	refusing.Fault = func(_ int, r *http.Request) portaltest.Fault {
		mu.Lock()
		defer mu.Unlock()
		if refuse {
			return portaltest.Fail422
		}
		return portaltest.OK
	}
	w.act.Partner = func(d *syndication.Destination) (syndication.Partner, error) {
		if d.ID == w.regional.ID {
			return &portal.Client{BaseURL: refusing.URL}, nil
		}
		return &portal.Client{BaseURL: d.Endpoint, HTTP: &http.Client{Timeout: 500 * time.Millisecond}}, nil
	}
	w.publish(t, "refused", "Refused", "region")
	ctx := context.Background()
	st := w.db.Syndication()

	// The regional destination: refused at once, resent after the fix.
	env.RegisterDelayedCallback(func() {
		ds, err := st.Deliveries(ctx, w.site.ID, syndication.DeliveryFilter{State: syndication.StateDead})
		if err != nil || len(ds) != 1 || ds[0].NewsKey != "refused" || ds[0].Attempts != 1 {
			t.Errorf("dead letters after the 422: %+v", ds)
		}
		mu.Lock()
		refuse = false
		mu.Unlock()
		k.signal(env, w.site.ID, "refused") // what Service.Resend sends
	}, time.Hour)
	k.start(env, w.site.ID, w.regional.ID, "refused")
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if ev := refusing.Events(); len(ev) != 1 || ev[0].Op != "create" {
		t.Errorf("refusing portal events after resend = %+v", ev)
	}

	// The national destination: down for 80 hours, past the 72-hour window.
	env2 := ts.NewTestWorkflowEnvironment()
	env2.SetTestTimeout(2 * time.Minute)
	env2.RegisterActivity(w.act)
	start = env2.Now()
	env = env2
	k.start(env2, w.site.ID, w.national.ID, "down")
	if err := env2.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	ds, err := st.Deliveries(ctx, w.site.ID, syndication.DeliveryFilter{DestinationID: w.national.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].State != syndication.StateDead || ds[0].Error == "" || len(p.Items()) != 0 {
		t.Fatalf("after 72 hours down: %+v, portal items %d", ds, len(p.Items()))
	}
}

// TestSyndicationPollReplay replays a recorded polling history (polls, "poll now" signals,
// then cancellation by unsubscribing; recorded by internal/app's TestSyndicationCircleStops
// with MEKTEP_RECORD_HISTORY=1).
func TestSyndicationPollReplay(t *testing.T) {
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(SyndicationPoll)
	if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/syndication_poll.json"); err != nil {
		t.Fatalf("replay: %v", err)
	}
}

// TestSyndicationShardSpansSchools: one shard process delivers the items of two schools in
// one batch (one DeliverShard activity), each school's item to the destination exactly once
// under its own delivery key, and a school that opted out sends nothing although it shares
// the shard.
func TestSyndicationShardSpansSchools(t *testing.T) {
	w := newSyndicationWorld(t, "shard-school")
	ctx := context.Background()
	st := w.db.Syndication()
	other, err := sitecore.NewSite{Slug: "shard-other", Names: map[string]string{"kk": "Екінші"}, Domains: []string{"shard-other.kz"},
		Languages: []string{"kk"}, OwnerEmail: "owner@shard-other.kz"}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.CreateSite(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SetSiteStep(ctx, other.ID, sitecore.StepActivated); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceRules(ctx, other.ID, []syndication.Rule{{DestinationID: w.national.ID}},
		&sitecore.AuditEntry{SiteID: other.ID, Action: "syndication.rules"}); err != nil {
		t.Fatal(err)
	}
	w.publish(t, "mine", "Менікі")
	if _, err := w.news.Create(ctx, operator, sitecore.Actor{}, other.ID, cms.NewsInput{Key: "theirs",
		Text: map[string]cms.NewsText{"kk": {Title: "Олардікі", Slug: "theirs"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.news.SetPublished(ctx, operator, sitecore.Actor{}, other.ID, "theirs", true); err != nil {
		t.Fatal(err)
	}
	// A third school in the same shard opted out of the destination: nothing of it leaves.
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestWorkflowEnvironment()
	env.SetTestTimeout(time.Minute)
	env.RegisterActivity(w.act)
	var batches [][]activities.ItemRef
	env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, args converter.EncodedValues) {
		if info.ActivityType.Name == "DeliverShard" {
			var in activities.DeliverShardInput
			if err := args.Get(&in); err != nil {
				t.Error(err)
			}
			batches = append(batches, in.Items)
		}
	})
	const optedOut = 1 << 50
	env.ExecuteWorkflow(SyndicationOutboundShard, OutboundShardInput{DestinationID: w.national.ID, Retry: unitRetry,
		Pending: []activities.ItemRef{{SiteID: w.site.ID, Key: "mine"}, {SiteID: other.ID, Key: "theirs"}, {SiteID: optedOut, Key: "x"}}})
	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
		t.Fatalf("workflow: completed %v, error %v", env.IsWorkflowCompleted(), env.GetWorkflowError())
	}
	if len(batches) != 1 || len(batches[0]) != 3 {
		t.Errorf("DeliverShard batches %v, want one with the three items", batches)
	}
	creates := map[string]int{}
	for _, e := range w.portals[w.national.ID].Events() {
		if e.Op == "create" {
			creates[e.ExternalID]++
		}
	}
	if len(creates) != 2 {
		t.Errorf("creates at the portal %v, want one item of each school", creates)
	}
	for ext, n := range creates {
		if n != 1 {
			t.Errorf("%s created %d times", ext, n)
		}
	}
	for _, site := range []int64{w.site.ID, other.ID} {
		ds, err := st.Deliveries(ctx, site, syndication.DeliveryFilter{})
		if err != nil || len(ds) != 1 || ds[0].State != syndication.StateDelivered {
			t.Errorf("site %d deliveries %+v, %v", site, ds, err)
		}
	}
}

// TestSyndicationRelayGroupsShards: a relay round's changes (per site and destination)
// become one signal per destination and shard, carrying every site's keys of that shard.
func TestSyndicationRelayGroupsShards(t *testing.T) {
	c := &SyndicationClient{Shards: 4}
	got := c.shardBatches([]syndication.ChangeBatch{
		{SiteID: 1, DestinationID: 10, Keys: []string{"a", "b"}},
		{SiteID: 5, DestinationID: 10, Keys: []string{"c"}},
		{SiteID: 2, DestinationID: 10, Keys: []string{"d"}},
		{SiteID: 1, DestinationID: 11, Keys: []string{"a", "b"}},
		{SiteID: 9, DestinationID: 11, Keys: []string{"e"}},
	})
	type sig struct {
		dest  int64
		shard int
		items []activities.ItemRef
	}
	want := []sig{
		{10, 1, []activities.ItemRef{{SiteID: 1, Key: "a"}, {SiteID: 1, Key: "b"}, {SiteID: 5, Key: "c"}}},
		{10, 2, []activities.ItemRef{{SiteID: 2, Key: "d"}}},
		{11, 1, []activities.ItemRef{{SiteID: 1, Key: "a"}, {SiteID: 1, Key: "b"}, {SiteID: 9, Key: "e"}}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d signals, want %d: %+v", len(got), len(want), got)
	}
	for i, g := range got {
		if g.dest != want[i].dest || g.shard != want[i].shard || !slices.Equal(g.items, want[i].items) {
			t.Errorf("signal %d = %+v, want %+v", i, *g, want[i])
		}
	}
	if OutboundShardWorkflowID(10, 1) == OutboundShardWorkflowID(11, 1) || ShardOf(7, 0) != 7%DefaultShards {
		t.Error("shard IDs")
	}
}
