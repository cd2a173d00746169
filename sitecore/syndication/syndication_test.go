package syndication

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

func news(published bool, at time.Time) *sitecore.News {
	return &sitecore.News{SiteID: 7, Key: "n1", Published: published, UpdatedAt: at,
		Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: {Title: "T", Slug: "t"}}}
}

func TestDecide(t *testing.T) {
	t0 := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	v0, v1 := t0.UnixMicro(), t0.Add(time.Minute).UnixMicro()
	live := Remote{NewsKey: "n1", RemoteID: "r1", Live: true, Generation: 1, Version: v0}
	gone := Remote{NewsKey: "n1", RemoteID: "r1", Generation: 1, Version: v0}
	copyOf := news(true, t0)
	copyOf.Source = &sitecore.NewsSource{SiteID: 3, Key: "x"}
	cases := []struct {
		name     string
		n        *sitecore.News
		r        Remote
		eligible bool
		want     Op // "" for nothing
		gen      int
	}{
		{"new published item is created", news(true, t0), Remote{}, true, OpCreate, 1},
		{"an update before the create is confirmed is the create", news(true, t0.Add(time.Minute)), Remote{}, true, OpCreate, 1},
		{"newer version of a live item is an update", news(true, t0.Add(time.Minute)), live, true, OpUpdate, 1},
		{"same version again is nothing", news(true, t0), live, true, "", 0},
		{"unpublished live item is unpublished", news(false, t0.Add(time.Minute)), live, true, OpUnpublish, 1},
		{"deleted live item is unpublished", nil, live, true, OpUnpublish, 1},
		{"unpublished item never sent is nothing", news(false, t0), Remote{}, true, "", 0},
		{"draft never leaves", news(false, t0), Remote{}, true, "", 0},
		{"item no longer matching the rule is withdrawn", news(true, t0.Add(time.Minute)), live, false, OpUnpublish, 1},
		{"not eligible and never sent is nothing", news(true, t0), Remote{}, false, "", 0},
		{"published again after unpublish is a new generation", news(true, t0.Add(time.Hour)), gone, true, OpCreate, 2},
		{"a republished copy never leaves", copyOf, Remote{}, true, "", 0},
		{"unpublished while its create's answer is unknown is withdrawn", news(false, t0), Remote{NewsKey: "n1", Uncertain: true}, true, OpUnpublish, 1},
		{"an unknown create retried is the same create", news(true, t0), Remote{NewsKey: "n1", Uncertain: true}, true, OpCreate, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ok := Decide(7, 2, c.n, c.r, c.eligible)
			if c.want == "" {
				if ok {
					t.Fatalf("Decide = %+v, want nothing", p)
				}
				return
			}
			if !ok || p.Op != c.want || p.Generation != c.gen {
				t.Fatalf("Decide = %+v %v, want %s generation %d", p, ok, c.want, c.gen)
			}
			if p.ExternalID != ExternalID(7, "n1", c.gen) {
				t.Errorf("ExternalID = %q", p.ExternalID)
			}
		})
	}
	// The key of a retried operation is the key of the first try; the next version's is not.
	a, _ := Decide(7, 2, news(true, t0.Add(time.Minute)), live, true)
	b, _ := Decide(7, 2, news(true, t0.Add(time.Minute)), live, true)
	c, _ := Decide(7, 2, news(true, t0.Add(2*time.Minute)), live, true)
	if a.Key != b.Key || a.Key == c.Key || a.Version != v1 {
		t.Errorf("keys %q %q %q (version %d)", a.Key, b.Key, c.Key, a.Version)
	}
	d, _ := Decide(8, 2, news(true, t0.Add(time.Minute)), live, true)
	if d.Key == a.Key {
		t.Error("two sites share a delivery key")
	}
}

func TestRuleMatchesAndNormalize(t *testing.T) {
	all, sport := Rule{DestinationID: 1}, Rule{DestinationID: 2, Tags: []string{"sport"}}
	if !all.Matches(nil) || !sport.Matches([]string{"olympiad", "sport"}) || sport.Matches([]string{"olympiad"}) || sport.Matches(nil) {
		t.Error("Matches is wrong")
	}
	open := []Destination{{ID: 1}, {ID: 2}}
	rules, err := RuleInput{Rules: []Rule{{DestinationID: 2, Tags: []string{" Sport ", "sport", "Ғылым"}}}}.normalize(open)
	if err != nil || !slices.Equal(rules[0].Tags, []string{"sport", "ғылым"}) {
		t.Fatalf("normalize = %+v, %v", rules, err)
	}
	for _, c := range []struct {
		in    RuleInput
		field string
	}{
		{RuleInput{Rules: []Rule{{DestinationID: 9}}}, "rules[0].destination_id"},
		{RuleInput{Rules: []Rule{{DestinationID: 1}, {DestinationID: 1}}}, "rules[1].destination_id"},
		{RuleInput{Rules: []Rule{{DestinationID: 1, Tags: []string{"a/b"}}}}, "rules[0].tags"},
	} {
		_, err := c.in.normalize(open)
		if sitecore.ErrorCode(err) != sitecore.EInvalid || sitecore.AsError(err).Field != c.field {
			t.Errorf("normalize(%+v) = %v, want invalid %s", c.in, err, c.field)
		}
	}
}

func TestOrgTree(t *testing.T) {
	p := func(id int64) *int64 { return &id }
	tree := []sitecore.OrgUnit{{ID: 1}, {ID: 2, ParentID: p(1)}, {ID: 3, ParentID: p(1)}, {ID: 4}, {ID: 5, ParentID: p(4)}}
	if got := Ancestry(tree, 2); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("Ancestry(2) = %v", got)
	}
	got := Descendants(tree, 1)
	slices.Sort(got)
	if !slices.Equal(got, []int64{1, 2, 3}) {
		t.Errorf("Descendants(1) = %v", got)
	}
	regional := Destination{Enabled: true, OrgUnitID: 1}
	if !regional.AppliesTo(Ancestry(tree, 3)) || regional.AppliesTo(Ancestry(tree, 5)) || regional.AppliesTo(nil) {
		t.Error("a regional destination applies to the wrong schools")
	}
	national := Destination{Enabled: true}
	if !national.AppliesTo(nil) {
		t.Error("the national destination must apply to a school outside the tree")
	}
}

func TestFromHere(t *testing.T) {
	hosts := []string{"school1.kz", "school1.mektep.kz"}
	for guid, want := range map[string]bool{
		"https://school1.kz/kk/news/a":            true,
		"https://SCHOOL1.kz:443/ru/news/b":        true,
		"tag:school1.mektep.kz,2026:news/5":       true,
		"https://school2.kz/kk/news/a":            false,
		"urn:uuid:1d3b6a4c-0000-4000-8000-000000": false,
		"https://evil.kz/?u=https://school1.kz/":  false,
	} {
		if got := FromHere(guid, hosts); got != want {
			t.Errorf("FromHere(%q) = %v, want %v", guid, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	base := errors.New("boom")
	if k, _ := Classify(base); k != FailRetryable {
		t.Error("an unclassified error must be retryable")
	}
	if k, _ := Classify(Permanent(base)); k != FailPermanent {
		t.Error("Permanent lost")
	}
	k, after := Classify(RateLimited(90*time.Second, base))
	if k != FailRateLimited || after != 90*time.Second || !errors.Is(RateLimited(time.Second, base), base) {
		t.Errorf("RateLimited = %v %v", k, after)
	}
}

func TestSubscriptionInput(t *testing.T) {
	s, err := SubscriptionInput{URL: "https://partner.kz/feed.xml"}.validate(4)
	if err != nil || s.Mode != ImportDraft || s.Interval != DefaultPollInterval {
		t.Fatalf("validate = %+v, %v", s, err)
	}
	for _, in := range []SubscriptionInput{{URL: "ftp://x.kz/f"}, {URL: "https://u:p@x.kz/f"},
		{URL: "https://x.kz/f", Mode: "spam"}, {URL: "https://x.kz/f", IntervalMinutes: 1}} {
		if _, err := in.validate(4); sitecore.ErrorCode(err) != sitecore.EInvalid {
			t.Errorf("validate(%+v) = %v, want invalid", in, err)
		}
	}
}
