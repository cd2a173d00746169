// Package testenv gives tests the real parts of the platform: a fresh PostgreSQL database
// (from DATABASE_URL's server, or a cluster started under var/test/pg), a fresh Mongo API
// database (MONGODB_URI, or the embedded FerretDB program), the Temporal CLI dev server and
// an SMTP sink. Nothing is mocked and nothing is downloaded.
//
// Packages that use it call testenv.Main from TestMain so shared servers stop at the end.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore/mongo"
	"github.com/mektep/mektep/sitecore/postgres"
)

// testPostgresPort is where the fallback test cluster listens (dev uses 5433).
const testPostgresPort = 5434

var (
	mu       sync.Mutex
	cleanups []func()
	pgAdmin  string
	mongoURI string
	temporal *testsuite.DevServer
)

// Main runs the tests and then stops the servers this process started.
func Main(m *testing.M) {
	code := m.Run()
	mu.Lock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	mu.Unlock()
	os.Exit(code)
}

// Root returns the repository root.
func Root(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	root, err := devstack.RepoRoot(wd)
	if err != nil {
		tb.Fatal(err)
	}
	return root
}

// Logger returns a logger that writes to the test log at warn level and above.
func Logger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Helper()
	w.tb.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func randomName(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// PostgresURL creates an empty database for the test and returns its URL; the database is
// dropped when the test ends.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	mu.Lock()
	if pgAdmin == "" {
		want := os.Getenv("MEKTEP_TEST_DATABASE_URL")
		if want == "" {
			want = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
		}
		pg, err := devstack.EnsurePostgres(ctx, want, filepath.Join(Root(tb), "var", "test", "pg"), testPostgresPort)
		if err != nil {
			mu.Unlock()
			tb.Fatalf("postgres: %v", err)
		}
		pgAdmin = pg.URL
	}
	admin := pgAdmin
	mu.Unlock()

	name := randomName("mektep_test_")
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create database: %v", err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		tb.Fatal(err)
	}
	// Tests open many pools at once (four shards, crash tests with several processes): they
	// open connections on demand instead of keeping postgres.DefaultMinConns warm.
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable&pool_min_conns=0", cfg.User, cfg.Host, cfg.Port, name)
}

// Postgres returns a migrated, empty database for the test.
func Postgres(tb testing.TB) *postgres.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, PostgresURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

// MongoURI returns the URI of the Mongo API server, starting the embedded FerretDB program
// once per test process unless MONGODB_URI is set.
func MongoURI(tb testing.TB) string {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if mongoURI != "" {
		return mongoURI
	}
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		mongoURI = uri
		return uri
	}
	dir, err := os.MkdirTemp("", "mektep-ferretdb-")
	if err != nil {
		tb.Fatal(err)
	}
	port, err := devstack.FreePort()
	if err != nil {
		tb.Fatal(err)
	}
	p, uri, err := devstack.StartFerretDB(context.Background(), filepath.Join(Root(tb), "bin", "mektep-ferretdb"),
		dir, fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		tb.Fatalf("%v (build it with `make bin/mektep-ferretdb`)", err)
	}
	cleanups = append(cleanups, func() { _ = p.Stop(5 * time.Second); _ = os.RemoveAll(dir) })
	mongoURI = uri
	return uri
}

// MongoDatabase returns a fresh database name for the test; it is dropped at the end.
func MongoDatabase(tb testing.TB) string {
	tb.Helper()
	name := randomName("mektep_test_")
	uri := MongoURI(tb)
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if s, err := mongo.Open(ctx, uri, name); err == nil {
			_ = s.Database().Drop(ctx)
			_ = s.Close(ctx)
		}
	})
	return name
}

// Mongo returns a content store on a fresh database.
func Mongo(tb testing.TB) *mongo.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := mongo.Open(ctx, MongoURI(tb), MongoDatabase(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

// TemporalAddress returns the host:port of a Temporal dev server (bin/temporal, in memory)
// shared by the tests of this process. Tests keep apart by workflow IDs and task queues.
func TemporalAddress(tb testing.TB) string {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if temporal == nil {
		bin := filepath.Join(Root(tb), "bin", "temporal")
		if _, err := os.Stat(bin); err != nil {
			tb.Fatalf("%s missing: build it with `make bin/temporal`", bin)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		srv, err := testsuite.StartDevServer(ctx, testsuite.DevServerOptions{
			ExistingPath:  bin,
			LogLevel:      "error",
			ExtraArgs:     devstack.TemporalDevArgs,
			ClientOptions: &client.Options{Namespace: "default", Logger: tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))},
			Stdout:        io.Discard,
			Stderr:        io.Discard,
		})
		if err != nil {
			tb.Fatalf("temporal dev server: %v", err)
		}
		temporal = srv
		cleanups = append(cleanups, func() { _ = srv.Stop() })
	}
	return temporal.FrontendHostPort()
}

// TemporalClient returns a client of the shared dev server, closed at the end of the test.
func TemporalClient(tb testing.TB) client.Client {
	tb.Helper()
	c, err := client.Dial(client.Options{HostPort: TemporalAddress(tb), Namespace: "default",
		Logger: tlog.NewStructuredLogger(Logger(tb))})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	return c
}

// SMTPSink starts an SMTP sink for the test, storing mail in a temporary directory.
func SMTPSink(tb testing.TB) *devstack.SMTPSink {
	tb.Helper()
	s, err := devstack.StartSMTPSink("127.0.0.1:0", tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// Eventually polls cond every 50 ms until it returns true or timeout passes.
func Eventually(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
