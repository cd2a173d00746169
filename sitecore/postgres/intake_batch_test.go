package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestIntakeGroupCommit submits many applications at once, so they share batches: every
// new child is stored once with its history entry and intake row; the same child sent twice
// at once is stored once and the other gets the duplicate conflict; an unknown parent in the
// crowd gets "not found" without costing the others their applications.
func TestIntakeGroupCommit(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := mkSite(t, db, "school-batch", "batch.kz")
	c := admCampaign(t, db, s.ID, 1, 1000)
	const n = 300
	parents := make([]int64, 10)
	for i := range parents {
		parents[i] = mkUser(t, db, fmt.Sprintf("batch-%d@mail.kz", i)).ID
	}
	type result struct {
		app *sitecore.Application
		err error
	}
	results := make([]result, n+2)
	var wg sync.WaitGroup
	for i := range n + 2 {
		wg.Go(func() {
			var app *sitecore.Application
			switch {
			case i < n:
				app = admApp(c, parents[i%len(parents)], fmt.Sprintf("Бала %d", i), admIIN(t, i), 1)
			case i == n: // the child of application 0 once more
				app = admApp(c, parents[1], "Бала 0", admIIN(t, 0), 1)
			default: // a parent who does not exist
				app = admApp(c, 999999999, "Бала X", admIIN(t, n+1), 1)
			}
			results[i] = result{app, db.SubmitApplication(ctx, app)}
		})
	}
	wg.Wait()

	stored, conflicts := 0, 0
	ids := map[int64]bool{}
	for i, r := range results[:n+1] {
		switch {
		case r.err == nil:
			stored++
			if r.app.ID == 0 || r.app.Number == "" || ids[r.app.ID] {
				t.Errorf("application %d: ID %d, number %q", i, r.app.ID, r.app.Number)
			}
			ids[r.app.ID] = true
		case sitecore.ErrorCode(r.err) == sitecore.EConflict:
			conflicts++
		default:
			t.Errorf("application %d: %v", i, r.err)
		}
	}
	if stored != n || conflicts != 1 {
		t.Errorf("stored %d, conflicts %d; want %d and 1", stored, conflicts, n)
	}
	if err := results[n+1].err; sitecore.ErrorCode(err) != sitecore.ENotFound || results[n+1].app.ID != 0 {
		t.Errorf("unknown parent: %v (ID %d)", err, results[n+1].app.ID)
	}
	var apps, events, intake int
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM applications WHERE campaign_id = $1),
		(SELECT count(*) FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.campaign_id = $1),
		(SELECT count(*) FROM admission_intake i JOIN applications a ON a.id = i.application_id WHERE a.campaign_id = $1)`,
		c.ID).Scan(&apps, &events, &intake); err != nil {
		t.Fatal(err)
	}
	if apps != n || events != n || intake != n {
		t.Errorf("rows: %d applications, %d history entries, %d intake rows; want %d each", apps, events, intake, n)
	}
	for i, r := range results[:n] {
		if r.err != nil {
			continue
		}
		got, err := db.FindApplication(ctx, s.ID, r.app.ID)
		if err != nil || got.ChildName != r.app.ChildName || got.ChildIIN.Digits() != r.app.ChildIIN.Digits() || got.ParentID != r.app.ParentID {
			t.Fatalf("application %d read back as %+v (%v)", i, got, err)
		}
	}
}
