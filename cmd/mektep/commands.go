package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime"

	"github.com/mektep/mektep/internal/app"
	"github.com/mektep/mektep/internal/config"
	"github.com/mektep/mektep/sitecore/postgres"
)

const usage = `usage: mektep <command>

commands:
  serve     run the HTTP API and the public school sites
  worker    run the Temporal worker
  migrate   apply database migrations
  dev       run the whole local stack with a demo school
  eds       eds verify [--content FILE] [--roots DIR] [--at RFC3339] FILE: check a signature
  backup    backup now | list | drill | restore --to ...: backups and restores (docs/operations.md)
  version   print the version
`

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "version":
		fmt.Printf("mektep %s (%s)\n", version, runtime.Version())
		return nil
	case "-h", "--help", "help":
		fmt.Print(usage)
		return nil
	}
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log, flush := newLogger(cfg)
	defer flush()
	switch args[0] {
	case "serve":
		return serve(ctx, cfg, log)
	case "worker":
		return runWorker(ctx, cfg, log)
	case "migrate":
		return migrate(ctx, cfg, log)
	case "dev":
		return dev(ctx, cfg, log)
	case "eds":
		return edsCommand(ctx, cfg, args[1:], os.Stdout)
	case "backup":
		return backupCommand(ctx, cfg, log, args[1:], os.Stdout)
	default:
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}

// newLogger logs JSON lines to stderr with request attributes taken from the context.
func newLogger(cfg *config.Config) (*slog.Logger, func()) {
	l, flush := app.NewLogger(os.Stderr, cfg.LogLevel)
	slog.SetDefault(l)
	return l, flush
}

func serve(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	if err := cfg.RequireServices(); err != nil {
		return err
	}
	// The public pages' latency tail is the GC's (internal/app/gctune.go): a fixed headroom
	// unless the operator set GOGC.
	if app.ServeGC(os.Getenv, app.DefaultGCHeadroom) {
		log.Debug("gc: heap headroom between cycles", "mb", app.DefaultGCHeadroom>>20)
	}
	// More Ps than cores, so that a preempted thread's queued requests are run by another
	// (internal/app/procs.go), unless the operator set GOMAXPROCS.
	if n := app.ServeProcs(os.Getenv); n != 0 {
		log.Debug("gomaxprocs", "procs", n, "cpus", runtime.NumCPU())
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	l, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return err
	}
	serveMetrics(ctx, a, cfg, log)
	log.Info("serving", "addr", l.Addr().String(), "metrics", cfg.MetricsAddr, "version", version)
	return a.Serve(ctx, l)
}

func runWorker(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	if err := cfg.RequireServices(); err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	// The worker has no HTTP API; it serves its own metrics for Prometheus to scrape.
	serveMetrics(ctx, a, cfg, log)
	log.Info("worker running", "temporal", cfg.TemporalAddress, "metrics", cfg.MetricsAddr, "version", version)
	return a.RunWorker(ctx)
}

// serveMetrics serves /metrics on MEKTEP_METRICS_ADDR in the background until ctx is done.
// A listener that cannot start is logged, not fatal: the process still does its work.
func serveMetrics(ctx context.Context, a *app.App, cfg *config.Config, log *slog.Logger) {
	ml, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		log.Error("metrics listener", "addr", cfg.MetricsAddr, "error", err)
		return
	}
	go func() {
		if err := a.ServeMetrics(ctx, ml); err != nil {
			log.Error("metrics listener", "addr", cfg.MetricsAddr, "error", err)
		}
	}()
}

func migrate(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	log.Info("migrations applied", "count", len(applied), "files", applied)
	return nil
}
