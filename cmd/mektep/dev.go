package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/app"
	"github.com/mektep/mektep/internal/config"
	"github.com/mektep/mektep/sitecore/keyring"
)

// Ports of the dev stack's own servers.
const (
	devPostgresPort = 5433
	devFerretAddr   = "127.0.0.1:27018"
	devTemporalUI   = 8233
	devIMAPPort     = 1143
)

// dev runs the whole platform on one machine: it uses the services the environment names
// and starts the missing ones (its own PostgreSQL cluster under var/pg unless DATABASE_URL
// is set, Temporal, FerretDB, an SMTP sink), then the HTTP server and the worker in this
// process, and seeds (or repairs) the demo school; the banner comes once the demo school's
// home page is served. Ctrl-C stops everything in reverse order; the data stays under
// MEKTEP_VAR_DIR, and deleting that directory (`make reset`) starts every part afresh.
func dev(ctx context.Context, cfg *config.Config, log *slog.Logger) (err error) {
	varDir, err := filepath.Abs(cfg.VarDir)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	binDir := filepath.Dir(exe)
	var stops []func()
	defer func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}()
	step := func(name string) func() {
		start := time.Now()
		return func() { log.Info("ready", "part", name, "took_ms", time.Since(start).Milliseconds()) }
	}

	done := step("postgresql")
	// The dev stack's relational data lives under varDir like the rest of its state, even
	// when another PostgreSQL answers on the machine; only an explicit DATABASE_URL is used
	// instead (and then `make reset` does not empty it).
	var pg *devstack.Postgres
	if os.Getenv("DATABASE_URL") == "" && os.Getenv("DATABASE_URL_FILE") == "" {
		pg, err = devstack.EnsureOwnPostgres(ctx, filepath.Join(varDir, "pg"), devPostgresPort, "mektep")
	} else {
		log.Warn("DATABASE_URL is set: the dev stack keeps its relational data there, outside " + varDir)
		pg, err = devstack.EnsureDurablePostgres(ctx, cfg.DatabaseURL, filepath.Join(varDir, "pg"), devPostgresPort)
	}
	if err != nil {
		return err
	}
	if pg.Started {
		stops = append(stops, func() {
			if err := pg.Stop(); err != nil {
				log.Error("stop postgresql", "error", err)
			}
		})
	}
	cfg.DatabaseURL = pg.URL
	done()

	temporalUI := ""
	if devstack.Listening(cfg.TemporalAddress) && os.Getenv("TEMPORAL_ADDRESS") == "" {
		// A dev server left running by this var keeps its history here; another's is refused.
		if err := devstack.CheckListenerUses("temporal", cfg.TemporalAddress, filepath.Join(varDir, "temporal")); err != nil {
			return err
		}
	}
	if !devstack.Listening(cfg.TemporalAddress) {
		done = step("temporal")
		_, portStr, _ := net.SplitHostPort(cfg.TemporalAddress)
		port, _ := strconv.Atoi(portStr)
		p, err := devstack.StartTemporal(ctx, filepath.Join(binDir, "temporal"), filepath.Join(varDir, "temporal"), port, devTemporalUI)
		if err != nil {
			return err
		}
		stops = append(stops, func() { _ = p.Stop(10 * time.Second) })
		temporalUI = fmt.Sprintf("http://localhost:%d", devTemporalUI)
		done()
	}

	if cfg.MongoURI == "" {
		done = step("mongodb api (ferretdb)")
		if devstack.Listening(devFerretAddr) {
			if err := devstack.CheckListenerUses("ferretdb", devFerretAddr, filepath.Join(varDir, "ferretdb")); err != nil {
				return err
			}
			cfg.MongoURI = "mongodb://" + devFerretAddr + "/"
		} else {
			p, uri, err := devstack.StartFerretDB(ctx, filepath.Join(binDir, "mektep-ferretdb"), filepath.Join(varDir, "ferretdb"), devFerretAddr)
			if err != nil {
				return err
			}
			stops = append(stops, func() { _ = p.Stop(10 * time.Second) })
			cfg.MongoURI = uri
		}
		done()
	}

	mailDir := ""
	if cfg.SMTPURL == "" {
		mailDir = filepath.Join(varDir, "mail")
		sink, err := devstack.StartSMTPSink("127.0.0.1:0", mailDir)
		if err != nil {
			return err
		}
		stops = append(stops, func() { _ = sink.Close() })
		cfg.SMTPURL = sink.URL()
	}

	// Edu mailboxes: Debian's Dovecot under var when it is installed (make dovecot-package);
	// without it the mailboxes page lists nothing can be created, and the stack runs on.
	if cfg.DovecotPasswd == "" && devstack.DovecotInstalled() {
		port := devIMAPPort
		if devstack.Listening(fmt.Sprintf("127.0.0.1:%d", port)) {
			port, _ = devstack.FreePort()
		}
		abs, _ := filepath.Abs(filepath.Join(varDir, "dovecot"))
		if d, err := devstack.StartDovecot(ctx, abs, port); err != nil {
			log.Warn("dovecot did not start: mailboxes cannot be created", "error", err)
		} else {
			stops = append(stops, func() { _ = d.Stop() })
			cfg.DovecotPasswd, cfg.DovecotMailRoot, cfg.DovecotConfig = d.UsersFile, d.MailRoot, d.Config
			log.Info("edu mailboxes on dovecot", "imap", d.Addr)
		}
	}

	if cfg.BootstrapToken == "" {
		if cfg.BootstrapToken, err = devToken(filepath.Join(varDir, "bootstrap-token")); err != nil {
			return err
		}
	}

	if cfg.PayloadKeys == "" {
		ring := filepath.Join(varDir, "payload-keys")
		if _, err := keyring.LoadOrCreate(ring); err != nil {
			return fmt.Errorf("payload keys in %s: %w", ring, err)
		}
		data, err := os.ReadFile(ring)
		if err != nil {
			return err
		}
		cfg.PayloadKeys = string(data)
	}

	if cfg.IdentityKey == "" {
		if cfg.IdentityKey, err = devSecret(filepath.Join(varDir, "identity-key")); err != nil {
			return err
		}
	}
	if cfg.EDSRootsDir == "" { // NCA's test PKI, so test keys sign on a developer's machine
		if root, err := devstack.RepoRoot("."); err == nil {
			cfg.EDSRootsDir = filepath.Join(root, "deploy", "eds-test-roots")
		}
	}

	if err := migrate(ctx, cfg, log); err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	stops = append(stops, a.Close)

	l, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on MEKTEP_HTTP_ADDR=%s: %w", cfg.HTTPAddr, err)
	}
	a.ExpectDemo() // /readyz answers ready once the demo school's home page is served
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	errc := make(chan error, 2)
	wg.Go(func() { errc <- a.Serve(runCtx, l) })
	wg.Go(func() { errc <- a.RunWorker(runCtx) })
	stops = append(stops, func() { cancel(); wg.Wait() })

	port := l.Addr().(*net.TCPAddr).Port
	site, err := a.ServeDemo(ctx, cfg.DemoHosts, fmt.Sprintf("http://127.0.0.1:%d", port))
	if err != nil {
		return err
	}
	printBanner(cfg, site.ID, port, temporalUI, mailDir, varDir)

	select {
	case <-ctx.Done():
		log.Info("stopping")
		return nil
	case err := <-errc:
		return err
	}
}

// devToken reads the bootstrap token kept under var, making one on the first run.
func devToken(path string) (string, error) {
	if data, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(data))) >= 24 {
		return strings.TrimSpace(string(data)), nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	tok := hex.EncodeToString(b[:])
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	return tok, os.WriteFile(path, []byte(tok+"\n"), 0o600)
}

// devSecret returns the base64 secret kept in path, creating it with 32 random bytes.
func devSecret(path string) (string, error) {
	if data, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(data))) >= 44 {
		return strings.TrimSpace(string(data)), nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	s := base64.StdEncoding.EncodeToString(b[:])
	return s, os.WriteFile(path, []byte(s+"\n"), 0o600)
}

func printBanner(cfg *config.Config, siteID int64, port int, temporalUI, mailDir, varDir string) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n  Mektep is running. Press Ctrl-C to stop; data stays in %s.\n\n", varDir)
	fmt.Fprintf(&b, "  Demo school     http://localhost:%d/   (kk; also /ru/ and /en/)\n", port)
	for _, h := range cfg.DemoHosts {
		if h != "localhost" {
			fmt.Fprintf(&b, "                  http://%s:%d/\n", h, port)
		}
	}
	fmt.Fprintf(&b, "  Demo admin      %s / %s (school owner; log in at http://localhost:%d/kk/login)\n", app.DemoOwner, app.DemoPassword, port)
	fmt.Fprintf(&b, "  Operator token  %s\n", cfg.BootstrapToken)
	fmt.Fprintf(&b, "  Operator API    curl -H 'Authorization: Bearer %s' http://localhost:%d/api/v1/sites/%d\n", cfg.BootstrapToken, port, siteID)
	fmt.Fprintf(&b, "  API reference   http://localhost:%d/api/openapi.yaml\n", port)
	if temporalUI != "" {
		fmt.Fprintf(&b, "  Temporal UI     %s (payloads are encrypted; docs/operations.md says how to read them)\n", temporalUI)
		fmt.Fprintf(&b, "  Read a history  bin/temporal workflow show -w <id> --codec-endpoint http://localhost:%d/api/temporal-codec --codec-auth 'Bearer %s'\n", port, cfg.BootstrapToken)
	}
	if mailDir != "" {
		fmt.Fprintf(&b, "  Sent mail       %s (one .eml file per message)\n", mailDir)
	}
	fmt.Fprintln(os.Stdout, b.String())
}
