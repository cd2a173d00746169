// Package postgres implements the sitecore stores on PostgreSQL with pgx. Every query that
// touches tenant data takes the site, so a record of another site is simply not found.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/mektep/mektep/sitecore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the connection pool with the stores built on it.
type DB struct {
	Pool *pgxpool.Pool

	intakeOnce sync.Once
	intake     *intakeBatcher // group commit of admission intake, started on first use

	// lazyCommit runs with synchronous_commit off: its commits do not wait for the WAL
	// flush. Only writes that a later durable commit of the same request makes durable
	// anyway may use it (WAL is flushed in order), such as idempotency claims.
	lazyCommit *pgxpool.Pool
}

// DefaultMinConns is how many connections the pool keeps open while idle, unless the URL
// sets pool_min_conns.
const DefaultMinConns = 32 // the whole default pool (see Open)

// Open connects to the database at url and checks that it answers.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse DATABASE_URL: %w", err)
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	// pgx defaults to max(4, cores) connections, which queues a burst of requests (admission
	// day) behind four connections; 32 keeps PostgreSQL busy without thrashing it. The URL's
	// pool_max_conns still wins.
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = 32
	}
	// Keep the whole pool open while idle (pgx opens it in the background at start and
	// replaces connections that close). Opening a connection forks a PostgreSQL backend and
	// prepares each statement anew on it: when the pool has gone cold, the opening wave of a
	// burst (admission day at 09:00, 200 parents at once) waited for 32 of those at once and
	// was the whole of the intake's p99 (docs/benchmarks.md, "Admission burst: the opening
	// wave"). The URL's pool_min_conns still wins (the tests use 0).
	if !strings.Contains(url, "pool_min_conns") {
		cfg.MinConns = min(DefaultMinConns, cfg.MaxConns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	lazyCfg := cfg.Copy()
	lazyCfg.MaxConns = max(4, cfg.MaxConns/4)
	lazyCfg.MinConns = 0
	lazyCfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	lazy, err := pgxpool.NewWithConfig(ctx, lazyCfg)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		lazy.Close()
		return nil, fmt.Errorf("postgres: ping: %w", err)
	}
	return &DB{Pool: pool, lazyCommit: lazy}, nil
}

// Close stops the intake batcher and releases the pool.
func (db *DB) Close() {
	if db.intake != nil {
		db.intake.stop()
	}
	if db.lazyCommit != nil {
		db.lazyCommit.Close()
	}
	db.Pool.Close()
}

// Ping checks that the database answers; readiness probes use it.
func (db *DB) Ping(ctx context.Context) error { return db.Pool.Ping(ctx) }

// Migrate applies the embedded migrations that are not applied yet. A session advisory lock
// lets several processes call it at once safely.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, err
	}
	sqlDB := stdlib.OpenDBFromPool(db.Pool)
	defer sqlDB.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, sub, goose.WithSessionLocker(locker),
		// Branches add migrations with numbers reserved per feature: one merged later with a
		// lower number than one already applied still applies.
		goose.WithAllowOutofOrder(true))
	if err != nil {
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	applied := make([]string, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Path)
	}
	return applied, nil
}

// inTx runs fn in a transaction, committing if it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// uniqueViolation returns the name of the violated constraint if err is a unique violation.
func uniqueViolation(err error) (string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return pe.ConstraintName, true
	}
	return "", false
}

// wrap turns a storage error into a domain error naming the operation: unreachable databases
// become EUnavailable so callers can tell a retryable outage from a bug.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var de *sitecore.Error
	if errors.As(err, &de) {
		return sitecore.WithOp(op, err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return sitecore.Internal(op, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return sitecore.Internal(op, err)
	}
	return sitecore.Unavailable(op, "postgresql", err)
}
