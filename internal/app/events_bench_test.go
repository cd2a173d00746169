package app_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore/events"
)

// TestEventSignUpBench (MEKTEP_BENCH_EVENTS=1): 2,000 accounts sign up through the API for
// 20 events of 25 seats (500 seats), 20 clients at once, each account for one event (100 per
// event): no event over-booked, every waiting list exact (counters equal to the rows, places
// 1..k each once, in the order of the sign-ups' times). Then 100 confirmed people cancel and
// the events' workflows promote exactly as many from the waiting lists. The peer, in the
// same run: the same 2,000 sign-ups straight into PostgreSQL through the store's
// conditional update and insert (no HTTP, no sessions), 20 goroutines, on 20 other events.
func TestEventSignUpBench(t *testing.T) {
	if os.Getenv("MEKTEP_BENCH_EVENTS") == "" {
		t.Skip("set MEKTEP_BENCH_EVENTS=1 to sign 2,000 accounts up for 500 seats")
	}
	const nEvents, seats, people, clients = 20, 25, 2000, 20
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_LOG_LEVEL": "error", "MEKTEP_RATE_LIMITS": "off"}})
	t.Log(benchEnvironment(t, s))
	a := provisionTenant(t, s, "school-evbench")
	ctx := context.Background()
	owner := session(t, s, a.users["owner"].ID)
	if _, err := s.App.DB.Pool.Exec(ctx, `INSERT INTO users (email, full_name, lang, email_verified_at)
		SELECT 'bench-' || i || '@evbench.kz', 'Person ' || i, 'ru', now() FROM generate_series(1, $1) i`, 2*people); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.Pool.Exec(ctx, `INSERT INTO site_members (site_id, user_id, role)
		SELECT $1, id, 'parent' FROM users WHERE email LIKE 'bench-%@evbench.kz'`, a.site); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT array_agg(id ORDER BY id) FROM users WHERE email LIKE 'bench-%@evbench.kz'`).Scan(&ids); err != nil {
		t.Fatal(err)
	}
	mk := func(i int) int64 {
		return createEvent(t, s, a.site, owner, map[string]any{"title": map[string]string{"ru": fmt.Sprint("Событие ", i)},
			"starts_at": time.Now().Add(30 * 24 * time.Hour), "place": "Зал", "capacity": seats})
	}
	var api, raw []int64
	for i := range nEvents {
		api, raw = append(api, mk(i)), append(raw, mk(100+i))
	}
	cookies := make([]string, people)
	for i := range cookies {
		cookies[i] = session(t, s, ids[i])
	}

	run := func(n int, do func(i int) error) time.Duration {
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= n {
						return
					}
					if err := do(i); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		return time.Since(start)
	}
	through := run(people, func(i int) error {
		r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/events/%d/signups", a.site, api[i%nEvents]), map[string]any{}, "Cookie", cookies[i])
		if r.Status != 201 {
			return fmt.Errorf("sign-up %d: %d %s", i, r.Status, r.Body)
		}
		return nil
	})
	direct := run(people, func(i int) error {
		_, err := s.App.DB.SignUp(ctx, a.site, raw[i%nEvents], ids[people+i], ids[people+i], time.Now())
		return err
	})
	exact := func(list []int64, wantWaiting int) {
		t.Helper()
		for _, id := range list {
			taken, waiting, rows := eventCounts(t, s, a.site, id)
			if taken != seats || rows["confirmed"] != seats || waiting != wantWaiting || rows["waiting"] != wantWaiting {
				t.Fatalf("event %d: counters %d/%d, rows %v", id, taken, waiting, rows)
			}
			all, err := s.App.DB.SignUps(ctx, a.site, id)
			if err != nil {
				t.Fatal(err)
			}
			pos := 0
			var last time.Time
			for _, g := range all {
				if g.Status != events.Waiting {
					continue
				}
				pos++
				if g.Position != pos || g.QueuedAt.Before(last) {
					t.Fatalf("event %d: waiting place %d at %d", id, g.Position, pos)
				}
				last = g.QueuedAt
			}
		}
	}
	exact(api, people/nEvents-seats)
	exact(raw, people/nEvents-seats)
	t.Logf("API: %d sign-ups in %s (%.0f/s); store: %d in %s (%.0f/s); ratio API/store %.2f", people, through,
		float64(people)/through.Seconds(), people, direct, float64(people)/direct.Seconds(), direct.Seconds()/through.Seconds())

	// 5 confirmed people of each API event cancel: the workflows promote 5 from each line.
	var confirmed []struct {
		event, user int64
		cookie      string
	}
	for e, id := range api {
		all, err := s.App.DB.SignUps(ctx, a.site, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range all[:5] {
			for i := e; i < people; i += nEvents {
				if ids[i] == g.AttendeeID {
					confirmed = append(confirmed, struct {
						event, user int64
						cookie      string
					}{id, g.AttendeeID, cookies[i]})
				}
			}
		}
	}
	start := time.Now()
	run(len(confirmed), func(i int) error {
		c := confirmed[i]
		r := s.do("DELETE", fmt.Sprintf("/api/v1/sites/%d/events/%d/signups/%d", a.site, c.event, c.user), nil, "Cookie", c.cookie)
		if r.Status != 204 {
			return fmt.Errorf("cancel %d: %d %s", i, r.Status, r.Body)
		}
		return nil
	})
	testenv.Eventually(t, 2*time.Minute, "100 promotions", func() bool {
		return countRows(t, s, `SELECT count(*) FROM events WHERE site_id = $1 AND id = ANY($2) AND taken = $3`, a.site, api, seats) == nEvents
	})
	t.Logf("%d cancellations and promotions in %s", len(confirmed), time.Since(start))
	exact(api, people/nEvents-seats-5)
	if n := countRows(t, s, `SELECT count(*) FROM events WHERE site_id = $1 AND taken > capacity`, a.site); n != 0 {
		t.Fatalf("%d events over-booked", n)
	}
}
