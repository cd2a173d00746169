package app_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// TestConsoleBenchQueue is the console benchmark of docs/benchmarks.md, skipped unless
// MEKTEP_BENCH_CONSOLE (the number of open tickets, e.g. 20000) is set. It stores that many
// open tickets spread over 50 agents (a tenth unassigned, a tenth waiting, due times from an
// hour ago to ten hours ahead, reminders fired on those due within 15 minutes), then asks the
// console's queue views sequentially and reports each one's server time (p50, p95), with the
// JSON API's queue of the same size (100 rows) as the peer. Then it measures the live clocks:
// the cost of one poll of a 100-row queue, in CPU of this process and of the PostgreSQL
// backends, scaled to 50 agents polling every ConsolePoll.
//
//	MEKTEP_BENCH_CONSOLE=20000 GOTOOLCHAIN=go1.27.3 go test ./internal/app -run TestConsoleBenchQueue -v
func TestConsoleBenchQueue(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_CONSOLE"))
	if n <= 0 {
		t.Skip("set MEKTEP_BENCH_CONSOLE to run the console benchmark")
	}
	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{"MEKTEP_RATE_LIMITS": "off"}})
	ctx := context.Background()
	site := provisionTenantNoWorker(t, s, "school-cbench")
	requester, _ := verifiedParent(t, s, "cbench@example.kz", sitecore.Russian)
	var agents []int64
	for i := range 50 {
		agents = append(agents, consoleUser(t, s, fmt.Sprintf("agent%d@cbench.kz", i), fmt.Sprintf("Агент %d", i), sitecore.PlatformSupport).ID)
	}
	start := time.Now()
	if _, err := s.App.DB.Pool.Exec(ctx, `
		INSERT INTO tickets (site_id, requester_id, assignee_id, category, priority, subject, description, status, lang,
		                     first_response_due, resolution_due, first_response_breached)
		SELECT $1, $2, CASE WHEN i % 10 = 0 THEN NULL ELSE ($3::bigint[])[1 + i % 50] END,
		       (ARRAY['account','content','admissions','tests','surveys','other'])[1 + i % 6],
		       (ARRAY['low','normal','high','urgent'])[1 + i % 4],
		       'Обращение ' || i || CASE WHEN i % 10 = 3 THEN ' пароль' ELSE '' END, 'load',
		       CASE WHEN i % 10 = 5 THEN 'waiting' ELSE 'open' END, 'ru',
		       CASE WHEN i % 10 = 5 THEN NULL ELSE now() + ((i % 660) - 60) * interval '1 minute' END,
		       CASE WHEN i % 10 = 5 THEN NULL ELSE now() + ((i % 660) + 600) * interval '1 minute' END,
		       i % 10 <> 5 AND (i % 660) < 60
		FROM generate_series(1, $4) i`, site, requester.ID, agents, n); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.Pool.Exec(ctx, `
		INSERT INTO ticket_escalations (ticket_id, clock, level, due_at)
		SELECT id, 'first_response', 1, first_response_due FROM tickets
		WHERE first_response_due BETWEEN now() - interval '1 hour' AND now() + interval '15 minutes';
		ANALYZE tickets; ANALYZE ticket_escalations`); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d open tickets stored in %s", n, time.Since(start).Round(time.Millisecond))
	cookie := session(t, s, agents[1])

	measure := func(name, path string, rounds int) (p50, p95 time.Duration) {
		for range 5 { // warm up
			s.do("GET", path, nil, "Cookie", cookie)
		}
		var ds []time.Duration
		for range rounds {
			t0 := time.Now()
			r := s.do("GET", path, nil, "Cookie", cookie)
			ds = append(ds, time.Since(t0))
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
		}
		slices.Sort(ds)
		p50, p95 = percentile(ds, 0.5), percentile(ds, 0.95)
		t.Logf("%-34s p50 %6.1f ms  p95 %6.1f ms", name, ms(p50), ms(p95))
		return p50, p95
	}
	const rounds = 200
	_, peer := measure("API queue (JSON, 100 rows): peer", "/api/v1/helpdesk/queue?status=open,waiting", rounds)
	worst := time.Duration(0)
	for _, v := range []struct{ name, q string }{
		{"console: mine", "view=mine"},
		{"console: team (100 of all)", "view=team"},
		{"console: unassigned", "view=unassigned"},
		{"console: breached", "view=breached"},
		{"console: waiting", "view=waiting"},
		{"console: team, urgent accounts", "view=team&category=account&priority=urgent"},
		{"console: search 'пароль'", "view=team&q=%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C"},
	} {
		_, p95 := measure(v.name, "/helpdesk/console/ru/?"+v.q, rounds)
		worst = max(worst, p95)
	}
	t.Logf("worst console p95 %.1f ms = %.2f × the API's p95 (%.1f ms)", ms(worst), float64(worst)/float64(peer), ms(peer))

	// Live clocks: one poll is the clocks of a 100-row queue.
	var ids []string
	rows, err := s.App.DB.Pool.Query(ctx, `SELECT id FROM tickets WHERE status IN ('open','waiting') ORDER BY least(first_response_due, resolution_due) LIMIT 100`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	rows.Close()
	path := "/helpdesk/console/ru/clocks?ids=" + strings.Join(ids, ",")
	backends := func() (pids []int) {
		r, err := s.App.DB.Pool.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for r.Next() {
			var pid int
			_ = r.Scan(&pid)
			pids = append(pids, pid)
		}
		return pids
	}
	measure("clocks of 100 tickets", path, 50)
	const polls = 1000
	pids := backends()
	pg0, self0 := procCPU(pids), selfCPU()
	t0 := time.Now()
	for range polls {
		if r := s.do("GET", path, nil, "Cookie", cookie); r.Status != 200 {
			t.Fatalf("clocks: %d", r.Status)
		}
	}
	wall := time.Since(t0)
	pg, self := procCPU(pids)-pg0, selfCPU()-self0
	per := (pg + self) / polls
	rate := 50 / 15.0 // 50 agents, one poll each every ConsolePoll (15 s)
	t.Logf("clocks poll: %.2f ms wall, %.2f ms CPU (this process incl. the HTTP client %.2f ms, PostgreSQL %.2f ms) per poll",
		ms(wall/polls), ms(per), ms(self/polls), ms(pg/polls))
	t.Logf("50 agents every 15 s = %.2f polls/s → %.2f %% of one core", rate, rate*per.Seconds()*100)
}

// selfCPU is this process's user and system CPU time.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procCPU sums the user and system CPU time of the processes (clock ticks of 10 ms).
func procCPU(pids []int) time.Duration {
	var sum time.Duration
	for _, pid := range pids {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
		if len(f) > 12 {
			u, _ := strconv.Atoi(f[11])
			s, _ := strconv.Atoi(f[12])
			sum += time.Duration(u+s) * 10 * time.Millisecond
		}
	}
	return sum
}
