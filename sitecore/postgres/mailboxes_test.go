package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestMailboxQuotaUnderConcurrency: twelve creations of 1 MiB mailboxes race on a site
// whose mail quota is 5 MiB; exactly five win, the others are ETooLarge on quota_mb, and
// the allocation equals the limit. A taken address is EConflict on local_part; another
// site reaches nothing.
func TestMailboxQuotaUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	a := create(t, db, "mb-a", "mb-a.example.kz")
	b := create(t, db, "mb-b", "mb-b.example.kz")
	if _, err := db.SetMailQuota(ctx, a.ID, 5<<20); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 12)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.CreateMailbox(ctx, &sitecore.Mailbox{SiteID: a.ID, Address: fmt.Sprintf("u%d@mb-a.example.kz", i),
				QuotaBytes: 1 << 20}, sitecore.DefaultSiteMailQuotaBytes)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch e := sitecore.AsError(err); {
		case err == nil:
			won++
		case e.Code != sitecore.ETooLarge || e.Field != "quota_mb":
			t.Fatalf("unexpected error: %v", err)
		}
	}
	q, err := db.MailQuota(ctx, a.ID, sitecore.DefaultSiteMailQuotaBytes)
	if won != 5 || err != nil || q.AllocatedBytes != 5<<20 || q.LeftBytes != 0 {
		t.Fatalf("won %d, quota %+v %v", won, q, err)
	}
	// Which five of the twelve won is up to the race: take the address of one that did.
	boxes, _ := db.Mailboxes(ctx, a.ID)
	if len(boxes) != 5 {
		t.Fatalf("site A has %d mailboxes, want 5", len(boxes))
	}
	err = db.CreateMailbox(ctx, &sitecore.Mailbox{SiteID: b.ID, Address: strings.ToUpper(boxes[0].Address), QuotaBytes: 1 << 20}, 1<<30)
	if e := sitecore.AsError(err); e.Code != sitecore.EConflict || e.Field != "local_part" {
		t.Fatalf("taken address %s: %v", boxes[0].Address, err)
	}
	if _, err := db.FindMailbox(ctx, b.ID, boxes[0].ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("other site's mailbox: %v", err)
	}
	if err := db.DeleteMailbox(ctx, b.ID, boxes[0].ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("delete through another site: %v", err)
	}
	if _, err := db.SetMailboxState(ctx, b.ID, boxes[0].ID, sitecore.MailboxSuspended); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("suspend through another site: %v", err)
	}
	if q, _ := db.MailQuota(ctx, b.ID, sitecore.DefaultSiteMailQuotaBytes); q.AllocatedBytes != 0 || q.LimitBytes != sitecore.DefaultSiteMailQuotaBytes {
		t.Fatalf("site B's quota: %+v", q)
	}
}
