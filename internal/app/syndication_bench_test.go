package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/syndication/portal/portaltest"
)

// benchInt reads an integer setting of a load test.
func benchInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchSchools inserts n active schools under the org unit straight into PostgreSQL (site
// provisioning through the workflow would take hours) and returns their IDs.
func benchSchools(t *testing.T, s *stack, prefix string, n int, unit int64) []int64 {
	t.Helper()
	rows, err := s.App.DB.Pool.Query(context.Background(), `INSERT INTO sites (slug, names, languages, owner_email, status, step, org_unit_id)
		SELECT $1 || g, jsonb_build_object('kk', 'Мектеп ' || g), '{kk}', 'o@example.kz', 'active', 'activated', NULLIF($3::bigint, 0)
		FROM generate_series(1, $2::int) g RETURNING id`, prefix, n, unit)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestSyndicationDeliveryLoad delivers every school's news to two fake partners that answer
// in 50 ms and fail 5 % of requests (500), through the outbound workflows on the dev server,
// and reports the throughput, exactly-once and the process's memory.
//
//	MEKTEP_BENCH_SYNDICATION=1 go test ./internal/app -run TestSyndicationDeliveryLoad -v -timeout 30m
//
// MEKTEP_BENCH_SCHOOLS (100) schools publish MEKTEP_BENCH_ITEMS (10) items each.
func TestSyndicationDeliveryLoad(t *testing.T) {
	if os.Getenv("MEKTEP_BENCH_SYNDICATION") == "" {
		t.Skip("load test: set MEKTEP_BENCH_SYNDICATION=1")
	}
	s := startStack(t, stackOptions{})
	a := s.App
	ctx := context.Background()
	schools, items := benchInt("MEKTEP_BENCH_SCHOOLS", 100), benchInt("MEKTEP_BENCH_ITEMS", 10)
	st := a.DB.Syndication()
	var dests []syndication.Destination
	// The fake partners run in this process, or with MEKTEP_BENCH_FAKES_OUT=1 in a child
	// process (this test binary, TestSyndicationFakePartners), so that this process's
	// memory is the stack's alone (server, worker, relay, clients).
	var partners []benchPartner
	fakesOut := os.Getenv("MEKTEP_BENCH_FAKES_OUT") != ""
	if fakesOut {
		partners = startFakePartnersProcess(t, 2)
	} else {
		for range 2 {
			p := newBenchPortal()
			defer p.Close()
			partners = append(partners, inProcessPartner{p})
		}
	}
	for i, name := range []string{"national", "regional"} {
		d := syndication.Destination{Scope: syndication.ScopePartner, Protocol: syndication.ProtocolPortal, Endpoint: partners[i].URL(),
			Names: map[sitecore.Lang]string{sitecore.Kazakh: name}, Enabled: true}
		if err := st.CreateDestination(ctx, &d); err != nil {
			t.Fatal(err)
		}
		dests = append(dests, d)
	}
	ids := benchSchools(t, s, "synd-bench-", schools, 0)
	if _, err := a.DB.Pool.Exec(ctx, `INSERT INTO syndication_rules (site_id, destination_id)
		SELECT s, d FROM unnest($1::bigint[]) s, unnest($2::bigint[]) d`, ids, []int64{dests[0].ID, dests[1].ID}); err != nil {
		t.Fatal(err)
	}
	// The news, as the CMS stores them: into the content store, many per InsertMany (per-item
	// upserts through FerretDB's SQLite backend scan, and took minutes for 3,000 items).
	setup := time.Now()
	now := time.Now().UTC()
	all := make([]*sitecore.News, 0, schools*items)
	for _, id := range ids {
		for i := range items {
			all = append(all, &sitecore.News{SiteID: id, Key: fmt.Sprintf("n%d", i), Published: true, PublishedAt: now, UpdatedAt: now,
				Tags: []string{"бенч"}, Text: map[sitecore.Lang]sitecore.NewsText{sitecore.Kazakh: {
					Title: fmt.Sprintf("Жаңалық %d", i), Slug: fmt.Sprintf("n%d", i), Summary: "Қысқаша", Body: "<p>Мәтін</p>"}}})
		}
	}
	for chunk := range slices.Chunk(all, 1000) {
		if err := a.Content.InsertNews(ctx, chunk); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("setup: %d schools, %d items in the content store in %s", schools, len(all), time.Since(setup).Round(time.Millisecond))
	want := schools * items * len(dests)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rssBefore, heapBefore := rssKB(os.Getpid(), "VmRSS"), ms.HeapInuse
	start := time.Now()
	// What the CMS calls when an item is published (cms.Syndicator.NewsItemChanged, one item
	// per call), from hookers goroutines at once: schools publishing at the same time. The
	// delivery runs meanwhile.
	const hookers = 8
	var hooked sync.WaitGroup
	var hookNanos, hookRetries atomic.Int64
	hookErr := make(chan error, hookers)
	for w := range hookers {
		hooked.Go(func() {
			for j := w; j < len(all); j += hookers {
				// A failed call (on the shared test machine: the PostgreSQL server out of
				// connections, "too many clients") is what a publishing school would be
				// told to retry: retried here for up to a minute, counted.
				err := a.Syndication.NewsItemChanged(ctx, all[j])
				for try := 0; err != nil && try < 60; try++ {
					hookRetries.Add(1)
					time.Sleep(time.Second)
					err = a.Syndication.NewsItemChanged(ctx, all[j])
				}
				if err != nil {
					hookErr <- err
					return
				}
			}
		})
	}
	go func() { hooked.Wait(); hookNanos.Store(int64(time.Since(start))); close(hookErr) }()
	deadline := time.Duration(benchInt("MEKTEP_BENCH_MINUTES", 25)) * time.Minute
	type sample struct {
		at        time.Duration
		delivered int
		rssKB     int
		heapMB    uint64
		load      string
		liveMB    uint64 // live heap after a forced GC (every ~5 min)
		fakesKB   int    // the fake partners' process RSS (MEKTEP_BENCH_FAKES_OUT)
	}
	var samples []sample
	var delivered, peak int
	var bulk, whole time.Duration // 95 % and 100 % delivered
	// MEKTEP_BENCH_UNTIL_BULK=1 stops at 95 %: the bulk rate without the backoff tail.
	untilBulk := os.Getenv("MEKTEP_BENCH_UNTIL_BULK") != ""
	lastLog, lastGC := time.Now(), time.Now()
	for delivered < want {
		time.Sleep(time.Second)
		select {
		case err := <-hookErr:
			if err != nil {
				t.Fatal(err)
			}
		default:
		}
		if err := a.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM syndication_deliveries WHERE state = 'delivered'`).Scan(&delivered); err != nil {
			t.Fatal(err)
		}
		rss := rssKB(os.Getpid(), "VmRSS")
		peak = max(peak, rss)
		if len(samples) == 0 || time.Since(start)-samples[len(samples)-1].at >= 10*time.Second {
			runtime.ReadMemStats(&ms)
			sm := sample{at: time.Since(start), delivered: delivered, rssKB: rss, heapMB: ms.HeapInuse >> 20, load: loadAvg()}
			if time.Since(lastGC) >= 5*time.Minute {
				lastGC = time.Now()
				runtime.GC()
				runtime.ReadMemStats(&ms)
				sm.liveMB = ms.HeapAlloc >> 20
				t.Logf("memory %s: %d delivered, RSS %d MB, live heap after GC %d MB, fakes' RSS %d MB", sm.at.Round(time.Second), delivered,
					rss>>10, sm.liveMB, fakesRSS(partners)>>10)
			}
			sm.fakesKB = fakesRSS(partners)
			samples = append(samples, sm)
		}
		if time.Since(lastLog) >= 30*time.Second {
			lastLog = time.Now()
			t.Logf("progress %s: %d of %d delivered (%.1f/s), RSS %d MB, load %s", time.Since(start).Round(time.Second), delivered, want,
				float64(delivered)/time.Since(start).Seconds(), rss>>10, loadAvg())
		}
		if bulk == 0 && delivered*20 >= want*19 {
			bulk = time.Since(start)
			if untilBulk {
				break
			}
		}
		if time.Since(start) > deadline {
			t.Errorf("only %d of %d delivered after %s (MEKTEP_BENCH_MINUTES=%d)", delivered, want, time.Since(start).Round(time.Second), deadline/time.Minute)
			break
		}
	}
	if delivered >= want {
		whole = time.Since(start)
	}
	took := time.Since(start)
	for i, p := range partners {
		// Exactly once: every create the partner accepted, counted per external ID (one per
		// item and generation, the identity of the create's delivery key).
		requests, created, dup, dupExamples := p.Stats(t)
		for _, ext := range dupExamples {
			t.Errorf("destination %d: %s created more than once", i, ext)
		}
		if dup > 0 {
			t.Errorf("destination %d: %d items created more than once", i, dup)
		}
		if created != schools*items && !untilBulk && delivered >= want {
			t.Errorf("destination %d holds %d items, want %d", i, created, schools*items)
		}
		t.Logf("destination %d: %d requests; %d items created, %d of them more than once", i, requests, created, dup)
	}
	t.Logf("%d of %d deliveries (%d schools × %d items × %d destinations) in %s: %.1f/s; the hook (%d callers) took %s (%d calls retried after an error)",
		delivered, want, schools, items, len(dests), took.Round(time.Second), float64(delivered)/took.Seconds(), hookers,
		time.Duration(hookNanos.Load()).Round(time.Millisecond), hookRetries.Load())
	bulkRate := 0.0
	if bulk > 0 {
		bulkRate = float64(want*19/20) / bulk.Seconds()
		t.Logf("95 %% (%d) delivered after %s: %.1f/s, %.2f × the 42/s the hour needs (150,000 in 3,600 s)", want*19/20, bulk.Round(time.Second), bulkRate, bulkRate/(150000.0/3600))
	}
	if whole > 0 {
		t.Logf("100 %% (%d) delivered after %s", want, whole.Round(time.Second))
	}
	step := max(1, len(samples)/8)
	for i := 0; i < len(samples); i += step {
		sm := samples[i]
		t.Logf("sample %s: %d delivered, RSS %d MB, Go heap in use %d MB, fakes' RSS %d MB, load %s", sm.at.Round(time.Second), sm.delivered,
			sm.rssKB>>10, sm.heapMB, sm.fakesKB>>10, sm.load)
	}
	runtime.ReadMemStats(&ms)
	where := "server, worker, relay, fake partners in one process"
	if fakesOut {
		where = "server, worker, relay; the fake partners in another process"
	}
	t.Logf("process memory (%s): RSS %d MB before, %d MB peak, %d MB at the end; Go heap in use %d MB before, %d MB at the end",
		where, rssBefore>>10, peak>>10, rssKB(os.Getpid(), "VmRSS")>>10, heapBefore>>20, ms.HeapInuse>>20)
	// The fakes' share: the live heap after a GC, with and without them (and the items list).
	runtime.GC()
	runtime.ReadMemStats(&ms)
	withFakes := ms.HeapAlloc
	for _, p := range partners {
		p.Close()
	}
	partners, all = nil, nil
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("live Go heap after GC: %d MB with the fake partners (if in this process) and the bench's item list, %d MB without (the stack: server, worker, relay, clients)",
		withFakes>>20, ms.HeapAlloc>>20)
	peer := partnerPeerRate(t, min(want, 20000), peerSends)
	rate := bulkRate
	if bulk == 0 { // 95 % not reached: the average over the run
		rate = float64(delivered) / took.Seconds()
	}
	t.Logf("peer: a plain Go client, %d requests at once, %d POSTs to the same fake partner: %.1f/s; ratio (bulk, else average)/peer %.2f",
		peerSends, min(want, 20000), peer, rate/peer)
	t.Logf("load average at the end: %s", loadAvg())
}

// benchPartner is a fake partner of the delivery benchmark, in this process or another.
type benchPartner interface {
	URL() string
	// Stats: requests, items created, items created more than once (and a few of them).
	Stats(t *testing.T) (requests, created, dup int, dupExamples []string)
	Close()
	PID() int // 0: this process
}

// newBenchPortal is the benchmark's fake partner: 50 ms per answer, every 20th a 500.
func newBenchPortal() *portaltest.Server {
	p := portaltest.New()
	p.Delay = 50 * time.Millisecond
	p.Slim = true // what the partners hold is not the worker's memory
	p.Fault = func(n int, _ *http.Request) portaltest.Fault {
		if n%20 == 0 {
			return portaltest.Fail500
		}
		return portaltest.OK
	}
	return p
}

// portalStats counts a fake's requests and its creates per external ID.
func portalStats(p *portaltest.Server) (requests, created, dup int, dupExamples []string) {
	creates := map[string]int{}
	for _, e := range p.Events() {
		if e.Op == "create" {
			creates[e.ExternalID]++
		}
	}
	for ext, n := range creates {
		if n != 1 {
			dup++
			if len(dupExamples) < 5 {
				dupExamples = append(dupExamples, ext)
			}
		}
	}
	return p.Requests(), len(creates), dup, dupExamples
}

type inProcessPartner struct{ p *portaltest.Server }

func (i inProcessPartner) URL() string { return i.p.URL }
func (i inProcessPartner) Stats(*testing.T) (int, int, int, []string) {
	return portalStats(i.p)
}
func (i inProcessPartner) Close()   { i.p.Close() }
func (i inProcessPartner) PID() int { return 0 }

// childPartner is a fake partner served by the child process.
type childPartner struct {
	url, stats string
	pid        int
	stop       func()
}

func (c childPartner) URL() string { return c.url }
func (c childPartner) PID() int    { return c.pid }
func (c childPartner) Close()      { c.stop() }
func (c childPartner) Stats(t *testing.T) (requests, created, dup int, dupExamples []string) {
	var st struct {
		Requests, Created, Dup int
		DupExamples            []string
	}
	res, err := http.Get(c.stats)
	if err != nil {
		t.Error(err)
		return
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		t.Error(err)
	}
	return st.Requests, st.Created, st.Dup, st.DupExamples
}

// fakesRSS is the fake partners' process RSS in KB (0 when they run in this process).
func fakesRSS(ps []benchPartner) int {
	if len(ps) == 0 || ps[0].PID() == 0 {
		return 0
	}
	return rssKB(ps[0].PID(), "VmRSS")
}

// startFakePartnersProcess runs n fake partners in a child process (this test binary
// running TestSyndicationFakePartners), which ends when its standard input closes.
func startFakePartnersProcess(t *testing.T, n int) []benchPartner {
	cmd := exec.Command(os.Args[0], "-test.run=^TestSyndicationFakePartners$", "-test.v", "-test.timeout=0")
	cmd.Env = append(os.Environ(), "MEKTEP_BENCH_FAKE_CHILD="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() { once.Do(func() { stdin.Close(); _ = cmd.Wait() }) }
	t.Cleanup(stop)
	sc := bufio.NewScanner(stdout)
	var fields []string
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) > 0 && f[0] == "FAKES" {
			fields = f[1:]
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if len(fields) != 2*n {
		t.Fatalf("fake partners' process said %v", fields)
	}
	var out []benchPartner
	for i := range n {
		out = append(out, childPartner{url: fields[2*i], stats: fields[2*i+1], pid: cmd.Process.Pid, stop: stop})
	}
	t.Logf("fake partners in process %d: %v", cmd.Process.Pid, fields)
	return out
}

// TestSyndicationFakePartners is the child process of MEKTEP_BENCH_FAKES_OUT: it serves
// MEKTEP_BENCH_FAKE_CHILD fake partners, each with a stats address, prints the addresses and
// serves until its standard input closes.
func TestSyndicationFakePartners(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_FAKE_CHILD"))
	if n <= 0 {
		t.Skip("the child process of TestSyndicationDeliveryLoad with MEKTEP_BENCH_FAKES_OUT=1")
	}
	var fields []string
	for range n {
		p := newBenchPortal()
		defer p.Close()
		stats := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			requests, created, dup, ex := portalStats(p)
			_ = json.NewEncoder(w).Encode(map[string]any{"Requests": requests, "Created": created, "Dup": dup, "DupExamples": ex})
		}))
		defer stats.Close()
		fields = append(fields, p.URL, stats.URL)
	}
	fmt.Println("FAKES " + strings.Join(fields, " "))
	_, _ = io.Copy(io.Discard, os.Stdin)
}

// loadAvg is the machine's load average (1, 5, 15 minutes).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// peerSends is the peer's concurrency: the worker's bound on requests to partners at once.
const peerSends = 64

// partnerPeerRate is the peer of the delivery figure: n creates POSTed by a plain keep-alive
// Go client, conc at once, to a fake partner like the benchmark's (50 ms, every 20th a 500,
// retried at once), measured in the same run on the same machine.
func partnerPeerRate(t *testing.T, n, conc int) float64 {
	p := portaltest.New()
	defer p.Close()
	p.Delay = 50 * time.Millisecond
	p.Fault = func(n int, _ *http.Request) portaltest.Fault {
		if n%20 == 0 {
			return portaltest.Fail500
		}
		return portaltest.OK
	}
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}}
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			for {
				body := fmt.Sprintf(`{"external_id":"peer-%d","version":1}`, i)
				res, err := c.Post(p.URL+"/v1/news", "application/json", strings.NewReader(body))
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode < 500 {
					return
				}
			}
		})
	}
	wg.Wait()
	return float64(n) / time.Since(start).Seconds()
}

// TestPortalPageLoad measures a district portal's aggregated news page over 500 schools
// (10 items each), cached and uncached, with /healthz of the same server as the peer.
//
//	MEKTEP_BENCH_SYNDICATION=1 go test ./internal/app -run TestPortalPageLoad -v -timeout 30m
func TestPortalPageLoad(t *testing.T) {
	if os.Getenv("MEKTEP_BENCH_SYNDICATION") == "" {
		t.Skip("load test: set MEKTEP_BENCH_SYNDICATION=1")
	}
	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{"MEKTEP_LOG_LEVEL": "error"}})
	a := s.App
	ctx := context.Background()
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	names := map[string]string{"kk": "Аудан", "ru": "Район", "en": "District"}
	r := s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "region", "names": names})
	region := int64(r.JSON(t)["org_unit"].(map[string]any)["id"].(float64))
	r = s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "district", "parent_id": region, "names": names})
	district := int64(r.JSON(t)["org_unit"].(map[string]any)["id"].(float64))
	site, err := sitecore.NewSite{Slug: "portal-bench", Names: map[string]string{"kk": "Аудан порталы"}, Domains: []string{"portal-bench.kz"},
		Languages: []string{"kk"}, OwnerEmail: "o@portal-bench.kz"}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DB.CreateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.SetSiteStep(ctx, site.ID, sitecore.StepActivated); err != nil {
		t.Fatal(err)
	}
	p, err := a.Portals.Register(ctx, op, site.ID, district)
	if err != nil {
		t.Fatal(err)
	}
	schools := benchInt("MEKTEP_BENCH_SCHOOLS", 500)
	ids := benchSchools(t, s, "portal-bench-", schools, district)
	if _, err := a.DB.Pool.Exec(ctx, `INSERT INTO syndication_rules (site_id, destination_id) SELECT unnest($1::bigint[]), $2`, ids, p.DestinationID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.Pool.Exec(ctx, `INSERT INTO portal_news (portal_site_id, destination_id, school_site_id, news_key, lang, title, summary,
		url, school_name, school_url, published_at)
		SELECT $1, $2, s, 'n' || i, 'kk', 'Жаңалық ' || i || ' мектеп ' || s, 'Қысқаша мазмұны: олимпиада, жарыс, сабақ.',
			'https://school' || s || '.kz/kk/news/n' || i, 'Мектеп ' || s, 'https://school' || s || '.kz',
			now() - make_interval(mins => (k * 10 + i)::int)
		FROM unnest($3::bigint[]) WITH ORDINALITY AS u(s, k), generate_series(1, 10) i`, site.ID, p.DestinationID, ids); err != nil {
		t.Fatal(err)
	}
	url := s.URL + "/kk/schools-news?page=3"
	if r := s.do("GET", "/kk/schools-news?page=3", nil, "Host", "portal-bench.kz"); r.Status != 200 {
		t.Fatalf("portal page: %d %s", r.Status, r.Body)
	}
	rps, p50, p99 := loadMedian(t, url, "portal-bench.kz", 64, 10*time.Second)
	t.Logf("portal page, render cache, %d schools: %.0f req/s, p50 %s, p99 %s", schools, rps, p50, p99)
	hrps, hp50, hp99 := loadMedian(t, s.URL+"/healthz", "portal-bench.kz", 64, 10*time.Second)
	t.Logf("/healthz (peer): %.0f req/s, p50 %s, p99 %s; ratio %.2f", hrps, hp50, hp99, rps/hrps)
	a.Server.NoPageCache.Store(true)
	urps, up50, up99 := load(t, url, "portal-bench.kz", 64, 10*time.Second)
	t.Logf("portal page, no render cache: %.0f req/s, p50 %s, p99 %s", urps, up50, up99)
	if rps < 3000 {
		t.Errorf("cached portal page: %.0f req/s, target 3,000", rps)
	}
}
