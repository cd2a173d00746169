package app_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestAdmissionSurvivesPostgresKill: a burst of applications into a durable PostgreSQL
// (fsync and synchronous_commit on) that is killed with SIGKILL mid-burst — postmaster and
// backends at once, no shutdown — and started again through crash recovery. Every
// application that was answered 201 is there afterwards, under the ID it was answered with;
// none is stored twice, and retries with the same key get the same application.
func TestAdmissionSurvivesPostgresKill(t *testing.T) {
	const total, clients = 300, 20
	ctx := context.Background()
	pg := startOwnPostgres(t, "pgkill", true)

	// Rate limits off: 20 families send 15 applications each within seconds.
	s := startStack(t, stackOptions{env: map[string]string{"DATABASE_URL": pg.URL, "MEKTEP_RATE_LIMITS": "off"}})
	site := provisionTenantNoWorker(t, s, "school-pgkill")
	c := openCampaign(t, s, site, 500)
	cookies := make([]string, clients)
	for i := range cookies {
		_, cookies[i] = verifiedParent(t, s, fmt.Sprintf("pgkill-parent-%d@example.kz", i), sitecore.Kazakh)
	}

	var retries, accepted, next, ackLost atomic.Int64
	answered := make([]int64, total) // the ID each 201 named
	by := make([]int, total)         // which client sent it (keys are per user)
	lost := make([]atomic.Bool, total)
	var wg sync.WaitGroup
	for w := range clients {
		wg.Go(func() {
			for {
				n := int(next.Add(1) - 1)
				if n >= total {
					return
				}
				status, id := retryingSubmit(s, site, c.ID, n, cookies[w], "pgkill-", &retries)
				if status == 409 {
					// The kill cut the answer of a commit that had landed (the client saw an
					// error, its claim was released, the retry found the child's application).
					// The application must be there; the retry is told it exists.
					var found int64
					err := s.App.DB.Pool.QueryRow(ctx, `SELECT id FROM applications WHERE campaign_id = $1 AND child_iin = $2`, c.ID, childIIN(n)).Scan(&found)
					if err != nil {
						t.Errorf("application %d: 409 but not stored: %v", n, err)
						continue
					}
					ackLost.Add(1)
					lost[n].Store(true)
					status, id = 201, found
				}
				if status != 201 || id == 0 {
					t.Errorf("application %d: status %d", n, status)
					continue
				}
				answered[n], by[n] = id, w
				accepted.Add(1)
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	testenv.Eventually(t, time.Minute, "a third accepted", func() bool { return accepted.Load() >= total/3 })
	if err := pg.Crash(); err != nil {
		t.Fatal(err)
	}
	killedAt := accepted.Load()
	time.Sleep(time.Second)
	if err := pg.Restart(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if retries.Load() == 0 {
		t.Error("no request had to be retried: the kill was not felt")
	}
	t.Logf("killed after %d accepted; %d answers said try again; %d commits whose answer the kill cut", killedAt, retries.Load(), ackLost.Load())

	for n, id := range answered {
		if id == 0 {
			continue
		}
		app, err := s.App.DB.FindApplication(ctx, site, id)
		if err != nil || app.ChildIIN.Digits() != childIIN(n) {
			t.Errorf("application %d answered 201 as %d is gone after the kill: %v", n, id, err)
		}
	}
	var stored, distinct int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT child_iin) FROM applications WHERE campaign_id = $1`, c.ID).Scan(&stored, &distinct); err != nil {
		t.Fatal(err)
	}
	if stored != total || distinct != total || accepted.Load() != total {
		t.Fatalf("stored %d, distinct %d, accepted %d; want %d", stored, distinct, accepted.Load(), total)
	}
	for n := 0; n < total; n += 25 { // the same key gives the same application
		if lost[n].Load() {
			continue // its key's answer was never stored: a retry is told the application exists
		}
		if status, again := retryingSubmit(s, site, c.ID, n, cookies[by[n]], "pgkill-", &retries); status != 201 || again != answered[n] {
			t.Errorf("retry of %d: %d, application %d (want %d)", n, status, again, answered[n])
		}
	}
}
