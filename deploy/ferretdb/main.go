// Command mektep-ferretdb runs an embedded FerretDB v1 server backed by SQLite.
//
// It is meant for local development only: it gives the application a
// MongoDB-compatible endpoint without installing MongoDB. It lives in its own
// Go module so that FerretDB and its dependencies never reach the production
// binary.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// main parses the flags, starts FerretDB and blocks until SIGINT or SIGTERM.
func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on")
	dir := flag.String("dir", "./var/ferretdb", "data directory for the SQLite files (created if missing)")
	flag.Parse()

	if err := run(*listen, *dir); err != nil {
		log.Fatalf("ferretdb: %v", err)
	}
}

// run starts FerretDB on listen with its data in dir and returns once the
// server has stopped after a termination signal.
func run(listen, dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return err
	}

	// The SQLite handler wants a "file:" URI naming a directory with a trailing slash.
	sqliteURL := &url.URL{Scheme: "file", Path: filepath.ToSlash(abs) + "/", OmitHost: true}

	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    log,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL.String(),
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	go idIndexes(ctx, abs, 250*time.Millisecond, log)

	// The listener socket is already bound by New, so MongoDBURI returns at once.
	fmt.Printf("ferretdb listening on %s\n", f.MongoDBURI())

	return <-done
}
