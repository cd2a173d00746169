package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

func TestPortalAggregatedNews(t *testing.T) {
	ctx := context.Background()
	f := newSyndicationFixture(t)
	portals := &syndication.Portals{Store: f.st, Sites: f.db, Org: f.db}
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	portalSite := create(t, f.db, "district-portal", "portal.kz")
	if _, err := portals.Register(ctx, &sitecore.Principal{UserID: 3}, portalSite.ID, f.district.ID); sitecore.ErrorCode(err) != sitecore.EForbidden {
		t.Errorf("a non-operator registered a portal: %v", err)
	}
	p, err := portals.Register(ctx, op, portalSite.ID, f.district.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := portals.Register(ctx, op, portalSite.ID, f.district.ID); sitecore.ErrorCode(err) != sitecore.EConflict {
		t.Errorf("second registration: %v", err)
	}
	dest, err := f.st.FindDestination(ctx, p.DestinationID)
	if err != nil || dest.Scope != syndication.ScopeDistrict || dest.Protocol != syndication.ProtocolPlatform {
		t.Fatalf("portal destination = %+v, %v", dest, err)
	}
	// Two active schools in the district opt in; a third school outside cannot.
	second := create(t, f.db, "school-c", "c.kz")
	for _, s := range []*sitecore.Site{f.school, second} {
		if s != f.school {
			if err := f.db.SetSiteOrgUnit(ctx, s.ID, f.district.ID, entry("site.org_unit")); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.db.SetSiteStep(ctx, s.ID, sitecore.StepActivated); err != nil {
			t.Fatal(err)
		}
	}
	svc := &syndication.Service{Store: f.st, Org: f.db}
	for _, s := range []*sitecore.Site{f.school, second} {
		if _, err := svc.SetRules(ctx, op, sitecore.Actor{}, s.ID, syndication.RuleInput{Rules: []syndication.Rule{{DestinationID: dest.ID}}}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = svc.SetRules(ctx, op, sitecore.Actor{}, f.other.ID, syndication.RuleInput{Rules: []syndication.Rule{{DestinationID: dest.ID}}})
	wantErr(t, err, sitecore.EInvalid, "rules[0].destination_id", "syndication.destination_unknown")

	partner := f.st.PortalPartner(dest)
	t0 := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	deliver := func(site *sitecore.Site, key string, at time.Time, op syndication.Op) {
		t.Helper()
		it := &syndication.Item{Op: op, SiteID: site.ID, NewsKey: key, ExternalID: syndication.ExternalID(site.ID, key, 1),
			SchoolName: site.Names, SchoolURL: "https://" + site.Domains[0], PublishedAt: at,
			Texts: map[sitecore.Lang]syndication.ItemText{sitecore.Kazakh: {Title: key, Summary: "s", URL: "https://" + site.Domains[0] + "/kk/news/" + key}}}
		if _, err := partner.Deliver(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		deliver(f.school, fmt.Sprintf("a%d", i), t0.Add(time.Duration(2*i)*time.Hour), syndication.OpCreate)
		deliver(second, fmt.Sprintf("c%d", i), t0.Add(time.Duration(2*i+1)*time.Hour), syndication.OpCreate)
	}
	deliver(f.school, "a0", t0, syndication.OpUpdate) // an update replaces, never duplicates
	deliver(second, "c4", t0, syndication.OpUnpublish)

	page, err := portals.News(ctx, portalSite.ID, sitecore.Kazakh, 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, it := range page.Items {
		keys = append(keys, it.NewsKey)
	}
	if page.Total != 9 || fmt.Sprint(keys) != "[a4 c3 a3 c2]" {
		t.Fatalf("page 1 = %v of %d", keys, page.Total)
	}
	first := page.Items[0]
	if first.SchoolName != f.school.Names[sitecore.Kazakh] || first.URL != "https://a.kz/kk/news/a4" || first.SchoolURL != "https://a.kz" {
		t.Errorf("attribution = %+v", first)
	}
	if last, _ := portals.News(ctx, portalSite.ID, sitecore.Kazakh, 3, 4); len(last.Items) != 1 || last.Items[0].NewsKey != "a0" {
		t.Errorf("page 3 = %+v", last.Items)
	}
	// Opting out takes the school off the page at once.
	if _, err := svc.SetRules(ctx, op, sitecore.Actor{}, second.ID, syndication.RuleInput{}); err != nil {
		t.Fatal(err)
	}
	if page, _ := portals.News(ctx, portalSite.ID, sitecore.Kazakh, 1, 50); page.Total != 5 {
		t.Errorf("after the opt-out the page has %d items, want the other school's 5", page.Total)
	}
	if _, err := portals.News(ctx, f.other.ID, sitecore.Kazakh, 1, 10); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("news of a site that is no portal: %v", err)
	}
}
