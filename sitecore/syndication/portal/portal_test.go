package portal_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/syndication/portal"
	"github.com/mektep/mektep/sitecore/syndication/portal/portaltest"
)

func item(op syndication.Op) *syndication.Item {
	return &syndication.Item{Op: op, DeliveryKey: "s1/d1/n1/" + string(op), ExternalID: "mektep:1:n1:1", SiteID: 1, NewsKey: "n1", Version: 1,
		Texts: map[sitecore.Lang]syndication.ItemText{sitecore.Kazakh: {Title: "Жаңалық", URL: "https://s.kz/kk/news/n1"}}}
}

func TestContract(t *testing.T) {
	fake := portaltest.New()
	defer fake.Close()
	fake.APIKey = "secret"
	ctx := context.Background()
	c := &portal.Client{BaseURL: fake.URL, APIKey: "secret", HTTP: &http.Client{Timeout: 500 * time.Millisecond}}
	fake.HangFor = 2 * time.Second

	// The first create reaches the portal but its answer is lost.
	fake.Fault = func(n int, r *http.Request) portaltest.Fault {
		if n == 1 {
			return portaltest.LoseAnswer
		}
		return portaltest.OK
	}
	if _, err := c.Deliver(ctx, item(syndication.OpCreate)); err == nil {
		t.Fatal("a lost answer succeeded")
	} else if k, _ := syndication.Classify(err); k != syndication.FailRetryable {
		t.Fatalf("lost answer classified %v: %v", k, err)
	}
	// The retry looks the external ID up and takes the portal's ID: no second item.
	retry := item(syndication.OpCreate)
	retry.Retry = true
	id, err := c.Deliver(ctx, retry)
	if err != nil || id != "p1" || len(fake.Items()) != 1 {
		t.Fatalf("retried create = %q, %v; portal holds %d items", id, err, len(fake.Items()))
	}
	up := item(syndication.OpUpdate)
	up.RemoteID, up.Version = id, 2
	if _, err := c.Deliver(ctx, up); err != nil {
		t.Fatal(err)
	}
	del := item(syndication.OpUnpublish)
	del.RemoteID = id
	for range 2 { // a second unpublish finds it gone: still done
		if _, err := c.Deliver(ctx, del); err != nil {
			t.Fatalf("unpublish: %v", err)
		}
	}
	ev := fake.Events()
	// The retried create brought the found item to its own content (an update), then the
	// update and the delete.
	if len(ev) != 4 || ev[0].Op != "create" || ev[1].Op != "update" || ev[2].Op != "update" || ev[2].Version != 2 || ev[3].Op != "delete" {
		t.Errorf("events = %+v", ev)
	}

	// Classification of the portal's answers.
	for fault, want := range map[portaltest.Fault]syndication.Failure{portaltest.Fail500: syndication.FailRetryable,
		portaltest.Fail429: syndication.FailRateLimited, portaltest.Hang: syndication.FailRetryable} {
		fake.Fault = func(int, *http.Request) portaltest.Fault { return fault }
		_, err := c.Deliver(ctx, item(syndication.OpCreate))
		k, after := syndication.Classify(err)
		if k != want || (want == syndication.FailRateLimited && after != time.Second) {
			t.Errorf("fault %d: %v (%v, %v), want %v", fault, err, k, after, want)
		}
	}
	fake.Fault = nil
	bad := &portal.Client{BaseURL: fake.URL, APIKey: "wrong"}
	if _, err := bad.Deliver(ctx, item(syndication.OpCreate)); err == nil {
		t.Error("a wrong key was accepted")
	} else if k, _ := syndication.Classify(err); k != syndication.FailPermanent {
		t.Errorf("401 classified %v", k)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{"120": 2 * time.Minute, "": time.Minute, "Tue, 01 Sep 2026 09:00:30 GMT": 30 * time.Second,
		"9999999": 24 * time.Hour} {
		if got := portal.RetryAfter(v, now); got != want {
			t.Errorf("RetryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}
