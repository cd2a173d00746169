package app_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/app"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
)

// childName is the n-th child's name, letters only (names refuse digits): "Бала " and n
// spelt with one letter per digit.
func childName(n int) string {
	const letters = "абвгдежзик"
	var b strings.Builder
	b.WriteString("Бала ")
	for _, d := range strconv.Itoa(n) {
		b.WriteString(string([]rune(letters)[d-'0']))
	}
	return b.String()
}

// childBirth is the birth date an IIN of childIIN carries, as forms and the API take it.
func childBirth(iin string) string { return "20" + iin[:2] + "-" + iin[2:4] + "-" + iin[4:6] }

// childYear is the birth year of test children: seven on the reference date (1 September)
// of a campaign opening now, so grade 1's default age rule (6 to 8) admits every one of
// them whatever year the tests run in.
var childYear = admissions.ReferenceDate(&sitecore.Campaign{OpensAt: time.Now()}).Year() - 7

// childIIN makes the n-th valid IIN of a child born in childYear (century digit 5 or 6).
func childIIN(n int) string {
	for serial := n * 3; ; serial++ {
		day := 1 + serial%28
		month := 1 + (serial/28)%12
		s := fmt.Sprintf("%02d%02d%02d%d%04d", childYear%100, month, day, 5+serial%2, (serial/336)%10000)
		d := make([]int, 11)
		for i := range d {
			d[i] = int(s[i] - '0')
		}
		check := 0
		for i, w := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} {
			check += d[i] * w
		}
		check %= 11
		if check == 10 {
			check = 0
			for i, w := range []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2} {
				check += d[i] * w
			}
			check %= 11
		}
		if check != 10 {
			return s + fmt.Sprint(check)
		}
	}
}

// BenchmarkAdmissionBurst is the opening minute of a campaign: 10,000 applications from 200
// concurrent families over loopback, then the time until every accepted application has its
// workflow started. Run it alone: go test ./internal/app -run '^$' -bench AdmissionBurst -benchtime 1x
func BenchmarkAdmissionBurst(b *testing.B) {
	const total, clients = 10000, 200
	// The connection pool as `mektep serve` opens it (postgres.DefaultMinConns kept open),
	// not the tests' on-demand pool.
	s := startStack(b, stackOptions{env: map[string]string{"MEKTEP_LOG_LEVEL": "error", "MEKTEP_RATE_LIMITS": "off"}, servePool: true})
	site := provisionTenantNoWorker(b, s, "school-burst")
	ctx := context.Background()
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: site, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x", "en": "x"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 5000}}, OpensAt: now.Add(-time.Minute), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk", "ru"}, OfferDays: 3}
	if err := s.App.DB.CreateCampaign(ctx, c, nil); err != nil {
		b.Fatal(err)
	}
	cookies := make([]string, clients)
	for i := range cookies {
		_, cookies[i] = verifiedParent(b, s, fmt.Sprintf("burst-parent-%d@example.kz", i), sitecore.Kazakh)
	}
	// The GC setting `mektep serve` starts with (gctune.go), as the nginx bench does; GOGC in
	// the environment measures without it.
	if app.ServeGC(os.Getenv, app.DefaultGCHeadroom) {
		b.Logf("GC headroom %d MB (ServeGC)", app.DefaultGCHeadroom>>20)
	}
	env := benchEnvironment(b, s)
	b.Log(env)
	pgss := statementCounts(b, s)
	b.ResetTimer()
	for range b.N {
		var before, afterBurst, afterStarts pgCounters
		if pgss {
			before = readPGCounters(b, s)
		}
		var (
			next      atomic.Int64
			failures  atomic.Int64
			mu        sync.Mutex
			latencies = make([]time.Duration, 0, total)
			// when each accepted request was sent (since the start) and how long it took:
			// the tail by time, so a slow opening wave shows apart from the steady state
			sentAt = make([][2]time.Duration, 0, total)
			wg     sync.WaitGroup
		)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: time.Minute}
		// MEKTEP_BENCH_TRACE=file records an execution trace of the burst's first seconds
		// (`go tool trace -pprof=sched file` shows where the opening wave waits).
		stopTrace := startBurstTrace(b, os.Getenv("MEKTEP_BENCH_TRACE"), 2*time.Second)
		start := time.Now()
		for w := range clients {
			wg.Go(func() {
				for {
					n := next.Add(1) - 1
					if n >= total {
						return
					}
					iin := childIIN(int(n))
					body := fmt.Sprintf(`{"site_id":%d,"campaign_id":%d,"child_name":"%s","child_iin":"%s","birth_date":"%s","grade":1,"address":"Астана","instruction_lang":"kk","phone":"+77011234567","consent":true}`,
						site, c.ID, childName(int(n)), iin, childBirth(iin))
					req, _ := http.NewRequest("POST", s.URL+"/api/v1/admissions/applications", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Cookie", cookies[w])
					req.Header.Set("Idempotency-Key", "burst-"+iin)
					t0 := time.Now()
					resp, err := client.Do(req)
					d := time.Since(t0)
					if err != nil || resp.StatusCode != 201 {
						failures.Add(1)
						if resp != nil {
							resp.Body.Close()
						}
						continue
					}
					resp.Body.Close()
					mu.Lock()
					latencies = append(latencies, d)
					sentAt = append(sentAt, [2]time.Duration{t0.Sub(start), d})
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		accepted := time.Since(start)
		stopTrace()
		if pgss {
			afterBurst = readPGCounters(b, s)
		}
		testenv.Eventually(b, 15*time.Minute, "every workflow started", func() bool {
			ids, err := s.App.DB.PendingIntake(ctx, 1)
			return err == nil && len(ids) == 0
		})
		allStarted := time.Since(start)
		b.StopTimer()
		if pgss {
			afterStarts = readPGCounters(b, s)
			logPGCounters(b, "the burst (until the last 201)", before, afterBurst, total)
			logPGCounters(b, "after the burst until every workflow started", afterBurst, afterStarts, total)
			for deadline := time.Now().Add(15 * time.Minute); ; time.Sleep(time.Second) { // polled slowly: it is counted too
				var n int
				err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM applications WHERE campaign_id = $1 AND status = 'submitted'`, c.ID).Scan(&n)
				if err == nil && n == 0 {
					break
				}
				if time.Now().After(deadline) {
					b.Fatalf("%d applications still submitted after 15 minutes (%v)", n, err)
				}
			}
			logPGCounters(b, "after every workflow started until every application left submitted", afterStarts, readPGCounters(b, s), total)
		}

		var stored, distinct int
		if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT child_iin) FROM applications WHERE campaign_id = $1`, c.ID).Scan(&stored, &distinct); err != nil {
			b.Fatal(err)
		}
		if failures.Load() != 0 || stored != total || distinct != total {
			b.Fatalf("failures %d, stored %d, distinct %d; want 0, %d, %d", failures.Load(), stored, distinct, total, total)
		}
		slices.Sort(latencies)
		p := func(q float64) time.Duration { return latencies[int(q*float64(len(latencies)-1))] }
		logTailByTime(b, sentAt)
		b.StopTimer()
		raw := rawInsertRate(b, s, total, clients)
		rate := float64(total) / accepted.Seconds()
		b.ReportMetric(rate, "accepted/s")
		b.ReportMetric(raw, "raw_inserts/s")
		b.ReportMetric(rate/raw, "ratio_to_raw")
		b.ReportMetric(float64(p(0.50).Microseconds())/1000, "p50_ms")
		b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99_ms")
		b.ReportMetric(allStarted.Seconds(), "s_until_all_workflows_started")
		b.Logf("%d accepted in %s (%.0f/s), p50 %s, p99 %s; every workflow started after %s; raw inserts of the same row %.0f/s (ratio %.2f)",
			total, accepted.Round(time.Millisecond), rate, p(0.5), p(0.99), allStarted.Round(time.Millisecond), raw, rate/raw)
	}
}

// startBurstTrace starts an execution trace into file (none when file is "") that stops after
// d or when the returned function is called, whichever comes first.
func startBurstTrace(tb testing.TB, file string, d time.Duration) (stop func()) {
	tb.Helper()
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err != nil {
		tb.Fatal(err)
	}
	if err := trace.Start(f); err != nil {
		tb.Fatal(err)
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			trace.Stop()
			f.Close()
			tb.Logf("execution trace of the first %s in %s", d, file)
		})
	}
	time.AfterFunc(d, stop)
	return stop
}

// benchEnvironment says where a benchmark that writes ran: the CPU, the PostgreSQL server and
// its durability settings, the pool, and the Temporal server.
// logTailByTime logs the latency percentiles of the requests sent in each 500 ms of the
// burst, and how many of the slowest 1 % were sent in each.
func logTailByTime(tb testing.TB, sent [][2]time.Duration) {
	tb.Helper()
	all := make([]time.Duration, len(sent))
	for i, s := range sent {
		all[i] = s[1]
	}
	slices.Sort(all)
	p99 := all[int(0.99*float64(len(all)-1))]
	const bucket = 500 * time.Millisecond
	byBucket := map[int][]time.Duration{}
	last := 0
	for _, s := range sent {
		k := int(s[0] / bucket)
		byBucket[k] = append(byBucket[k], s[1])
		last = max(last, k)
	}
	var b strings.Builder
	for k := 0; k <= last; k++ {
		l := byBucket[k]
		if len(l) == 0 {
			continue
		}
		slices.Sort(l)
		slow := 0
		for _, d := range l {
			if d >= p99 {
				slow++
			}
		}
		fmt.Fprintf(&b, "\n  sent %4.1f–%4.1f s: %5d requests, p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms, %3d of the slowest 1 %%",
			(time.Duration(k) * bucket).Seconds(), (time.Duration(k+1) * bucket).Seconds(), len(l),
			float64(l[len(l)/2].Microseconds())/1000, float64(l[int(0.99*float64(len(l)-1))].Microseconds())/1000,
			float64(l[len(l)-1].Microseconds())/1000, slow)
	}
	tb.Logf("latency by when the request was sent (overall p99 %s):%s", p99.Round(time.Millisecond), b.String())
}

func benchEnvironment(tb testing.TB, s *stack) string {
	tb.Helper()
	ctx := context.Background()
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	var version, fsync, syncCommit, buffers, fpw string
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT current_setting('server_version'), current_setting('fsync'),
		current_setting('synchronous_commit'), current_setting('shared_buffers'), current_setting('full_page_writes')`).
		Scan(&version, &fsync, &syncCommit, &buffers, &fpw); err != nil {
		tb.Fatal(err)
	}
	durable := "durable"
	if fsync != "on" || syncCommit == "off" {
		durable = "NOT durable (a test speed-up; these figures do not count)"
	}
	return fmt.Sprintf("environment: %s, %d cores, GOMAXPROCS %d; PostgreSQL %s at %s, fsync=%s synchronous_commit=%s full_page_writes=%s shared_buffers=%s — %s; pool %d connections; Temporal: CLI dev server, in memory (testenv)",
		cpu, runtime.NumCPU(), runtime.GOMAXPROCS(0), version, s.Env["DATABASE_URL"][strings.LastIndex(s.Env["DATABASE_URL"], "@")+1:], fsync, syncCommit, fpw, buffers, durable,
		s.App.DB.Pool.Config().MaxConns)
}

// rawInsertRate is PostgreSQL's own rate for the same work's floor: n application-sized rows
// (the columns of an application, its history entry and intake row folded into one row of
// the same size), one row per transaction, from the same number of clients over the same
// pool, into the same server with the same durability.
func rawInsertRate(tb testing.TB, s *stack, n, clients int) float64 {
	tb.Helper()
	return rawRowRate(tb, s, n, clients, `CREATE TABLE IF NOT EXISTS bench_raw_intake (
		id bigserial PRIMARY KEY, site_id bigint, campaign_id bigint, parent_id bigint, child_name text,
		child_iin text, birth_date date, grade int, address text, instruction_lang text, phone text,
		email text, lang text, status text, created_at timestamptz DEFAULT now())`, func(i int) (string, []any) {
		return `INSERT INTO bench_raw_intake (site_id, campaign_id, parent_id, child_name, child_iin, birth_date, grade,
			address, instruction_lang, phone, email, lang, status)
			VALUES ($1, $2, $3, $4, $5, '2019-01-06', 1, 'Астана', 'kk', '+77011234567', $6, 'kk', 'submitted')`,
			[]any{1, 1, i, fmt.Sprintf("Бала %d", i), childIIN(i), fmt.Sprintf("raw-%d@example.kz", i)}
	})
}
