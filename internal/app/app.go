// Package app wires Mektep together: it connects to PostgreSQL, the Mongo API, Temporal and
// SMTP, builds the services, and runs the HTTP server and the Temporal worker. The commands in
// cmd/mektep and the end-to-end tests both build on it, so tests run what production runs.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/httpapi"
	"github.com/mektep/mektep/internal/config"
	"github.com/mektep/mektep/internal/metrics"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/admissions"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/mongo"
	"github.com/mektep/mektep/sitecore/netdns"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/render"
	"github.com/mektep/mektep/sitecore/smtp"
	"github.com/mektep/mektep/workers"
	"github.com/mektep/mektep/workflows"
)

// App is a connected platform instance.
type App struct {
	Config      *config.Config
	Log         *slog.Logger
	DB          *postgres.DB
	Content     *mongo.Store
	Temporal    client.Client
	Mailer      *smtp.Mailer
	Metrics     *metrics.Metrics
	Server      *httpapi.Server
	Provisioner *workflows.Provisioner
	Accounts    *accounts.Service
	Pages       *cms.Pages
	Admissions  *admissions.Service
	AdmissionWF *workflows.AdmissionClient
}

// Open connects to every dependency named in cfg. Temporal is connected lazily, so the HTTP
// server starts (and reports not ready) while Temporal is still coming up.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*App, error) {
	a := &App{Config: cfg, Log: log, Metrics: metrics.New()}
	var err error
	if a.DB, err = postgres.Open(ctx, cfg.DatabaseURL); err != nil {
		return nil, err
	}
	if a.Content, err = mongo.Open(ctx, cfg.MongoURI, cfg.MongoDatabase); err != nil {
		a.Close()
		return nil, err
	}
	if a.Mailer, err = smtp.New(cfg.SMTPURL, cfg.MailFrom); err != nil {
		a.Close()
		return nil, err
	}
	a.Temporal, err = client.NewLazyClient(client.Options{
		HostPort:  cfg.TemporalAddress,
		Namespace: cfg.TemporalNS,
		Logger:    tlog.NewStructuredLogger(log.With("component", "temporal")),
	})
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("temporal: %w", err)
	}
	theme, err := render.NewTheme()
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Provisioner = &workflows.Provisioner{Sites: a.DB, Temporal: a.Temporal, Log: log, TaskQueue: cfg.TaskQueue,
		OnStart: func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }}

	onStart := func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }
	a.Accounts = &accounts.Service{Store: a.DB, Sites: a.DB, Resolver: netdns.New(cfg.DNSServer),
		PublicURL: cfg.PublicURL, Log: log,
		Mail: &workflows.EmailQueue{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue, OnStart: onStart}}
	a.Server = &httpapi.Server{
		Sites: a.DB, Provisioner: a.Provisioner, Content: a.Content, Idempotency: a.DB,
		Accounts: a.Accounts, TrustedProxies: cfg.TrustedProxies, PlatformDomain: cfg.PlatformDomain,
		Theme: theme, Metrics: a.Metrics, Log: log, BootstrapToken: cfg.BootstrapToken,
		Ready: []httpapi.Checker{
			{Name: "postgresql", Check: a.DB.Ping},
			{Name: "mongodb", Check: a.Content.Ping},
			{Name: "temporal", Check: func(ctx context.Context) error {
				_, err := a.Temporal.CheckHealth(ctx, &client.CheckHealthRequest{})
				return err
			}},
		},
	}
	a.AdmissionWF = &workflows.AdmissionClient{Temporal: a.Temporal}
	a.Admissions = &admissions.Service{Store: a.DB, Docs: a.DB, Files: a.Content.Files("admission_documents"),
		Sites: a.DB, Workflows: a.AdmissionWF, Exports: a.DB, ExportFiles: a.Content.Files("exports"),
		ExportStarter: &workflows.ExportClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue, OnStart: onStart}}
	a.Server.Admissions = a.Admissions
	a.Pages = &cms.Pages{Content: a.Content, Sites: a.DB, Audit: a.DB, OnChange: a.Server.InvalidateSite}
	a.Server.Pages = a.Pages
	return a, nil
}

// Close releases every connection.
func (a *App) Close() {
	if a.Temporal != nil {
		a.Temporal.Close()
	}
	if a.Content != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = a.Content.Close(ctx)
		cancel()
	}
	if a.DB != nil {
		a.DB.Close()
	}
}

// Activities returns the activity structs with their dependencies.
func (a *App) Activities() workers.Deps {
	return workers.Deps{
		Provisioning: &activities.Provisioning{Sites: a.DB, Content: a.Content, Mailer: a.Mailer,
			MailLog: a.DB, Accounts: a.DB, PublicURL: a.Config.PublicURL},
		Mail: &activities.Mail{Mailer: a.Mailer, MailLog: a.DB},
		Admissions: &activities.Admissions{Store: a.DB, Sites: a.DB, Accounts: a.DB,
			Mail: &activities.Mail{Mailer: a.Mailer, MailLog: a.DB}, Offer: a.AdmissionWF.Offer, PublicURL: a.Config.PublicURL},
		Exports:     &activities.Exports{Store: a.DB, Files: a.Content.Files("exports"), Write: a.Admissions.WriteExport},
		Metrics:     a.Metrics,
		StopTimeout: a.Config.ShutdownTimeout,
	}
}

// NewWorker returns a worker with every workflow and activity registered.
func (a *App) NewWorker() worker.Worker {
	return workers.New(a.Temporal, a.Config.TaskQueue, a.Activities())
}

// Serve runs the HTTP server on l until ctx is done, then lets requests in flight finish.
func (a *App) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           a.Server.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	// Sites activated or changed by workers (in any process) reach this server's caches.
	lctx, stopListen := context.WithCancel(ctx)
	defer stopListen()
	go a.DB.ListenSiteChanges(lctx, a.Log, a.Server.InvalidateSite)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// RunWorker runs the Temporal worker, and the relay that starts the workflows of submitted
// applications, until ctx is done.
func (a *App) RunWorker(ctx context.Context) error {
	w := a.NewWorker()
	if err := w.Start(); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	rctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	relay := &workflows.IntakeRelay{Store: a.DB, Temporal: a.Temporal, TaskQueue: a.Config.TaskQueue, Log: a.Log,
		OnStart: func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }}
	wg.Go(func() { relay.Run(rctx) })
	<-ctx.Done()
	stop()
	wg.Wait()
	w.Stop()
	return nil
}
