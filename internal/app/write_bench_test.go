package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// The other benchmarks that write (issue #18): they state where they ran, as the admission
// burst does, and measure the raw write rate of the same store beside themselves in the
// same run, so that a figure reads as a share of what the database itself can take:
//
//	MEKTEP_BENCH_WRITES=1 GOTOOLCHAIN=go1.27.3 go test ./internal/app -run 'TestWriteBench' -v -count=1 -timeout 30m
//
// Both use the stack's PostgreSQL (the durable server on 127.0.0.1:5432 when one answers,
// see benchEnvironment) and its Mongo API (FerretDB in tests; see mongoEnvironment).

func writeBench(t *testing.T) {
	t.Helper()
	if os.Getenv("MEKTEP_BENCH_WRITES") == "" {
		t.Skip("load test: set MEKTEP_BENCH_WRITES=1")
	}
}

// loadResult is what a closed-loop load of n requests from some clients measured.
type loadResult struct {
	elapsed   time.Duration
	latencies []time.Duration // of the requests that succeeded, sorted
	failures  int64
	firstErr  atomic.Value
}

func (r *loadResult) rate() float64 { return float64(len(r.latencies)) / r.elapsed.Seconds() }

func (r *loadResult) p(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[int(q*float64(len(r.latencies)-1))]
}

// closedLoad runs n calls of one from clients goroutines, each starting its next call when its
// last one returned; one reports whether its call succeeded.
func closedLoad(n, clients int, one func(i, client int) error) *loadResult {
	var (
		next atomic.Int64
		mu   sync.Mutex
		wg   sync.WaitGroup
		res  = &loadResult{latencies: make([]time.Duration, 0, n)}
		fail atomic.Int64
	)
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				t0 := time.Now()
				err := one(int(i), c)
				d := time.Since(t0)
				if err != nil {
					fail.Add(1)
					res.firstErr.CompareAndSwap(nil, err)
					continue
				}
				mu.Lock()
				res.latencies = append(res.latencies, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.failures = fail.Load()
	slices.Sort(res.latencies)
	return res
}

// post sends body to the stack with the headers given as name, value pairs and wants want.
func post(c *http.Client, u, contentType string, body []byte, want int, headers ...string) error {
	req, err := http.NewRequest("POST", u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return fmt.Errorf("%d %s", resp.StatusCode, b.String())
	}
	return nil
}

// mongoEnvironment says which Mongo API server the stack used.
func mongoEnvironment(t *testing.T, s *stack) string {
	t.Helper()
	var info bson.M
	if err := s.App.Content.Database().RunCommand(context.Background(), bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		t.Fatal(err)
	}
	server := "MongoDB"
	_, fdb := info["ferretdb"]
	if _, v := info["ferretdbVersion"]; fdb || v {
		// deploy/ferretdb: FerretDB 1.24 on SQLite, the dev and test stand-in (not durable
		// storage for production, where MONGODB_URI names a MongoDB replica set)
		server = "FerretDB 1.24 on SQLite (dev/test stand-in)"
	}
	return fmt.Sprintf("Mongo API: %s (reports version %v) at %s", server, info["version"], s.Env["MONGODB_URI"][strings.LastIndex(s.Env["MONGODB_URI"], "@")+1:])
}

// TestWriteBenchTickets: 4,000 tickets opened through the API by 100 requesters at once,
// beside PostgreSQL's raw insert rate of a ticket-sized row with the same concurrency, and
// the time until every ticket's workflow started.
func TestWriteBenchTickets(t *testing.T) {
	writeBench(t)
	const total, clients = 4000, 100
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_LOG_LEVEL": "error", "MEKTEP_RATE_LIMITS": "off"}, servePool: true})
	site := provisionTenantNoWorker(t, s, "school-tickets")
	cookies := make([]string, clients)
	for i := range cookies {
		_, cookies[i] = verifiedParent(t, s, fmt.Sprintf("ticket-requester-%d@example.kz", i), sitecore.Russian)
	}
	t.Log(benchEnvironment(t, s))
	ctx := context.Background()
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: time.Minute}
	stop := cpuProfile(t, os.Getenv("MEKTEP_BENCH_PROFILE"))
	stopTrace := startBurstTrace(t, os.Getenv("MEKTEP_BENCH_TRACE"), 5*time.Second)
	desc := strings.Repeat("Не могу войти на сайт школы: пароль не подходит после смены почты. ", 4)
	start := time.Now()
	res := closedLoad(total, clients, func(i, client int) error {
		body := fmt.Appendf(nil, `{"site_id":%d,"category":"account","subject":"Вход %d","description":%q}`, site, i, desc)
		return post(c, s.URL+"/api/v1/helpdesk/tickets", "application/json", body, 201,
			"Cookie", cookies[client], "Idempotency-Key", fmt.Sprintf("bench-ticket-%d", i))
	})
	stop()
	stopTrace()
	if res.failures != 0 {
		t.Fatalf("%d of %d tickets failed; first: %v", res.failures, total, res.firstErr.Load())
	}
	testenv.Eventually(t, 15*time.Minute, "every ticket's workflow started", func() bool {
		ids, err := s.App.DB.PendingTicketIntake(ctx, 1)
		return err == nil && len(ids) == 0
	})
	allStarted := time.Since(start)
	var stored int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM tickets WHERE site_id = $1`, site).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != total {
		t.Fatalf("stored %d tickets, want %d", stored, total)
	}
	raw := rawRowRate(t, s, total, clients, `CREATE TABLE IF NOT EXISTS bench_raw_tickets (id bigserial PRIMARY KEY,
		site_id bigint, requester_id bigint, category text, subject text, description text, lang text, status text,
		created_at timestamptz DEFAULT now())`, func(i int) (string, []any) {
		return `INSERT INTO bench_raw_tickets (site_id, requester_id, category, subject, description, lang, status)
			VALUES ($1, $2, 'account', $3, $4, 'ru', 'open')`, []any{site, i, fmt.Sprintf("Вход %d", i), desc}
	})
	t.Logf("%d tickets opened in %s (%.0f/s), p50 %s, p99 %s; every workflow started after %s; raw inserts of a ticket-sized row %.0f/s (ratio %.2f)",
		total, res.elapsed.Round(time.Millisecond), res.rate(), res.p(0.5).Round(100*time.Microsecond), res.p(0.99).Round(100*time.Microsecond),
		allStarted.Round(time.Millisecond), raw, res.rate()/raw)
}

// cpuProfile writes a CPU profile of the process into file until the returned function is
// called (nothing when file is "").
func cpuProfile(t *testing.T, file string) (stop func()) {
	t.Helper()
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		t.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// rawRowRate is PostgreSQL's own rate for n single-row INSERTs (one transaction each) from
// clients connections of the stack's pool into a table made by create.
func rawRowRate(t testing.TB, s *stack, n, clients int, create string, insert func(i int) (string, []any)) float64 {
	t.Helper()
	ctx := context.Background()
	if _, err := s.App.DB.Pool.Exec(ctx, create); err != nil {
		t.Fatal(err)
	}
	res := closedLoad(n, clients, func(i, _ int) error {
		q, args := insert(i)
		_, err := s.App.DB.Pool.Exec(ctx, q, args...)
		return err
	})
	if res.failures != 0 {
		t.Fatalf("raw inserts: %d failed; first: %v", res.failures, res.firstErr.Load())
	}
	return res.rate()
}

// TestWriteBenchMedia: 320 image uploads (about 200 KB each, a PNG of noise that does not
// compress) into one school's media library by 16 concurrent uploaders through the API,
// beside the raw rate of the Mongo API's GridFS storing the same bytes with the same
// concurrency.
func TestWriteBenchMedia(t *testing.T) {
	writeBench(t)
	const total, clients = 320, 16
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_LOG_LEVEL": "error"}})
	site, owner := ownedSite(t, s, "bench-media", "owner-password-1")
	u, _ := url.Parse(s.URL)
	var cookie []string
	for _, c := range owner.jar.Cookies(u) {
		cookie = append(cookie, c.Name+"="+c.Value)
	}
	t.Log(benchEnvironment(t, s))
	t.Log(mongoEnvironment(t, s))
	img := noisePNG(t, 256, 200)
	t.Logf("image: %d bytes", len(img))
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 2 * time.Minute}
	stop := cpuProfile(t, os.Getenv("MEKTEP_BENCH_PROFILE"))
	stopTrace := startBurstTrace(t, os.Getenv("MEKTEP_BENCH_TRACE"), 10*time.Second)
	res := closedLoad(total, clients, func(i, _ int) error {
		return post(c, fmt.Sprintf("%s/api/v1/sites/%d/media?name=photo-%d.png", s.URL, site, i), "application/octet-stream", img, 201,
			"Cookie", strings.Join(cookie, "; "))
	})
	stop()
	stopTrace()
	if res.failures != 0 {
		t.Fatalf("%d of %d uploads failed; first: %v", res.failures, total, res.firstErr.Load())
	}
	ctx := context.Background()
	files := s.App.Content.MediaFiles("bench_raw")
	raw := closedLoad(total, clients, func(i, _ int) error {
		_, _, err := files.Put(ctx, site, fmt.Sprintf("raw-%d.png", i), "image/png", bytes.NewReader(img))
		return err
	})
	if raw.failures != 0 {
		t.Fatalf("raw GridFS writes: %d failed; first: %v", raw.failures, raw.firstErr.Load())
	}
	mb := float64(len(img)) / (1 << 20)
	t.Logf("%d uploads in %s (%.0f/s, %.1f MB/s), p50 %s, p99 %s; raw GridFS writes of the same bytes %.0f/s (%.1f MB/s, p50 %s); ratio %.2f",
		total, res.elapsed.Round(time.Millisecond), res.rate(), res.rate()*mb, res.p(0.5).Round(100*time.Microsecond), res.p(0.99).Round(100*time.Microsecond),
		raw.rate(), raw.rate()*mb, raw.p(0.5).Round(100*time.Microsecond), res.rate()/raw.rate())
}

// TestWriteBenchExport: a school exports 20,000 applications to Excel in the background
// (the export workflow reads them from PostgreSQL and streams the workbook into GridFS),
// beside the raw parts of the same work in the same run: reading the rows with one SELECT
// and writing the finished file's bytes into GridFS.
func TestWriteBenchExport(t *testing.T) {
	writeBench(t)
	const total = 20000
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_LOG_LEVEL": "error"}})
	a := provisionTenant(t, s, "bench-export")
	owner := session(t, s, a.users["owner"].ID)
	parent, _ := verifiedParent(t, s, "export-parent@example.kz", sitecore.Russian)
	ctx := context.Background()
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x", "en": "x"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: total}}, OpensAt: now.Add(-time.Minute), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk", "ru"}, OfferDays: 3}
	if err := s.App.DB.CreateCampaign(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.Pool.Exec(ctx, `
		INSERT INTO applications (site_id, campaign_id, parent_id, child_name, child_iin, birth_date, grade, address,
		                          instruction_lang, phone, email, lang, status)
		SELECT $1, $2, $3, 'Бала ' || i, lpad(i::text, 12, '0'), date '2019-01-06' + (i % 300), 1,
		       'Астана, ул. Кенесары, ' || i, 'kk', '+77011234567', 'p' || i || '@example.kz', 'ru', 'under_review'
		FROM generate_series(1, $4) AS i`, a.site, c.ID, parent.ID, total); err != nil {
		t.Fatal(err)
	}
	t.Log(benchEnvironment(t, s))
	t.Log(mongoEnvironment(t, s))
	site := fmt.Sprintf("/api/v1/sites/%d/admissions", a.site)
	start := time.Now()
	r := s.do("POST", site+"/exports", map[string]any{"campaign_id": c.ID}, "Cookie", owner, "Accept-Language", "ru")
	if r.Status != 202 {
		t.Fatalf("start export: %d %s", r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	testenv.Eventually(t, 10*time.Minute, "export done", func() bool {
		return field(t, s.do("GET", loc, nil, "Cookie", owner), "export", "status") == "done"
	})
	took := time.Since(start)
	file := s.do("GET", loc+"/file", nil, "Cookie", owner)
	if file.Status != 200 || len(file.Body) == 0 {
		t.Fatalf("export file: %d, %d bytes", file.Status, len(file.Body))
	}

	// The raw parts: the rows in one read, the file's bytes in one GridFS write.
	t0 := time.Now()
	rows, err := s.App.DB.Pool.Query(ctx, `SELECT * FROM applications WHERE campaign_id = $1 ORDER BY grade, child_name`, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		if _, err := rows.Values(); err != nil {
			t.Fatal(err)
		}
		n++
	}
	rows.Close()
	if rows.Err() != nil || n != total {
		t.Fatalf("raw read: %d rows (%v)", n, rows.Err())
	}
	read := time.Since(t0)
	t0 = time.Now()
	if _, _, err := s.App.Content.Files("bench_raw").Put(ctx, a.site, "raw.xlsx", "application/octet-stream", bytes.NewReader(file.Body), int64(len(file.Body))); err != nil {
		t.Fatal(err)
	}
	write := time.Since(t0)
	t.Logf("export of %d applications done after %s (file %.1f MB); raw: reading the rows %s + writing the file to GridFS %s = %s; ratio %.2f",
		total, took.Round(time.Millisecond), float64(len(file.Body))/(1<<20), read.Round(time.Millisecond), write.Round(time.Millisecond),
		(read + write).Round(time.Millisecond), (read+write).Seconds()/took.Seconds())
}
