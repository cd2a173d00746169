package app_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/app"
)

// TestPublicPageVsNginx is issue #17's figure: a Russian news page of about 600 words served
// by mektep as `make run` serves it (access log on, JSON lines at the default level, written
// to a file as a service's stderr would be), beside nginx serving the saved bytes of that
// very page, in the same run, alternating (mektep, nginx, mektep, ...) so drift of a shared
// machine hits both. Plain and gzip-accepting clients are measured; nginx serves the
// precompressed copy (gzip_static) to the latter.
//
//	MEKTEP_BENCH_NGINX=1 go test ./internal/app -run TestPublicPageVsNginx -v -timeout 30m
//
// MEKTEP_BENCH_PROFILE=file writes a CPU profile of mektep's plain runs,
// MEKTEP_BENCH_MEMPROFILE=file the process's allocation profile at the end,
// MEKTEP_BENCH_TRACE=file an execution trace of the first plain run (go tool trace).
func TestPublicPageVsNginx(t *testing.T) {
	if os.Getenv("MEKTEP_BENCH_NGINX") == "" {
		t.Skip("load test: set MEKTEP_BENCH_NGINX=1")
	}
	if _, err := exec.LookPath("nginx"); err != nil {
		t.Skip("nginx is not installed (apt-get install nginx-light)")
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		t.Skip("wrk is not installed (apt-get install wrk)")
	}
	// The GC setting `mektep serve` starts with (gctune.go); GOGC=100 in the environment
	// measures without it. It stays on for the rest of the process.
	if app.ServeGC(os.Getenv, app.DefaultGCHeadroom) {
		t.Logf("GC headroom %d MB (ServeGC)", app.DefaultGCHeadroom>>20)
	}
	// And its processors (procs.go); GOMAXPROCS in the environment measures without it.
	procs := runtime.GOMAXPROCS(0)
	if n := app.ServeProcs(os.Getenv); n != 0 {
		t.Logf("GOMAXPROCS %d (ServeProcs)", n)
		t.Cleanup(func() { runtime.GOMAXPROCS(procs) })
	}
	dir := t.TempDir()
	logFile, err := os.Create(filepath.Join(dir, "mektep.log"))
	if err != nil {
		t.Fatal(err)
	}
	logger, flush := app.NewLogger(logFile, 0) // info: the default level
	t.Cleanup(func() { flush(); logFile.Close() })
	s := startStack(t, stackOptions{log: logger})
	id, owner := ownedSite(t, s, "bench-nginx", "owner-password-1")
	site := "/api/v1/sites/" + id64(id)
	// About 600 words of Russian text in a dozen paragraphs.
	para := "<p>Ученики нашей школы заняли призовые места на областной олимпиаде по математике, физике и информатике. " +
		"Поздравляем победителей и их учителей, которые готовили ребят весь учебный год, оставаясь после уроков и по субботам. " +
		"Следующий этап пройдёт в Астане в марте, и мы желаем всем участникам удачи.</p>"
	body := strings.Repeat(para, 12)
	r := owner.do("POST", site+"/news", map[string]any{"key": "olympiad", "tags": []string{"olympiad"}, "text": map[string]any{
		"ru": map[string]any{"title": "Призёры олимпиады", "slug": "olympiad", "body": body}}})
	if r.Status != 201 {
		t.Fatalf("news: %d %s", r.Status, r.Body)
	}
	owner.do("POST", site+"/news/olympiad/publish", nil)
	const path, host, conns, d = "/ru/news/olympiad", "bench-nginx.edu.kz", 64, 10 * time.Second
	page := s.do("GET", path, nil, "Host", host)
	if page.Status != 200 {
		t.Fatalf("page: %d", page.Status)
	}
	gz := s.do("GET", path, nil, "Host", host, "Accept-Encoding", "gzip")
	t.Logf("page: %d bytes, %d words; gzip from mektep: %q, %d bytes", len(page.Body), len(strings.Fields(string(page.Body))), gz.Header.Get("Content-Encoding"), len(gz.Body))

	// nginx: 2 workers, access log on, the saved bytes and a gzip copy made by gzip -9.
	nginxURL := startNginx(t, page.Body, true)

	type result struct{ rps, p50, p99 []float64 }
	measure := func(res *result, url string, headers ...string) {
		rps, p50, p99 := wrkRun(t, url, host, conns, d, headers...)
		res.rps, res.p50, res.p99 = append(res.rps, rps), append(res.p50, p50), append(res.p99, p99)
	}
	// The server runs in this process: its allocations and GC cycles per request, read from
	// the runtime around each of mektep's runs (wrk is another process).
	// Also the GC's share of the process's CPU, the scheduling latency of goroutines (how
	// long a runnable goroutine waited for a P: the queueing behind the latency tail) and the
	// heap goal, from runtime/metrics.
	var allocs, bytes, reqs, gcCPU, allCPU float64
	var gcs uint32
	var sched *metrics.Float64Histogram
	var maxGoal uint64
	samples := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/total:cpu-seconds"},
		{Name: "/sched/latencies:seconds"}, {Name: "/gc/heap/goal:bytes"}}
	measureMektep := func(res *result, url string, headers ...string) {
		var before, after runtime.MemStats
		b := make([]metrics.Sample, len(samples))
		copy(b, samples)
		metrics.Read(b)
		runtime.ReadMemStats(&before)
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() { // the heap goal's peak during the run
			defer close(done)
			g := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
			for {
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
					metrics.Read(g)
					maxGoal = max(maxGoal, g[0].Value.Uint64())
				}
			}
		}()
		measure(res, url, headers...)
		close(stop)
		<-done
		runtime.ReadMemStats(&after)
		a := make([]metrics.Sample, len(samples))
		copy(a, samples)
		metrics.Read(a)
		n := res.rps[len(res.rps)-1] * d.Seconds()
		allocs += float64(after.Mallocs - before.Mallocs)
		bytes += float64(after.TotalAlloc - before.TotalAlloc)
		gcs += after.NumGC - before.NumGC
		reqs += n
		gcCPU += a[0].Value.Float64() - b[0].Value.Float64()
		allCPU += a[1].Value.Float64() - b[1].Value.Float64()
		hb, ha := b[2].Value.Float64Histogram(), a[2].Value.Float64Histogram()
		if sched == nil {
			sched = &metrics.Float64Histogram{Buckets: ha.Buckets, Counts: make([]uint64, len(ha.Counts))}
		}
		for i := range ha.Counts {
			sched.Counts[i] += ha.Counts[i] - hb.Counts[i]
		}
	}
	var m, n, mg, ng result
	prof := os.Getenv("MEKTEP_BENCH_PROFILE")
	var pf *os.File
	if prof != "" {
		if pf, err = os.Create(prof); err != nil {
			t.Fatal(err)
		}
		defer pf.Close()
	}
	var tf *os.File
	if tr := os.Getenv("MEKTEP_BENCH_TRACE"); tr != "" {
		if tf, err = os.Create(tr); err != nil {
			t.Fatal(err)
		}
		defer tf.Close()
	}
	for i := range 3 {
		if pf != nil && i == 0 {
			_ = pprof.StartCPUProfile(pf)
		}
		if tf != nil && i == 0 {
			_ = trace.Start(tf)
		}
		measureMektep(&m, s.URL+path)
		if pf != nil && i == 0 {
			pprof.StopCPUProfile()
		}
		if tf != nil && i == 0 {
			trace.Stop()
		}
		measure(&n, nginxURL)
		measureMektep(&mg, s.URL+path, "Accept-Encoding: gzip")
		measure(&ng, nginxURL, "Accept-Encoding: gzip")
	}
	line := func(name string, r result) {
		t.Logf("%-40s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms   (runs: %.0f / %.0f / %.0f; p99 %.2f / %.2f / %.2f)", name, median(r.rps), median(r.p50), median(r.p99),
			r.rps[0], r.rps[1], r.rps[2], r.p99[0], r.p99[1], r.p99[2])
	}
	line("mektep (access log on, info)", m)
	line("nginx, saved copy (access log on)", n)
	line("mektep, Accept-Encoding: gzip", mg)
	line("nginx, gzip_static", ng)
	t.Logf("plain: mektep / nginx = %.2f req/s, p99 %.1f x nginx's", median(m.rps)/median(n.rps), median(m.p99)/median(n.p99))
	t.Logf("gzip:  mektep / nginx = %.2f req/s, p99 %.1f x nginx's", median(mg.rps)/median(ng.rps), median(mg.p99)/median(ng.p99))
	t.Logf("mektep's process during its runs: %.1f allocations and %.0f bytes per request, %d GC cycles (%.0f requests per cycle)",
		allocs/reqs, bytes/reqs, gcs, reqs/float64(max(gcs, 1)))
	if sched != nil {
		t.Logf("mektep's process during its runs: GC %.1f %% of its CPU time; goroutine scheduling latency p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms; heap goal up to %d MB; GOGC %d, GOMEMLIMIT %d MB; peak RSS of the test process %s",
			100*gcCPU/allCPU, 1000*histQuantile(sched, 0.5), 1000*histQuantile(sched, 0.99), 1000*histQuantile(sched, 0.999),
			maxGoal>>20, gcPercent(), debug.SetMemoryLimit(-1)>>20, peakRSS())
	}
	if mp := os.Getenv("MEKTEP_BENCH_MEMPROFILE"); mp != "" {
		if f, err := os.Create(mp); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	flush()
	if st, err := logFile.Stat(); err == nil {
		t.Logf("access log written: %d MB", st.Size()>>20)
	}
}

// histQuantile is the upper bound of the bucket holding the q quantile of h.
func histQuantile(h *metrics.Float64Histogram, q float64) float64 {
	var total uint64
	for _, c := range h.Counts {
		total += c
	}
	var seen uint64
	for i, c := range h.Counts {
		seen += c
		if float64(seen) >= q*float64(total) {
			return h.Buckets[i+1]
		}
	}
	return h.Buckets[len(h.Buckets)-1]
}

// gcPercent is the current GOGC (SetGCPercent sets it: set it back).
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// peakRSS is the process's VmHWM from /proc (Linux), or "?".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// wrkRun is one wrk run (2 threads): requests per second and p50/p99 in milliseconds.
func wrkRun(tb testing.TB, url, host string, conns int, d time.Duration, headers ...string) (rps, p50, p99 float64) {
	args := []string{"-t2", "-c" + strconv.Itoa(conns), "-d" + strconv.Itoa(int(d.Seconds())) + "s", "--latency", "-H", "Host: " + host}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	out, err := exec.Command("wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		tb.Fatalf("wrk: %v\n%s", err, out)
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			v, _ := time.ParseDuration(f[1])
			p50 = ms(v)
		case len(f) == 2 && f[0] == "99%":
			v, _ := time.ParseDuration(f[1])
			p99 = ms(v)
		case len(f) > 0 && (f[0] == "Non-2xx" || f[0] == "Socket"):
			tb.Errorf("wrk: %s", line)
		}
	}
	return rps, p50, p99
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s[len(s)/2]
}

// startNginx serves page from a file with Debian's nginx (one worker per core, as
// worker_processes auto would; MEKTEP_BENCH_NGINX_WORKERS=n sets another count; access log
// on) until the test ends — the ceiling a page server is measured beside — and returns its
// URL. With gz, a gzip -9 copy is served (gzip_static) to clients that accept gzip.
func startNginx(t *testing.T, page []byte, gz bool) string {
	t.Helper()
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), page, 0o644); err != nil {
		t.Fatal(err)
	}
	static := ""
	if gz {
		if out, err := exec.Command("gzip", "-k9", filepath.Join(dir, "index.html")).CombinedOutput(); err != nil {
			t.Fatalf("gzip: %v %s", err, out)
		}
		static = "gzip_static on; gzip_vary on;"
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	workers := runtime.NumCPU()
	if n, err := strconv.Atoi(os.Getenv("MEKTEP_BENCH_NGINX_WORKERS")); err == nil && n > 0 {
		workers = n
	}
	t.Logf("nginx: %d workers", workers)
	conf := fmt.Sprintf(`user root; worker_processes %[4]d; pid %[1]s/nginx.pid; error_log %[1]s/error.log; daemon off;
events { worker_connections 1024; }
http { access_log %[1]s/access.log; client_body_temp_path %[1]s; proxy_temp_path %[1]s; fastcgi_temp_path %[1]s; uwsgi_temp_path %[1]s; scgi_temp_path %[1]s;
  %[3]s
  server { listen 127.0.0.1:%[2]d; root %[1]s; location / { default_type text/html; try_files /index.html =404; } } }
`, dir, port, static, workers)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nginx, "-c", filepath.Join(dir, "nginx.conf"), "-p", dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// SIGTERM: the master stops its workers (a SIGKILL would leave them running).
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	time.Sleep(500 * time.Millisecond)
	return "http://127.0.0.1:" + strconv.Itoa(port) + "/"
}
