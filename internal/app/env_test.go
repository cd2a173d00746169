package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/app"
	"github.com/mektep/mektep/internal/config"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore/keyring"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/workflows"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// stack is a running platform for one test: real PostgreSQL, Mongo API, Temporal and SMTP.
type stack struct {
	t   testing.TB
	App *app.App
	URL string
	// MetricsURL is the address of the metrics listener (MEKTEP_METRICS_ADDR's role).
	MetricsURL string
	Sink       *devstack.SMTPSink
	Token      string
	Env        map[string]string
}

type stackOptions struct {
	noWorker bool              // run only the HTTP server (the crash test runs workers itself)
	env      map[string]string // overrides of the environment
	log      *slog.Logger      // the app's logger (default: warnings into the test log)
	demo     bool              // /readyz waits for the demo school, as under `mektep dev`
	// servePool opens PostgreSQL's pool as `mektep serve` does (DefaultMinConns kept open)
	// instead of the tests' on-demand pool (benchmarks).
	servePool bool
}

// startStack starts the HTTP server and (unless noWorker) a worker on a task queue of the
// test's own, so tests sharing one Temporal server never run each other's workflows.
func startStack(t testing.TB, o stackOptions) *stack {
	t.Helper()
	ctx := context.Background()
	dbURL := testenv.PostgresURL(t)
	if o.servePool {
		dbURL = strings.Replace(dbURL, "&pool_min_conns=0", "", 1)
	}
	db, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// Start every ID sequence at a random offset: workflow IDs and email keys are built from
	// IDs, and every test has a database of its own but shares the Temporal server.
	off, _ := rand.Int(rand.Reader, big.NewInt(1<<40))
	if _, err := db.Pool.Exec(ctx, `SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, $1)
		FROM pg_sequences WHERE schemaname = 'public' AND max_value > $1`, off.Int64()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()

	sink := testenv.SMTPSink(t)
	var tok [16]byte
	_, _ = rand.Read(tok[:])
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &stack{t: t, Sink: sink, Token: hex.EncodeToString(tok[:]), URL: "http://" + l.Addr().String()}
	s.Env = map[string]string{
		"DATABASE_URL":            dbURL,
		"MONGODB_URI":             testenv.MongoURI(t),
		"MONGODB_DATABASE":        testenv.MongoDatabase(t),
		"TEMPORAL_ADDRESS":        testenv.TemporalAddress(t),
		"TEMPORAL_TASK_QUEUE":     "test-" + hex.EncodeToString(tok[:6]),
		"SMTP_URL":                sink.URL(),
		"MEKTEP_BOOTSTRAP_TOKEN":  s.Token,
		"MEKTEP_PUBLIC_URL":       s.URL,
		"MEKTEP_PAYLOAD_KEYS":     keyring.Generate("test1"),
		"MEKTEP_IDENTITY_KEY":     base64.StdEncoding.EncodeToString(append(tok[:], tok[:]...)),
		"MEKTEP_SHUTDOWN_TIMEOUT": "5s",
		"MEKTEP_BACKUP_STORE":     filepath.Join(t.TempDir(), "backups"),
	}
	for k, v := range o.env {
		s.Env[k] = v
	}
	cfg, err := config.Load(func(k string) string { return s.Env[k] })
	if err != nil {
		t.Fatal(err)
	}
	logger := o.log
	if logger == nil {
		logger = testenv.Logger(t)
	}
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	s.App = a
	if o.demo {
		a.ExpectDemo()
	}
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { _ = a.Serve(runCtx, l) })
	ml, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.MetricsURL = "http://" + ml.Addr().String()
	wg.Go(func() { _ = a.ServeMetrics(runCtx, ml) })
	if !o.noWorker {
		wg.Go(func() {
			if err := a.RunWorker(runCtx); err != nil {
				t.Errorf("worker: %v", err)
			}
		})
	}
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		// Tests share the Temporal server: the housekeeping schedule of this test's task
		// queue would otherwise start runs nobody serves every hour.
		if !o.noWorker {
			dctx, dcancel := context.WithTimeout(context.Background(), 5*time.Second)
			_ = a.Temporal.ScheduleClient().GetHandle(dctx, workflows.HousekeepingScheduleID(cfg.TaskQueue)).Delete(dctx)
			_ = a.Temporal.ScheduleClient().GetHandle(dctx, workflows.ForumDigestScheduleID(cfg.TaskQueue)).Delete(dctx)
			_ = a.Temporal.ScheduleClient().GetHandle(dctx, workflows.BackupScheduleID(cfg.TaskQueue)).Delete(dctx)
			_ = a.Temporal.ScheduleClient().GetHandle(dctx, workflows.RestoreDrillScheduleID(cfg.TaskQueue)).Delete(dctx)
			dcancel()
		}
		a.Close()
	})
	return s
}

// response is a decoded HTTP response.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, r.Body)
	}
	return m
}

// ErrorField returns error.code, error.field and error.message of an error body.
func (r response) Error(t testing.TB) (code, field, message string) {
	t.Helper()
	e, ok := r.JSON(t)["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error object in %s", r.Body)
	}
	code, _ = e["code"].(string)
	field, _ = e["field"].(string)
	message, _ = e["message"].(string)
	return
}

// do sends a request; headers are pairs of name and value; "Host" sets the Host.
func (s *stack) do(method, path string, body any, headers ...string) response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", bodyType(body))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := newClient(s.t, nil).Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// bodyType is the Content-Type of a request body: JSON, unless raw bytes sniff as a file
// (an .xlsx is application/zip, a PDF application/pdf).
func bodyType(body any) string {
	if b, ok := body.([]byte); ok {
		if ct := http.DetectContentType(b); !strings.HasPrefix(ct, "text/") {
			return ct
		}
	}
	return "application/json"
}

// metrics returns the text of /metrics from the metrics listener.
func (s *stack) metrics() string {
	s.t.Helper()
	resp, err := http.Get(s.MetricsURL + "/metrics")
	if err != nil {
		s.t.Fatalf("GET /metrics: %v", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		s.t.Fatalf("GET /metrics: %d %s", resp.StatusCode, data)
	}
	return string(data)
}

// operator sends an operator API request with the bootstrap token.
func (s *stack) operator(method, path string, body any, headers ...string) response {
	s.t.Helper()
	return s.do(method, path, body, append([]string{"Authorization", "Bearer " + s.Token}, headers...)...)
}

// waitSite polls the site until its status is want.
func (s *stack) waitSite(id int64, want string, timeout time.Duration) map[string]any {
	s.t.Helper()
	var last map[string]any
	testenv.Eventually(s.t, timeout, "site status "+want, func() bool {
		r := s.operator("GET", "/api/v1/sites/"+itoa(id), nil)
		if r.Status != 200 {
			s.t.Fatalf("GET site: %d %s", r.Status, r.Body)
		}
		last = r.JSON(s.t)
		return last["site"].(map[string]any)["status"] == want
	})
	return last
}

func itoa(n int64) string { return big.NewInt(n).String() }

// siteID returns site.id of a site response.
func siteID(t testing.TB, r response) int64 {
	t.Helper()
	site, ok := r.JSON(t)["site"].(map[string]any)
	if !ok {
		t.Fatalf("no site in %s", r.Body)
	}
	return int64(site["id"].(float64))
}

// school returns a valid site request; edit returns a modified copy.
func school(slug string, domains ...string) map[string]any {
	if len(domains) == 0 {
		domains = []string{slug + ".edu.kz"}
	}
	return map[string]any{
		"slug":        slug,
		"names":       map[string]string{"kk": "№12 мектеп-гимназия", "ru": "Школа-гимназия №12", "en": "School-Gymnasium No. 12"},
		"domains":     domains,
		"languages":   []string{"kk", "ru", "en"},
		"owner_email": "director@" + slug + ".edu.kz",
	}
}
