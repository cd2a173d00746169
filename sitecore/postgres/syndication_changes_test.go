package postgres_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

// TestSyndicationChangeOutbox: changes of a school without rules are not queued; a school's
// changes come out grouped per destination it has a rule for, each item once; a failed
// hand-over leaves them queued; a second relay skips changes another one holds; and a create
// sent but never confirmed makes the destination's copy uncertain.
func TestSyndicationChangeOutbox(t *testing.T) {
	ctx := context.Background()
	f := newSyndicationFixture(t)
	if err := f.st.QueueChanges(ctx, f.other.ID, []string{"x"}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.ReplaceRules(ctx, f.school.ID, []syndication.Rule{{DestinationID: f.national.ID}, {DestinationID: f.regional.ID}},
		entry("syndication.rules")); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"n1", "n2", "n1"} {
		if err := f.st.QueueChanges(ctx, f.school.ID, []string{k}); err != nil {
			t.Fatal(err)
		}
	}
	var got []syndication.ChangeBatch
	n, err := f.st.RelayChanges(ctx, 100, func(ctx context.Context, b []syndication.ChangeBatch) error {
		got = b
		return errors.New("temporal down")
	})
	if err == nil || n != 0 {
		t.Fatalf("failed hand-over: %d, %v", n, err)
	}
	if len(got) != 2 || got[0].DestinationID != f.national.ID || got[1].DestinationID != f.regional.ID ||
		!slices.Equal(got[0].Keys, []string{"n1", "n2"}) || got[0].SiteID != f.school.ID {
		t.Fatalf("batches = %+v", got)
	}
	n, err = f.st.RelayChanges(ctx, 100, func(ctx context.Context, b []syndication.ChangeBatch) error {
		// Another relay meanwhile finds nothing to take.
		m, err := f.st.RelayChanges(context.Background(), 100, func(context.Context, []syndication.ChangeBatch) error {
			t.Error("a second relay took changes held by the first")
			return nil
		})
		if err != nil || m != 0 {
			t.Errorf("second relay: %d, %v", m, err)
		}
		return nil
	})
	if err != nil || n != 3 {
		t.Fatalf("relay: %d, %v", n, err)
	}
	if n, err := f.st.RelayChanges(ctx, 100, func(context.Context, []syndication.ChangeBatch) error { return nil }); err != nil || n != 0 {
		t.Errorf("after relaying: %d left, %v", n, err)
	}

	d := &syndication.Delivery{Key: syndication.DeliveryKey(f.school.ID, f.national.ID, "n3", syndication.OpCreate, 1, 5),
		SiteID: f.school.ID, DestinationID: f.national.ID, NewsKey: "n3", Op: syndication.OpCreate, Version: 5}
	if _, err := f.st.BeginDelivery(ctx, d); err != nil {
		t.Fatal(err)
	}
	rs, err := f.st.FindRemotes(ctx, f.school.ID, f.national.ID, []string{"n3", "n4"})
	if err != nil || !rs["n3"].Uncertain || rs["n4"].Uncertain || rs["n4"].NewsKey != "n4" || rs["n3"].Live {
		t.Errorf("FindRemotes = %+v, %v", rs, err)
	}
	// The withdrawal that supersedes it (marking the create skipped) leaves it uncertain
	// until the withdrawal is confirmed.
	u := &syndication.Delivery{Key: syndication.DeliveryKey(f.school.ID, f.national.ID, "n3", syndication.OpUnpublish, 1, 5),
		SiteID: f.school.ID, DestinationID: f.national.ID, NewsKey: "n3", Op: syndication.OpUnpublish, Version: 5}
	if _, err := f.st.BeginDelivery(ctx, u); err != nil {
		t.Fatal(err)
	}
	if rs, _ := f.st.FindRemotes(ctx, f.school.ID, f.national.ID, []string{"n3"}); !rs["n3"].Uncertain {
		t.Error("a superseded, unconfirmed create is no longer uncertain")
	}
	if err := f.st.CompleteDelivery(ctx, f.school.ID, u.Key, syndication.Remote{SiteID: f.school.ID, DestinationID: f.national.ID,
		NewsKey: "n3", Generation: 1, Version: 5}); err != nil {
		t.Fatal(err)
	}
	if rs, _ := f.st.FindRemotes(ctx, f.school.ID, f.national.ID, []string{"n3"}); rs["n3"].Uncertain || rs["n3"].Generation != 1 {
		t.Errorf("after the confirmed withdrawal: %+v", rs["n3"])
	}
	if other, _ := f.st.FindRemotes(ctx, f.other.ID, f.national.ID, []string{"n3"}); other["n3"].Uncertain {
		t.Error("another site sees the school's unconfirmed create")
	}
}

// TestSyndicationRecordedItems: the CMS's hook records only the public part of a published
// original (no draft), a draft or unpublished item as withdrawn (no text), never lets an
// older version overwrite a newer one (an unpublish recorded before a late publish of an
// older version wins), takes the newest of one item's changes in one call, and queues
// outbox rows only for schools with rules.
func TestSyndicationRecordedItems(t *testing.T) {
	ctx := context.Background()
	f := newSyndicationFixture(t)
	if err := f.st.ReplaceRules(ctx, f.school.ID, []syndication.Rule{{DestinationID: f.national.ID}}, entry("syndication.rules")); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	text := map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: {Title: "Жария", Slug: "a", Body: "<p>ok</p>"}}
	secret := map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: {Title: "Құпия", Slug: "a", Body: "<p>draft</p>"}}
	pub := &sitecore.News{SiteID: f.school.ID, Key: "a", Published: true, Text: text, Draft: secret, Tags: []string{"t"},
		CoverURL: "/media/c.jpg", PublishedAt: t0, UpdatedAt: t0}
	draft := &sitecore.News{SiteID: f.school.ID, Key: "d", Text: secret, UpdatedAt: t0}
	if err := f.st.RecordChanges(ctx, []*sitecore.News{pub, draft, {SiteID: f.other.ID, Key: "x", Published: true, Text: text, UpdatedAt: t0}}); err != nil {
		t.Fatal(err)
	}
	got, err := f.st.FindItems(ctx, f.school.ID, []string{"a", "d", "never"})
	if err != nil {
		t.Fatal(err)
	}
	a, d := got["a"], got["d"]
	if len(got) != 2 || a == nil || !a.Published || a.Text[sitecore.Kazakh].Title != "Жария" || a.Draft != nil ||
		!slices.Equal(a.Tags, []string{"t"}) || a.CoverURL != "/media/c.jpg" || !a.UpdatedAt.Equal(t0) || !a.PublishedAt.Equal(t0) {
		t.Fatalf("published item recorded as %+v (all: %v)", a, got)
	}
	if d == nil || d.Published || d.Text != nil || syndication.VersionOf(d) != t0.UnixMicro() {
		t.Fatalf("draft recorded as %+v", d)
	}
	// Another school's key is not this school's.
	if other, _ := f.st.FindItems(ctx, f.school.ID, []string{"x"}); len(other) != 0 {
		t.Errorf("another site's item read: %v", other)
	}
	// Unpublished at t1; a late report of the t0 publish does not bring it back.
	t1 := t0.Add(time.Minute)
	unpub := &sitecore.News{SiteID: f.school.ID, Key: "a", Text: text, UpdatedAt: t1}
	if err := f.st.RecordChanges(ctx, []*sitecore.News{unpub}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.RecordChanges(ctx, []*sitecore.News{pub}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.st.FindItems(ctx, f.school.ID, []string{"a"}); got["a"] == nil || got["a"].Published || got["a"].Text != nil {
		t.Errorf("an older publish overwrote the unpublish: %+v", got["a"])
	}
	// One call with two changes of an item: the newest is kept, whatever the order.
	t2 := t1.Add(time.Minute)
	republished := &sitecore.News{SiteID: f.school.ID, Key: "a", Published: true, Text: text, PublishedAt: t2, UpdatedAt: t2}
	if err := f.st.RecordChanges(ctx, []*sitecore.News{republished, unpub}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.st.FindItems(ctx, f.school.ID, []string{"a"}); got["a"] == nil || !got["a"].Published || !got["a"].UpdatedAt.Equal(t2) {
		t.Errorf("after republishing: %+v", got["a"])
	}
	// Outbox: a and d, then a once per later call (the two changes of one call are one row),
	// nothing of the other school.
	var keys []string
	n, err := f.st.RelayChanges(ctx, 100, func(_ context.Context, b []syndication.ChangeBatch) error {
		for _, x := range b {
			if x.SiteID != f.school.ID {
				t.Errorf("queued a change of site %d without rules", x.SiteID)
			}
			keys = append(keys, x.Keys...)
		}
		return nil
	})
	if err != nil || n != 5 || !slices.Equal(keys, []string{"a", "d"}) {
		t.Errorf("relayed %d changes, keys %v, %v", n, keys, err)
	}
}
