package postgres_test

import (
	"context"
	"testing"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/syndication"
)

// syndicationFixture is a region with a district, a school in the district, a school
// elsewhere, and national and regional destinations.
type syndicationFixture struct {
	db                 *postgres.DB
	st                 *postgres.Syndication
	region, district   sitecore.OrgUnit
	school, other      *sitecore.Site
	national, regional syndication.Destination
}

func newSyndicationFixture(t *testing.T) *syndicationFixture {
	t.Helper()
	ctx := context.Background()
	f := &syndicationFixture{db: testenv.Postgres(t)}
	f.st = f.db.Syndication()
	names := map[sitecore.Lang]string{sitecore.Kazakh: "Аймақ", sitecore.Russian: "Область", sitecore.English: "Region"}
	f.region = sitecore.OrgUnit{Kind: "region", Names: names}
	if err := f.db.CreateOrgUnit(ctx, &f.region); err != nil {
		t.Fatal(err)
	}
	f.district = sitecore.OrgUnit{Kind: "district", ParentID: &f.region.ID, Names: names}
	if err := f.db.CreateOrgUnit(ctx, &f.district); err != nil {
		t.Fatal(err)
	}
	f.school = create(t, f.db, "school-a", "a.kz")
	f.other = create(t, f.db, "school-b", "b.kz")
	if err := f.db.SetSiteOrgUnit(ctx, f.school.ID, f.district.ID, entry("site.org_unit")); err != nil {
		t.Fatal(err)
	}
	f.national = syndication.Destination{Scope: syndication.ScopeNational, Protocol: syndication.ProtocolPortal,
		Endpoint: "https://portal.example.kz", Names: names, Enabled: true}
	f.regional = syndication.Destination{Scope: syndication.ScopeRegional, Protocol: syndication.ProtocolPortal,
		Endpoint: "https://region.example.kz", OrgUnitID: f.region.ID, Names: names, Enabled: true}
	for _, d := range []*syndication.Destination{&f.national, &f.regional} {
		if err := f.st.CreateDestination(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func TestSyndicationRulesAudited(t *testing.T) {
	ctx := context.Background()
	f := newSyndicationFixture(t)
	svc := &syndication.Service{Store: f.st, Org: f.db}
	admin := &sitecore.Principal{UserID: 1, Roles: map[int64][]sitecore.SiteRole{f.school.ID: {sitecore.RoleAdmin}}}
	set, err := svc.SetRules(ctx, admin, sitecore.Actor{Name: "admin"}, f.school.ID, syndication.RuleInput{Rules: []syndication.Rule{
		{DestinationID: f.national.ID}, {DestinationID: f.regional.ID, Tags: []string{"Sport"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Destinations) != 2 || len(set.Rules) != 2 || set.Rules[1].Tags[0] != "sport" {
		t.Fatalf("settings = %+v", set)
	}
	if n := count(t, f.db, `SELECT count(*) FROM audit_log WHERE site_id = $1 AND action = 'syndication.rules'`, f.school.ID); n != 1 {
		t.Errorf("%d audit entries, want 1", n)
	}
	// The other school is outside the region: the regional destination is not open to it.
	otherAdmin := &sitecore.Principal{UserID: 2, Roles: map[int64][]sitecore.SiteRole{f.other.ID: {sitecore.RoleAdmin}}}
	_, err = svc.SetRules(ctx, otherAdmin, sitecore.Actor{}, f.other.ID, syndication.RuleInput{Rules: []syndication.Rule{{DestinationID: f.regional.ID}}})
	wantErr(t, err, sitecore.EInvalid, "rules[0].destination_id", "syndication.destination_unknown")
	// An admin of one school cannot touch another's rules: the site is not found.
	_, err = svc.SetRules(ctx, otherAdmin, sitecore.Actor{}, f.school.ID, syndication.RuleInput{})
	wantErr(t, err, sitecore.ENotFound, "", "")
	// Opting out removes the rules.
	if _, err := svc.SetRules(ctx, admin, sitecore.Actor{}, f.school.ID, syndication.RuleInput{}); err != nil {
		t.Fatal(err)
	}
	if rules, _ := f.st.Rules(ctx, f.school.ID); len(rules) != 0 {
		t.Errorf("rules after opt-out: %+v", rules)
	}
}

func TestSyndicationDeliveriesScopedAndIdempotent(t *testing.T) {
	ctx := context.Background()
	f := newSyndicationFixture(t)
	d := &syndication.Delivery{Key: syndication.DeliveryKey(f.school.ID, f.national.ID, "n1", syndication.OpCreate, 1, 100),
		SiteID: f.school.ID, DestinationID: f.national.ID, NewsKey: "n1", Op: syndication.OpCreate, Version: 100}
	first, err := f.st.BeginDelivery(ctx, d)
	if err != nil || first.Attempts != 1 || first.State != syndication.StatePending {
		t.Fatalf("BeginDelivery = %+v, %v", first, err)
	}
	if err := f.st.FailDelivery(ctx, f.school.ID, d.Key, syndication.StatePending, "HTTP 500"); err != nil {
		t.Fatal(err)
	}
	again, err := f.st.BeginDelivery(ctx, d)
	if err != nil || again.Attempts != 2 || again.Error != "HTTP 500" {
		t.Fatalf("second BeginDelivery = %+v, %v", again, err)
	}
	// Another site cannot see, resend or take over the delivery by its key.
	if _, err := f.st.FindDelivery(ctx, f.other.ID, d.Key); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("other site found the delivery: %v", err)
	}
	stolen := *d
	stolen.SiteID = f.other.ID
	if _, err := f.st.BeginDelivery(ctx, &stolen); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("other site's BeginDelivery with the key: %v", err)
	}
	if ds, _ := f.st.Deliveries(ctx, f.other.ID, syndication.DeliveryFilter{}); len(ds) != 0 {
		t.Errorf("other site lists %d deliveries", len(ds))
	}
	r := syndication.Remote{SiteID: f.school.ID, DestinationID: f.national.ID, NewsKey: "n1", RemoteID: "p1", Live: true, Generation: 1, Version: 100}
	if err := f.st.CompleteDelivery(ctx, f.school.ID, d.Key, r); err != nil {
		t.Fatal(err)
	}
	got, err := f.st.FindRemote(ctx, f.school.ID, f.national.ID, "n1")
	if err != nil || got != r {
		t.Errorf("FindRemote = %+v, %v", got, err)
	}
	if other, _ := f.st.FindRemote(ctx, f.other.ID, f.national.ID, "n1"); other.Live {
		t.Error("another site sees the remote state")
	}
	// A delivered delivery attempted again stays delivered (a retry after the answer was lost).
	if again, _ := f.st.BeginDelivery(ctx, d); again.State != syndication.StateDelivered {
		t.Errorf("state after a late retry = %s", again.State)
	}

	dead := &syndication.Delivery{Key: "dead-1", SiteID: f.school.ID, DestinationID: f.national.ID, NewsKey: "n2", Op: syndication.OpCreate, Version: 1}
	if _, err := f.st.BeginDelivery(ctx, dead); err != nil {
		t.Fatal(err)
	}
	if err := f.st.FailDelivery(ctx, f.school.ID, dead.Key, syndication.StateDead, "HTTP 422: bad title"); err != nil {
		t.Fatal(err)
	}
	letters, err := f.st.DeadLetters(ctx, 10)
	if err != nil || len(letters) != 1 || letters[0].Error != "HTTP 422: bad title" {
		t.Fatalf("DeadLetters = %+v, %v", letters, err)
	}
	if ds, _ := f.st.Deliveries(ctx, f.school.ID, syndication.DeliveryFilter{State: syndication.StateDead}); len(ds) != 1 || ds[0].Key != "dead-1" {
		t.Errorf("dead deliveries of the school = %+v", ds)
	}
	wantErr(t, f.st.ResendDelivery(ctx, f.other.ID, dead.Key, entry("syndication.resend")), sitecore.EConflict, "key", "")
	if err := f.st.ResendDelivery(ctx, f.school.ID, dead.Key, entry("syndication.resend")); err != nil {
		t.Fatal(err)
	}
	if x, _ := f.st.FindDelivery(ctx, f.school.ID, dead.Key); x.State != syndication.StatePending {
		t.Errorf("state after resend = %s", x.State)
	}
}

func TestSyndicationSubscriptionsAndImports(t *testing.T) {
	ctx := context.Background()
	f := newSyndicationFixture(t)
	sub := &syndication.Subscription{SiteID: f.school.ID, URL: "https://p.kz/feed", Mode: syndication.ImportDraft, Interval: syndication.DefaultPollInterval}
	if err := f.st.CreateSubscription(ctx, sub, entry("syndication.subscribe")); err != nil {
		t.Fatal(err)
	}
	dup := *sub
	wantErr(t, f.st.CreateSubscription(ctx, &dup, entry("syndication.subscribe")), sitecore.EConflict, "url", "syndication.feed_exists")
	if err := f.st.SavePoll(ctx, f.school.ID, sub.ID, `"e1"`, "Tue, 01 Sep 2026 09:00:00 GMT", "", 3); err != nil {
		t.Fatal(err)
	}
	got, err := f.st.FindSubscription(ctx, f.school.ID, sub.ID)
	if err != nil || got.ETag != `"e1"` || got.Imported != 3 || got.LastPolledAt == nil || got.Interval != syndication.DefaultPollInterval {
		t.Fatalf("FindSubscription = %+v, %v", got, err)
	}
	if _, err := f.st.FindSubscription(ctx, f.other.ID, sub.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("other site found the subscription: %v", err)
	}
	wantErr(t, f.st.DeleteSubscription(ctx, f.other.ID, sub.ID, entry("syndication.unsubscribe")), sitecore.ENotFound, "", "")

	ok, err := f.st.ClaimImport(ctx, f.school.ID, sub.ID, "guid-1", "i1-a")
	if err != nil || !ok {
		t.Fatalf("first claim = %v, %v", ok, err)
	}
	if ok, _ := f.st.ClaimImport(ctx, f.school.ID, sub.ID, "guid-1", "i1-a"); !ok {
		t.Error("a retried claim of the same item was refused")
	}
	if ok, _ := f.st.ClaimImport(ctx, f.school.ID, 99, "guid-1", "i99-a"); ok {
		t.Error("the same entry through another subscription was claimed twice")
	}
	if ok, _ := f.st.ClaimImport(ctx, f.other.ID, 99, "guid-1", "i99-a"); !ok {
		t.Error("another site could not import the entry")
	}
}
