package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/workflows"
)

// TestOlympiadRoundLoad is the round figure, opt-in: MEKTEP_BENCH_ROUND students
// (e.g. 20000) in one olympiad round on the real stack. The round opens; its workflow makes
// every attempt as a row (no workflow per attempt) and holds their deadline; every student
// autosaves every 30 s through the JSON API with a real session (N/30 saves a second),
// spread evenly, from when the attempts exist until just after the deadline; at the deadline
// the round closes every attempt, grades it and releases the ranked results. Measured: time
// from the round's start until every attempt exists; autosave latency p50/p99 (from the
// moment each save was due, so a lagging client shows) and errors; how late each attempt
// was closed (closed_at − cutoff, the server's clock); the time from the deadline to all
// graded and to the results released; acknowledged saves against stored answers (0 lost).
// Peers in the same run: the dev server's bare workflow start rate, and PostgreSQL's raw
// upsert rate over the same pool.
//
//	MEKTEP_BENCH_ROUND=20000 MEKTEP_BENCH_ROUND_SECONDS=180 GOTOOLCHAIN=go1.27.3 \
//	  go test ./internal/app -run TestOlympiadRoundLoad -v -timeout 60m
func TestOlympiadRoundLoad(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_ROUND"))
	if n <= 0 {
		t.Skip("load test: set MEKTEP_BENCH_ROUND=20000 (docs/benchmarks.md)")
	}
	limit := 180 * time.Second
	if v, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_ROUND_SECONDS")); v > 0 {
		limit = time.Duration(v) * time.Second
	}
	const every, clients = 30 * time.Second, 128
	ctx := context.Background()
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_LOG_LEVEL": "error", "MEKTEP_RATE_LIMITS": "off"}})
	t.Log(benchEnvironment(t, s))

	startRate := bareStartRate(t, s, min(n, 1000))
	t.Logf("peer: dev server bare workflow starts %.0f/s (32 in parallel) → %d attempt workflows would need ≥ %.0f s just to start",
		startRate, n, float64(n)/startRate)

	// Peer: PostgreSQL's raw upsert over the same pool, closed loop, 10 s, before the round
	// (after it, the results emails of every participant load the machine).
	raw, rawP99 := rawUpsertRate(t, s, clients, 10*time.Second)
	t.Logf("peer: PostgreSQL raw upsert %.0f/s closed loop from %d clients, p99 %.1f ms → autosave target %.0f/s is %.2f of it",
		raw, clients, rawP99, float64(n)/every.Seconds(), float64(n)/every.Seconds()/raw)

	setup := time.Now()
	lead := 20*time.Second + time.Duration(n)*time.Millisecond // room for the bulk setup
	startsAt := time.Now().Add(lead).Truncate(time.Second)
	w := newRoundWorld(t, s, "round-load", n, startsAt, limit)
	deadline := startsAt.Add(limit)
	t.Logf("setup: %d users, sessions and registrations in %v", n, time.Since(setup).Round(time.Millisecond))
	w.start(t)

	// Start: every attempt exists.
	waitFor(t, lead+5*time.Minute, "the first attempt", func() bool { return w.count(t, sqlLinked) > 0 })
	first := time.Since(startsAt)
	waitFor(t, 10*time.Minute, "every attempt", func() bool { return w.count(t, sqlLinked) == n })
	allStarted := time.Since(startsAt)
	t.Logf("start: first attempt %.1f s after the round's start, all %d after %.1f s (no workflow per attempt)",
		first.Seconds(), n, allStarted.Seconds())
	if time.Now().After(deadline.Add(-10 * time.Second)) {
		t.Fatalf("the attempts took the whole round (%v): lengthen MEKTEP_BENCH_ROUND_SECONDS", allStarted)
	}
	ids := w.attempts(t)

	// Load: student i saves at t0 + i·30s/N + k·30s, question k mod 5, seq k+1.
	type job struct {
		student int
		seq     int64
		due     time.Time
	}
	type ack struct {
		seq    int64
		choice string
	}
	var (
		acked   = make([]map[int]ack, n) // by student, by question index
		ackMu   sync.Mutex
		lat     = make([]time.Duration, 0, n*int(limit/every+2))
		svc     = make([]time.Duration, 0, cap(lat))
		latMu   sync.Mutex
		okN     atomic.Int64
		closedN atomic.Int64 // 409 after the cutoff: expected
		errN    atomic.Int64
		firstEr atomic.Value
		jobs    = make(chan job, 100000)
		wg      sync.WaitGroup
		hc      = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	)
	for i := range acked {
		acked[i] = map[int]ack{}
	}
	for range clients {
		wg.Go(func() {
			for j := range jobs {
				qi := int(j.seq-1) % roundQuestions
				q := w.qs[qi]
				choice := q.Body.Options[int(j.seq)%2].ID
				body := fmt.Sprintf(`{"seq":%d,"response":{"choice":%q}}`, j.seq, choice)
				req, _ := http.NewRequest("PUT", s.URL+w.savePath(ids[j.student], q.ID), strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Cookie", w.sessions[j.student])
				sent := time.Now()
				resp, err := hc.Do(req)
				done := time.Now()
				status := 0
				var out []byte
				if err == nil {
					out, _ = io.ReadAll(resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				switch {
				case status == 200:
					var v struct{ Outcome string }
					_ = json.Unmarshal(out, &v)
					okN.Add(1)
					ackMu.Lock()
					if a := acked[j.student][qi]; j.seq > a.seq {
						acked[j.student][qi] = ack{j.seq, choice}
					}
					ackMu.Unlock()
					latMu.Lock()
					lat, svc = append(lat, done.Sub(j.due)), append(svc, done.Sub(sent))
					latMu.Unlock()
				case status == 409 && !sent.Before(deadline):
					closedN.Add(1)
				default:
					errN.Add(1)
					firstEr.CompareAndSwap(nil, fmt.Sprintf("%d %v %s", status, err, out))
				}
			}
		})
	}
	t0 := time.Now()
	end := deadline.Add(time.Second)
	step := every / time.Duration(n)
	seqs := make([]int64, n)
	for k := 0; ; k++ {
		due := t0.Add(time.Duration(k) * step)
		if due.After(end) {
			break
		}
		if d := time.Until(due); d > 2*time.Millisecond {
			time.Sleep(d)
		}
		st := k % n
		seqs[st]++
		jobs <- job{student: st, seq: seqs[st], due: due}
	}
	close(jobs)
	loadEnd := time.Now()
	wg.Wait()
	sent := okN.Load() + closedN.Load() + errN.Load()
	slices.Sort(lat)
	slices.Sort(svc)
	pct := func(d []time.Duration, p float64) float64 {
		if len(d) == 0 {
			return 0
		}
		return float64(d[min(len(d)-1, int(float64(len(d))*p))].Microseconds()) / 1000
	}
	rate := float64(sent) / loadEnd.Sub(t0).Seconds()
	t.Logf("autosave: %d sent in %.0f s = %.0f/s (target %.0f/s); %d acknowledged, %d refused after the deadline (409), %d errors %v",
		sent, loadEnd.Sub(t0).Seconds(), rate, float64(n)/every.Seconds(), okN.Load(), closedN.Load(), errN.Load(), firstEr.Load())
	t.Logf("autosave latency from due time: p50 %.1f ms, p99 %.1f ms, max %.1f ms; service time p50 %.1f ms, p99 %.1f ms",
		pct(lat, .5), pct(lat, .99), pct(lat, 1), pct(svc, .5), pct(svc, .99))

	// Deadlines, grades, results.
	waitFor(t, 10*time.Minute, "every attempt closed", func() bool { return w.count(t, sqlOpen) == 0 })
	closedAll := time.Since(deadline)
	waitFor(t, 10*time.Minute, "every attempt graded", func() bool { return w.count(t, sqlGraded) == n })
	gradedAll := time.Since(deadline)
	waitFor(t, 10*time.Minute, "the results", func() bool { return w.count(t, sqlReleased) == 1 })
	released := time.Since(deadline)
	var p50, p99, maxLate float64
	var closed int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY l),
		percentile_cont(0.99) WITHIN GROUP (ORDER BY l), max(l)
		FROM (SELECT extract(epoch FROM closed_at - save_cutoff) AS l FROM quiz_attempts WHERE id = ANY($1) AND closed_at IS NOT NULL) x`,
		ids).Scan(&closed, &p50, &p99, &maxLate); err != nil {
		t.Fatal(err)
	}
	t.Logf("deadlines: %d of %d closed by the round; lateness (closed_at − cutoff) p50 %.2f s, p99 %.2f s, max %.2f s; last seen closed %.1f s after the deadline",
		closed, n, p50, p99, maxLate, closedAll.Seconds())
	var ranked int
	_ = s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM olympiad_results WHERE site_id = $1 AND round_id = $2 AND place > 0`,
		w.site, w.round.ID).Scan(&ranked)
	t.Logf("results: all graded %.1f s after the deadline, released and ranked (%d places) %.1f s after it", gradedAll.Seconds(), ranked, released.Seconds())

	// Nothing acknowledged is lost: every acknowledged (student, question) has its seq (or a
	// later one) stored, with the acknowledged response when the seq is the same.
	stored := map[[2]int64]ack{}
	rows, err := s.App.DB.Pool.Query(ctx, `SELECT attempt_id, question_id, seq, response->>'choice' FROM quiz_answers
		WHERE attempt_id = ANY($1) AND seq > 0`, ids)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, q, seq int64
		var c *string
		if err := rows.Scan(&a, &q, &seq, &c); err != nil {
			t.Fatal(err)
		}
		v := ack{seq: seq}
		if c != nil {
			v.choice = *c
		}
		stored[[2]int64{a, q}] = v
	}
	rows.Close()
	lost, acks := 0, 0
	for st, m := range acked {
		for qi, a := range m {
			acks++
			got := stored[[2]int64{ids[st], w.qs[qi].ID}]
			if got.seq < a.seq || (got.seq == a.seq && got.choice != a.choice) {
				lost++
			}
		}
	}
	t.Logf("answers: %d acknowledged (student, question) pairs, %d lost", acks, lost)
	if lost > 0 {
		t.Errorf("%d acknowledged answers lost", lost)
	}
	if closed != n {
		t.Errorf("%d of %d attempts closed by the round", closed, n)
	}

	h := s.App.Temporal.GetWorkflowHistory(ctx, workflows.OlympiadWorkflowID(w.o.ID), "", false, 0)
	events := 0
	var marks []string // where the deadline's time went: timer fired, activity scheduled, started, completed
	for h.HasNext() {
		ev, err := h.Next()
		if err != nil {
			break
		}
		events++
		at := ev.GetEventTime().AsTime()
		if at.Before(deadline.Add(-time.Second)) {
			continue
		}
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_TIMER_FIRED, enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, enumspb.EVENT_TYPE_ACTIVITY_TASK_STARTED,
			enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
			if len(marks) < 12 {
				name := ev.GetActivityTaskScheduledEventAttributes().GetActivityType().GetName()
				marks = append(marks, fmt.Sprintf("%s %s %+.2fs", strings.TrimPrefix(ev.GetEventType().String(), "EVENT_TYPE_"), name,
					at.Sub(deadline).Seconds()))
			}
		}
	}
	t.Logf("workflows: 1 for the round (%d history events so far), 0 per attempt; after the deadline: %s", events, strings.Join(marks, "; "))
}

// bareStartRate starts m workflows of a type no worker runs, 32 at a time, on a queue of
// their own (each times out after a minute) and returns the starts a second the dev server
// accepted.
func bareStartRate(t testing.TB, s *stack, m int) float64 {
	t.Helper()
	var (
		wg  sync.WaitGroup
		sem = make(chan struct{}, 32)
		bad atomic.Int64
	)
	tag := strconv.FormatInt(time.Now().UnixNano(), 36)
	begin := time.Now()
	for i := range m {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			_, err := s.App.Temporal.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{
				ID: "bench-start/" + tag + "/" + strconv.Itoa(i), TaskQueue: "bench-nobody-" + tag,
				WorkflowExecutionTimeout: time.Minute}, "BenchNothing")
			if err != nil {
				bad.Add(1)
			}
		})
	}
	wg.Wait()
	if bad.Load() > 0 {
		t.Logf("%d bare starts failed", bad.Load())
	}
	return float64(m) / time.Since(begin).Seconds()
}

// rawUpsertRate is PostgreSQL's floor for an autosave: the same keyed upsert with the same
// seq rule and a response of the same size, no HTTP, no attempt check, one statement per
// transaction, from c clients over the stack's pool for d.
func rawUpsertRate(t testing.TB, s *stack, c int, d time.Duration) (float64, float64) {
	t.Helper()
	ctx := context.Background()
	db := s.App.DB.Pool
	if _, err := db.Exec(ctx, `CREATE TABLE IF NOT EXISTS bench_answers (attempt_id bigint, question_id bigint, seq bigint,
		response jsonb, saved_at timestamptz, PRIMARY KEY (attempt_id, question_id))`); err != nil {
		t.Fatal(err)
	}
	var (
		wg   sync.WaitGroup
		n    atomic.Int64
		mu   sync.Mutex
		lats []time.Duration
	)
	end := time.Now().Add(d)
	for g := range c {
		wg.Go(func() {
			var mine []time.Duration
			for k := int64(1); time.Now().Before(end); k++ {
				t0 := time.Now()
				_, err := db.Exec(ctx, `INSERT INTO bench_answers VALUES ($1, $2, $3, $4, now())
					ON CONFLICT (attempt_id, question_id) DO UPDATE SET seq = EXCLUDED.seq, response = EXCLUDED.response,
						saved_at = EXCLUDED.saved_at WHERE bench_answers.seq < EXCLUDED.seq`,
					int64(g)*1000000+k/5, k%5, k, `{"choice":"0123456789abcdef"}`)
				if err == nil {
					n.Add(1)
					mine = append(mine, time.Since(t0))
				}
			}
			mu.Lock()
			lats = append(lats, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(lats)
	p99 := 0.0
	if len(lats) > 0 {
		p99 = float64(lats[len(lats)*99/100].Microseconds()) / 1000
	}
	return float64(n.Load()) / d.Seconds(), p99
}
