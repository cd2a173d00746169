package postgres_test

import (
	"context"
	"errors"
	"slices"
	"testing"

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
