package app_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/helpdesk"
)

// rssKB reads a process's resident set (VmRSS) or its peak (VmHWM) in KiB from /proc.
func rssKB(pid int, field string) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

// TestHelpdeskBenchEscalations is the escalation benchmark of docs/benchmarks.md, skipped
// unless MEKTEP_BENCH_TICKETS is set. It runs one `mektep worker` process and opens that many
// tickets through the intake outbox, as the API does (the relay starts their workflows).
//
// With MEKTEP_BENCH_PROBES=P, N−P of them are ordinary open tickets with live timers (the
// catch-all policy: 4 h to the first response, 24×7, so nothing of theirs falls due during
// the run) registered first; then P probe tickets open at MEKTEP_BENCH_RATE per second with
// a policy of MEKTEP_BENCH_FIRST seconds to the first response and twice that to
// resolution, so each fires six escalations (75 %, 100 %, 150 % on both clocks) while the
// others stay open. With MEKTEP_BENCH_RATE and no MEKTEP_BENCH_PROBES every ticket is a probe
// arriving at that rate; with neither, every ticket gets the short policy at once: a burst.
// It reports how late the escalations fired (fired_at − due_at: p50, p99, max), how fast
// tickets were registered, and the worker's resident memory over time:
//
//	MEKTEP_BENCH_TICKETS=20000 MEKTEP_BENCH_PROBES=1000 MEKTEP_BENCH_RATE=10 MEKTEP_BENCH_FIRST=60 \
//	  go test ./internal/app -run TestHelpdeskBenchEscalations -v -timeout 2h
func TestHelpdeskBenchEscalations(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_TICKETS"))
	if n <= 0 {
		t.Skip("set MEKTEP_BENCH_TICKETS to run the escalation benchmark")
	}
	first, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_FIRST"))
	if first <= 0 {
		first = 120
	}
	probes, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_PROBES"))
	if probes <= 0 || probes > n {
		probes = n
	}
	rate, _ := strconv.ParseFloat(os.Getenv("MEKTEP_BENCH_RATE"), 64)
	steady := rate > 0 || probes < n // probes arrive at the rate; else all at once
	if rate <= 0 {
		rate = 10
	}
	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{"MEKTEP_RATE_LIMITS": "off"}})
	bin := buildMektep(t)
	ctx := context.Background()
	site := provisionTenantNoWorker(t, s, "school-bench")
	helpdeskPolicy(t, s, 4*3600, 8*3600, 24*3600, 24*3600) // the catch-all: the ordinary tickets
	if r := s.operator("PUT", "/api/v1/helpdesk/policies", map[string]any{"category": "account", "first_response_seconds": first,
		"resolution_seconds": 2 * first, "calendar": "24x7", "auto_close_seconds": 24 * 3600, "solved_window_seconds": 24 * 3600}); r.Status != 200 {
		t.Fatalf("probe policy: %d %s", r.Status, r.Body)
	}
	requester, _ := verifiedParent(t, s, "bench-requester@example.kz", sitecore.Russian)
	open := func(i int, cat sitecore.TicketCategory) {
		tk := &sitecore.Ticket{SiteID: site, RequesterID: requester.ID, Category: cat,
			Subject: fmt.Sprintf("Bench %d", i), Description: "load", Lang: sitecore.Russian}
		if err := s.App.DB.CreateTicket(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	count := func(q string) int {
		var k int
		if err := s.App.DB.Pool.QueryRow(ctx, q).Scan(&k); err != nil {
			t.Fatal(err)
		}
		return k
	}
	const openQ, firedQ = `SELECT count(*) FROM tickets WHERE status = 'open'`, `SELECT count(*) FROM ticket_escalations`

	w := startWorker(t, bin, s)
	start := time.Now()
	var samples []string
	var peak int
	sample := func() {
		rss := rssKB(w.Process.Pid, "VmRSS")
		peak = max(peak, rss)
		samples = append(samples, fmt.Sprintf("t=%ds open=%d fired=%d rss=%dMB", int(time.Since(start).Seconds()),
			count(openQ), count(firedQ), rss>>10))
	}
	if bulk := n - probes; bulk > 0 {
		for i := range bulk {
			open(i, sitecore.CategoryOther)
		}
		t.Logf("%d ordinary tickets stored in %s", bulk, time.Since(start).Round(time.Millisecond))
		for count(openQ) < bulk {
			if time.Since(start) > 2*time.Hour {
				t.Fatalf("only %d of %d tickets registered", count(openQ), bulk)
			}
			sample()
			time.Sleep(5 * time.Second)
		}
		took := time.Since(start)
		t.Logf("%d ordinary tickets open after %s (%.1f tickets/s)", bulk, took.Round(time.Second), float64(bulk)/took.Seconds())
		sample()
	}
	if steady {
		go func() { // the probes arrive at a steady rate while the others stay open
			tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
			defer tick.Stop()
			for i := range probes {
				<-tick.C
				open(n-probes+i, sitecore.CategoryAccount)
			}
		}()
	} else {
		for i := range n {
			open(i, sitecore.CategoryAccount)
		}
		t.Logf("%d tickets stored in %s", n, time.Since(start).Round(time.Millisecond))
	}
	deadline := time.Now().Add(time.Duration(3*first)*time.Second + time.Duration(float64(probes)/rate)*time.Second + 30*time.Minute)
	for count(firedQ) < 6*probes {
		if time.Now().After(deadline) {
			t.Errorf("only %d of %d escalations fired", count(firedQ), 6*probes)
			break
		}
		sample()
		time.Sleep(5 * time.Second)
	}
	sample()
	rows, err := s.App.DB.Pool.Query(ctx, `SELECT fired_at - due_at FROM ticket_escalations`)
	if err != nil {
		t.Fatal(err)
	}
	var late []time.Duration
	for rows.Next() {
		var d time.Duration
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		late = append(late, d)
	}
	if len(late) == 0 {
		t.Fatal("no escalation fired")
	}
	slices.Sort(late)
	within := 0
	for _, d := range late {
		if d <= 2*time.Second {
			within++
		}
	}
	t.Logf("open tickets at the end: %d; escalations: %d; lateness p50 %s p99 %s max %s; within 2 s: %.1f%%", count(openQ), len(late),
		percentile(late, 0.5).Round(time.Millisecond), percentile(late, 0.99).Round(time.Millisecond),
		late[len(late)-1].Round(time.Millisecond), 100*float64(within)/float64(len(late)))
	// Lateness over the run, per minute of due time: does it drift as more tickets open?
	rows, err = s.App.DB.Pool.Query(ctx, `
		SELECT date_trunc('minute', due_at), count(*),
		       percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - due_at)),
		       max(extract(epoch FROM fired_at - due_at))
		FROM ticket_escalations GROUP BY 1 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var minutes []string
	for rows.Next() {
		var (
			m        time.Time
			k        int
			p99, max float64
		)
		if err := rows.Scan(&m, &k, &p99, &max); err != nil {
			t.Fatal(err)
		}
		minutes = append(minutes, fmt.Sprintf("due %s: %d escalations, late p99 %.3f s, max %.3f s", m.Format("15:04"), k, p99, max))
	}
	t.Logf("per minute:\n%s", strings.Join(minutes, "\n"))
	t.Logf("worker RSS peak %d MB; samples:\n%s", peak>>10, strings.Join(samples, "\n"))
}

// TestHelpdeskBenchReport is the report benchmark of docs/benchmarks.md, skipped unless
// MEKTEP_BENCH_REPORT_TICKETS is set: that many solved, rated tickets over 30 agents and a
// year, then the per-agent report and the Excel export of every ticket, each timed, with the
// test process's peak memory:
//
//	MEKTEP_BENCH_REPORT_TICKETS=100000 go test ./internal/app -run TestHelpdeskBenchReport -v
func TestHelpdeskBenchReport(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_REPORT_TICKETS"))
	if n <= 0 {
		t.Skip("set MEKTEP_BENCH_REPORT_TICKETS to run the report benchmark")
	}
	db := testenv.Postgres(t)
	ctx := context.Background()
	start := time.Now()
	_, err := db.Pool.Exec(ctx, `
		INSERT INTO users (email, full_name, platform_role)
		SELECT 'agent' || g || '@mektep.kz', 'Agent ' || g, 'support_agent' FROM generate_series(1, 30) g;
		INSERT INTO users (email, full_name) VALUES ('requester@example.kz', 'Requester');`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Pool.Exec(ctx, `
		WITH agents AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE platform_role = 'support_agent'),
		     req AS (SELECT id FROM users WHERE email = 'requester@example.kz')
		INSERT INTO tickets (requester_id, assignee_id, solved_by, category, priority, subject, description, status, lang,
		                     created_at, first_response_at, solved_at, closed_at, first_response_breached, resolution_breached)
		SELECT req.id, agents.ids[1 + g % 30], agents.ids[1 + g % 30],
		       (ARRAY['account','content','admissions','tests','surveys','other'])[1 + g % 6], 'normal',
		       'Ticket ' || g, 'Description of ticket ' || g, 'closed', 'ru',
		       c, c + (g % 240) * interval '1 minute', c + (g % 4000) * interval '1 minute', c + interval '3 days',
		       g % 10 = 0, g % 7 = 0
		FROM generate_series(1, $1) g, agents, req,
		     LATERAL (SELECT timestamptz '2025-01-01 04:00Z' + (g * 311 % 365) * interval '1 day' + (g % 600) * interval '1 minute' AS c) t`, n)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `INSERT INTO ticket_ratings (ticket_id, agent_id, stars, reason)
		SELECT id, solved_by, 1 + id % 5, CASE WHEN id % 5 < 2 THEN 'slow' ELSE '' END FROM tickets WHERE id % 3 <> 0;
		ANALYZE tickets; ANALYZE ticket_ratings`); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d tickets stored in %s", n, time.Since(start).Round(time.Millisecond))
	svc := &helpdesk.Service{Store: db}
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, sitecore.Almaty), time.Date(2026, 1, 1, 0, 0, 0, 0, sitecore.Almaty)

	runtime.GC()
	before := rssKB(os.Getpid(), "VmRSS")
	t0 := time.Now()
	rs, err := svc.Report(ctx, op, from, to)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("report: %d agents + team, team solved %d, in %s", len(rs)-1, rs[len(rs)-1].Solved, time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	cw := &countingWriter{}
	if err := svc.ExportReport(ctx, op, from, to, sitecore.Russian, cw); err != nil {
		t.Fatal(err)
	}
	t.Logf("report.xlsx: %d bytes in %s", cw.n, time.Since(t0).Round(time.Millisecond))
	var ms runtime.MemStats
	stop := make(chan struct{})
	var peakHeap uint64
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				peakHeap = max(peakHeap, ms.HeapInuse)
			}
		}
	}()
	t0 = time.Now()
	cw = &countingWriter{}
	rows, err := svc.ExportTickets(ctx, op, from.AddDate(-1, 0, 0), to.AddDate(1, 0, 0), sitecore.Russian, cw)
	close(stop)
	if err != nil {
		t.Fatal(err)
	}
	if rows != n {
		t.Errorf("exported %d rows, want %d", rows, n)
	}
	t.Logf("tickets.xlsx: %d rows, %d bytes in %s; heap in use peak %d MB; process RSS %d MB before, peak (VmHWM) %d MB",
		rows, cw.n, time.Since(t0).Round(time.Millisecond), peakHeap>>20, before>>10, rssKB(os.Getpid(), "VmHWM")>>10)
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)
