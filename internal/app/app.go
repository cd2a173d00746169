// Package app wires Mektep together: it connects to PostgreSQL, the Mongo API, Temporal and
// SMTP, builds the services, and runs the HTTP server and the Temporal worker. The commands in
// cmd/mektep and the end-to-end tests both build on it, so tests run what production runs.
package app

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/httpapi"
	"github.com/mektep/mektep/internal/config"
	"github.com/mektep/mektep/internal/metrics"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/admissions"
	"github.com/mektep/mektep/sitecore/backup"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/dovecot"
	"github.com/mektep/mektep/sitecore/eds"
	"github.com/mektep/mektep/sitecore/events"
	"github.com/mektep/mektep/sitecore/feedback"
	"github.com/mektep/mektep/sitecore/forum"
	"github.com/mektep/mektep/sitecore/helpdesk"
	"github.com/mektep/mektep/sitecore/keyring"
	"github.com/mektep/mektep/sitecore/mailboxes"
	"github.com/mektep/mektep/sitecore/maintenance"
	"github.com/mektep/mektep/sitecore/media"
	"github.com/mektep/mektep/sitecore/mongo"
	"github.com/mektep/mektep/sitecore/netdns"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/render"
	"github.com/mektep/mektep/sitecore/smtp"
	"github.com/mektep/mektep/sitecore/stats"
	"github.com/mektep/mektep/sitecore/survey"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/vacancy"
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
	Media       *media.Service
	Quotas      *media.Quotas
	Galleries   *media.Galleries
	Helpdesk    *helpdesk.Service
	Feedback    *feedback.Service
	// Events is the schools' events calendar with sign-up.
	Events *events.Service
	// Mailboxes runs the schools' edu mailboxes on the configured mail server.
	Mailboxes *mailboxes.Service
	Forums    *forum.Service
	TicketWF  *workflows.TicketClient
	Publisher *workflows.PublishClient
	News      *cms.News
	// Certification trains and certifies site admins; CertificationWF is its process.
	Certification   *certification.Service
	CertificationWF *workflows.CertificationClient
	Stats           *stats.Recorder
	// Ring holds the data keys that seal Temporal payloads and the mail spool.
	Ring *keyring.Ring
	// temporalTLS is the client's mutual TLS to the Temporal frontend (nil: plain gRPC).
	temporalTLS *tls.Config
	// Surveys runs surveys and votes; SurveyWF starts and steers their workflows.
	Surveys  *survey.Service
	SurveyWF *workflows.SurveyClient
	// Syndication sends news to partners and imports feeds (internal/app/syndication.go).
	Syndication   *syndication.Service
	SyndicationWF *workflows.SyndicationClient
	Portals       *syndication.Portals
	Vacancies     *vacancy.Service
	FeedClient    *http.Client
	partnerHTTP   *http.Client
	// Maintenance announces planned maintenance; Banners shows it on the affected sites.
	Maintenance *maintenance.Service
	Banners     *maintenance.Banners
	// BackupStore keeps the backups (MEKTEP_BACKUP_STORE).
	BackupStore backup.Store
	// demoServed turns true once ServeDemo saw the demo school's home page (ExpectDemo).
	demoServed atomic.Bool
}

// openSurveys builds the survey service: signatures verified against the NCA roots of
// MEKTEP_EDS_ROOTS_DIR (CRL and OCSP as the certificates name them), IINs hashed with
// MEKTEP_IDENTITY_KEY, each survey's blind-signing key sealed with the data keys.
func (a *App) openSurveys() error {
	key, err := base64.StdEncoding.DecodeString(a.Config.IdentityKey)
	if err != nil || len(key) < 32 {
		return errors.New("MEKTEP_IDENTITY_KEY: at least 32 bytes in base64 are required")
	}
	var verifier survey.SignatureVerifier
	if a.Config.EDSRootsDir != "" {
		roots, err := eds.LoadPool(a.Config.EDSRootsDir)
		if err != nil {
			return fmt.Errorf("MEKTEP_EDS_ROOTS_DIR: %w", err)
		}
		verifier = eds.SurveyVerifier{V: &eds.Verifier{Roots: roots,
			Revocation: eds.Checkers{&eds.CRLChecker{}, &eds.OCSPChecker{}}}}
	}
	a.SurveyWF = &workflows.SurveyClient{Temporal: a.Temporal, TaskQueue: a.Config.TaskQueue,
		OnStart: func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }}
	a.Surveys = &survey.Service{Store: a.DB, Sites: a.DB, Verifier: verifier, Hasher: survey.HMACHasher{Key: key},
		Sealer: keyring.Sealer{Ring: a.Ring}, Workflows: a.SurveyWF,
		Exports: a.DB, ExportStarter: a.SurveyWF, ExportFiles: a.Content.Files("exports")}
	a.Server.Surveys, a.Server.NCALayerURL = a.Surveys, a.Config.NCALayerURL
	// Feedback form tokens and thread links are signed with a key derived from the same
	// secret, under its own label.
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("mektep feedback v1"))
	a.Feedback = &feedback.Service{Store: a.DB, Sites: a.DB, Accounts: a.DB, Members: a.DB, Audit: a.DB,
		Mail:   a.emailQueue(func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }),
		Secret: mac.Sum(nil), PublicURL: a.Config.PublicURL, Files: a.Content.Files("feedback_attachments"),
		Timers: &workflows.FeedbackTimers{Temporal: a.Temporal, TaskQueue: a.Config.TaskQueue,
			OnStart: func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }}}
	if a.Config.RateLimits {
		a.Feedback.Limiter = a.DB
	}
	a.Server.Feedback = a.Feedback
	a.Forums = &forum.Service{Store: a.DB, Sites: a.DB, Accounts: a.DB, Audit: a.DB, News: a.News, Images: a.Media,
		Mail: a.emailQueue(func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }), PublicURL: a.Config.PublicURL}
	a.Server.Forums = a.Forums
	a.Surveys.Owners = a.Forums // polls owned by a community
	return nil
}

// TemporalOptions are the options of every Temporal client of the platform: payloads and
// failure messages sealed with the ring, so Temporal never holds personal data in clear.
func (a *App) TemporalOptions() client.Options {
	return client.Options{
		HostPort:          a.Config.TemporalAddress,
		Namespace:         a.Config.TemporalNS,
		Logger:            tlog.NewStructuredLogger(a.Log.With("component", "temporal")),
		DataConverter:     workflows.DataConverter(a.Ring),
		FailureConverter:  workflows.FailureConverter(a.Ring),
		ConnectionOptions: client.ConnectionOptions{TLS: a.temporalTLS},
	}
}

// emailQueue is the durable email queue: sealed messages in the spool, keys in Temporal.
func (a *App) emailQueue(onStart func(string)) *workflows.EmailQueue {
	return &workflows.EmailQueue{Temporal: a.Temporal, TaskQueue: a.Config.TaskQueue, Spool: a.DB, Ring: a.Ring, OnStart: onStart}
}

// mail is the email activity (and the sender other activities call).
func (a *App) mail() *activities.Mail {
	return &activities.Mail{Mailer: a.Mailer, MailLog: a.DB, Spool: a.DB, Ring: a.Ring}

}

// contentChanged drops this process's cached pages of the site and tells every other
// process to do the same (the worker publishes scheduled content; serve caches pages).
func (a *App) contentChanged(siteID int64) {
	a.Server.InvalidateSite(siteID)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.DB.NotifySiteChanged(ctx, siteID); err != nil {
		a.Log.Warn("site change not announced; other instances catch up within the page cache TTL", "site", siteID, "error", err)
	}
}

// siteURL is a site's public address: its primary domain over https, or MEKTEP_PUBLIC_URL's
// scheme with the domain when the platform itself runs on plain http (development).
func (a *App) siteURL(site *sitecore.Site) string {
	scheme := "https"
	if strings.HasPrefix(a.Config.PublicURL, "http://") {
		scheme = "http"
	}
	if len(site.Domains) > 0 {
		return scheme + "://" + site.Domains[0]
	}
	if a.Config.PlatformDomain != "" {
		return scheme + "://" + site.Slug + "." + a.Config.PlatformDomain
	}
	return strings.TrimSuffix(a.Config.PublicURL, "/")
}

// mediaLookup resolves a media library item for covers and Open Graph images.
func (a *App) mediaLookup(ctx context.Context, siteID int64, id string) (string, error) {
	m, err := a.Media.Find(ctx, siteID, id)
	if err != nil {
		return "", err
	}
	return m.URL, nil
}

// searchIndex is the search index the CMS feeds: PostgreSQL full-text search.
func (a *App) searchIndex() sitecore.SearchIndexer { return a.DB }

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
	// The content index in PostgreSQL answers the CMS lists; built from the documents on the
	// first start that finds it empty.
	a.Content.Index = a.DB
	if err = a.Content.EnsureIndex(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if a.Mailer, err = smtp.New(cfg.SMTPURL, cfg.MailFrom); err != nil {
		a.Close()
		return nil, err
	}
	if a.Ring, err = keyring.Parse(cfg.PayloadKeys); err != nil {
		a.Close()
		return nil, fmt.Errorf("MEKTEP_PAYLOAD_KEYS: %w", err)
	}
	if a.BackupStore, err = OpenBackupStore(cfg.Backup); err != nil {
		a.Close()
		return nil, err
	}
	if a.temporalTLS, err = temporalTLS(cfg); err != nil {
		a.Close()
		return nil, err
	}
	a.Temporal, err = client.NewLazyClient(a.TemporalOptions())
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
		Mail: a.emailQueue(onStart)}
	a.Server = &httpapi.Server{
		Sites: a.DB, Provisioner: a.Provisioner, Content: a.Content, Idempotency: a.DB,
		Accounts: a.Accounts, TrustedProxies: cfg.TrustedProxies, PlatformDomain: cfg.PlatformDomain,
		Theme: theme, Metrics: a.Metrics, Log: log, BootstrapToken: cfg.BootstrapToken,
		PayloadCodec: &workflows.Codec{Ring: a.Ring}, TemporalUIOrigin: cfg.TemporalUIOrigin,
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
	a.Admissions = &admissions.Service{Store: a.DB, AgeExceptions: a.DB, Catchment: a.DB, Priorities: a.DB, Docs: a.DB, Files: a.Content.Files("admission_documents"),
		Sites: a.DB, Workflows: a.AdmissionWF, Exports: a.DB, ExportFiles: a.Content.Files("exports"),
		ExportStarter: &workflows.ExportClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue, OnStart: onStart}}
	if cfg.RateLimits {
		a.Admissions.Limiter = a.DB
	}
	a.Server.Admissions = a.Admissions
	// Media library, disk quota (admission documents count too) and galleries.
	a.Quotas = &media.Quotas{Store: a.DB, Sites: a.DB, People: a.DB, Audit: a.DB, DefaultLimit: cfg.QuotaDefault,
		PublicURL: cfg.PublicURL, Log: log,
		Mail: a.emailQueue(onStart)}
	a.Media = &media.Service{Store: a.DB, Blobs: a.Content.MediaFiles("media"), Quota: a.Quotas, Audit: a.DB,
		OnChange: a.contentChanged, MaxFile: cfg.MediaMaxFile, MaxVideo: cfg.MediaMaxVideo, Log: log}
	a.Galleries = &media.Galleries{Store: a.DB, Media: a.DB, Sites: a.DB, Audit: a.DB, Index: a.DB, OnChange: a.contentChanged}
	a.Server.Media, a.Server.Quotas, a.Server.Galleries = a.Media, a.Quotas, a.Galleries
	a.Admissions.Quota, a.Admissions.Replaced = a.Quotas, a.DB
	a.TicketWF = &workflows.TicketClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue, OnStart: onStart}
	a.Helpdesk = &helpdesk.Service{Store: a.DB, Files: a.Content.Files("helpdesk_attachments"), Accounts: a.DB,
		Sites: a.DB, Workflows: a.TicketWF, Log: log}
	if cfg.RateLimits {
		a.Helpdesk.Limiter = a.DB
	}
	a.Server.Helpdesk = a.Helpdesk
	a.Publisher = &workflows.PublishClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue, OnStart: onStart}
	a.Pages = &cms.Pages{Content: a.Content, Sites: a.DB, Audit: a.DB, OnChange: a.contentChanged,
		Scheduler: a.Publisher, Index: a.searchIndex(), Log: log}
	a.Server.Pages = a.Pages
	a.News = &cms.News{Content: a.Content, Sites: a.DB, Audit: a.DB, OnChange: a.contentChanged,
		Scheduler: a.Publisher, Index: a.searchIndex(), Media: a.mediaLookup, SiteURL: a.siteURL}
	a.Server.News = a.News
	a.openSyndication()
	a.Server.Menus = &cms.Menus{Content: a.Content, Sites: a.DB, Audit: a.DB, OnChange: a.contentChanged}
	a.Server.SettingsStore, a.Server.ThemeStore = a.DB, a.DB
	a.Server.Settings = &cms.Settings{Store: a.DB, Sites: a.DB, Namer: a.DB, Audit: a.DB, Media: a.mediaLookup, OnChange: a.contentChanged}
	a.Server.Comments = &cms.Comments{Store: a.DB, Content: a.Content, Settings: a.DB, Audit: a.DB, OnChange: a.contentChanged}
	a.Server.OnContentChange = a.contentChanged
	a.Server.SearchIndex = a.DB
	a.Stats = &stats.Recorder{Store: a.DB, Log: log.With("component", "stats")}
	a.CertificationWF = &workflows.CertificationClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue, OnStart: onStart}
	a.Certification = &certification.Service{Store: a.DB.Certification(), Process: a.CertificationWF, Sanitize: cms.RichText,
		Media: func(ctx context.Context, siteID int64, id string) error {
			_, err := a.DB.FindMedia(ctx, siteID, id)
			return err
		},
		Exams: &certification.QuizEngine{Store: a.DB,
			StartAttempt: (&workflows.AttemptClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue, OnStart: onStart}).Start,
			SubmitAttempt: func(ctx context.Context, attemptID, studentID int64) error {
				_, err := (&workflows.AttemptClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue}).Submit(ctx, attemptID, studentID)
				return err
			}},
		Seminars: a.DB.Certification(), SeminarProcess: &workflows.SeminarClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue},
		Log: log}
	a.Server.Certification, a.Server.ThemeRevisions, a.Server.PublicURL = a.Certification, a.DB, cfg.PublicURL
	a.Server.Stats = a.Stats
	a.openQuiz()
	a.Server.Attempts = a.DB
	a.Banners = &maintenance.Banners{Store: a.DB, Log: log, OnChange: func() { a.Server.InvalidateSite(0) }}
	a.Maintenance = &maintenance.Service{Store: a.DB, Banners: a.Banners, Log: log,
		Workflows: &workflows.MaintenanceClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue, OnStart: onStart}}
	a.Server.Maintenance, a.Server.Banners = a.Maintenance, a.Banners
	a.Events = &events.Service{Store: a.DB, Links: a.DB, Accounts: a.DB, Audit: a.DB,
		Process: &workflows.EventClient{Temporal: a.Temporal, TaskQueue: cfg.TaskQueue, OnStart: onStart}}
	a.Server.Events = a.Events
	if err := a.openSurveys(); err != nil {
		a.Close()
		return nil, err
	}
	a.Mailboxes = &mailboxes.Service{Store: a.DB, Sites: a.DB, Audit: a.DB, Log: log}
	if cfg.DovecotPasswd != "" {
		a.Mailboxes.Server = &dovecot.Server{UsersFile: cfg.DovecotPasswd, MailRoot: cfg.DovecotMailRoot, Config: cfg.DovecotConfig}
	}
	a.Server.Mailboxes = a.Mailboxes
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
		Provisioning: &activities.Provisioning{Sites: a.DB, Content: a.Content, Index: a.searchIndex(), Mailer: a.Mailer,
			MailLog: a.DB, Accounts: a.DB, PublicURL: a.Config.PublicURL},
		Mail: a.mail(),
		Admissions: &activities.Admissions{Store: a.DB, Sites: a.DB, Accounts: a.DB,
			Mail: a.mail(), Offer: a.AdmissionWF.Offer, PublicURL: a.Config.PublicURL},
		Exports: &activities.Exports{Store: a.DB, Files: a.Content.Files("exports"), Write: a.Admissions.WriteExport},
		Publishing: &activities.Publishing{ByKind: map[string]activities.ScheduledPublisher{
			sitecore.SearchPage: a.Pages, sitecore.SearchNews: a.News}},
		Quiz: &activities.Quiz{Store: a.DB},
		Surveys: &activities.Surveys{Store: a.DB, Sites: a.DB, Accounts: a.DB, Mail: a.emailQueue(nil),
			PublicURL: a.Config.PublicURL, Exports: a.DB, Files: a.Content.Files("exports")},
		Helpdesk: &activities.Helpdesk{Store: a.DB, Accounts: a.DB, Sites: a.DB, Mail: a.mail(), PublicURL: a.Config.PublicURL},
		Certification: &activities.Certification{Store: a.DB.Certification(), Accounts: a.DB,
			Mail: a.mail(), PublicURL: a.Config.PublicURL, Exams: &activities.CertExams{Attempts: a.DB,
				AwaitAttempt: func(ctx context.Context, attemptID int64) error {
					return a.Temporal.GetWorkflow(ctx, workflows.AttemptWorkflowID(attemptID), "").Get(ctx, nil)
				}},
			Seminars: a.DB.Certification()},
		Olympiad:     &activities.Olympiad{Store: a.DB, Quiz: a.DB, Mail: a.emailQueue(nil), PublicURL: a.Config.PublicURL},
		Syndication:  a.syndicationActivities(),
		Housekeeping: &activities.Housekeeping{Throttle: a.DB, Expired: a.DB},
		ForumDigest:  &activities.ForumDigest{Forums: a.Forums},
		Metrics:      a.Metrics,
		StopTimeout:  a.Config.ShutdownTimeout,
		CacheSize:    a.Config.WorkerCache,
		Pollers:      a.Config.WorkerPollers,
		Maintenance:  &activities.Maintenance{Store: a.DB, Mail: a.mail()},
		Feedback:     &activities.Feedback{Service: a.Feedback, Calendar: a.DB},
		Events: &activities.Events{Store: a.DB, Sites: a.DB, Accounts: a.DB, Mail: a.mail(),
			PublicURL: a.Config.PublicURL},
		Backups: a.backupActivities(),
	}
}

// NewWorker returns a worker with every workflow and activity registered.
func (a *App) NewWorker() worker.Worker {
	return workers.New(a.Temporal, a.Config.TaskQueue, a.Activities())
}

// ServeMetrics serves the process's Prometheus metrics at /metrics on l (the listener of
// MEKTEP_METRICS_ADDR) until ctx is done. It is kept off the public router, so no school's
// host answers it.
func (a *App) ServeMetrics(ctx context.Context, l net.Listener) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second,
		ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
	stop := context.AfterFunc(ctx, func() { _ = srv.Close() })
	defer stop()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Serve runs the HTTP server on l until ctx is done, then lets requests in flight finish.
func (a *App) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           a.Server.HTTPHandler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
		ConnContext:       httpapi.ConnContext,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(httpapi.CoalescingListener(l)) }()
	// Sites activated or changed by workers (in any process) reach this server's caches.
	lctx, stopListen := context.WithCancel(ctx)
	defer stopListen()
	go a.DB.ListenSiteChanges(lctx, a.Log, a.Server.InvalidateSite)
	// Maintenance banners follow the notices' status, which workers change.
	go a.Banners.Run(lctx)
	// Page views are counted in memory and written in batches until the server has stopped;
	// the last batch is written after the last request.
	sctxStats, stopStats := context.WithCancel(context.Background())
	statsDone := make(chan struct{})
	go func() { a.Stats.Run(sctxStats); close(statsDone) }()
	defer func() { stopStats(); <-statsDone }()
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

// ensureHousekeeping creates the housekeeping's Temporal schedule if it does not exist,
// trying again with backoff while Temporal refuses, until ctx is done.
func (a *App) ensureHousekeeping(ctx context.Context) {
	for wait := time.Second; ; wait = min(2*wait, time.Minute) {
		err := workflows.EnsureHousekeepingSchedule(ctx, a.Temporal, a.Config.TaskQueue)
		if err == nil {
			err = workflows.EnsureForumDigestSchedule(ctx, a.Temporal, a.Config.TaskQueue)
		}
		if err == nil || ctx.Err() != nil {
			return
		}
		a.Log.Warn("worker: the housekeeping schedule could not be created; trying again", "err", err, "in", wait.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// RunWorker runs the Temporal worker, and the relay that starts the workflows of submitted
// applications, until ctx is done.
func (a *App) RunWorker(ctx context.Context) error {
	// Temporal may not answer yet (started together with this process, or restarting): keep
	// trying with backoff instead of exiting, until ctx is done.
	w := a.NewWorker()
	for wait := 250 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		err := w.Start()
		if err == nil {
			break
		}
		a.Log.Warn("worker: Temporal does not answer yet; trying again", "err", err, "in", wait.String())
		select {
		case <-ctx.Done():
			return fmt.Errorf("worker: %w", err)
		case <-time.After(wait):
		}
		w = a.NewWorker()
	}
	rctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	relay := &workflows.IntakeRelay{Store: a.DB, Temporal: a.Temporal, TaskQueue: a.Config.TaskQueue, Log: a.Log,
		OnStart: func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }}
	wg.Go(func() { relay.Run(rctx) })
	tickets := &workflows.TicketRelay{Store: a.DB, Tickets: a.TicketWF, Log: a.Log}
	wg.Go(func() { tickets.Run(rctx) })
	attempts := &workflows.AttemptRelay{Store: a.DB, Log: a.Log, Attempts: &workflows.AttemptClient{Temporal: a.Temporal,
		TaskQueue: a.Config.TaskQueue, OnStart: func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }}}
	wg.Go(func() { attempts.Run(rctx) })
	wg.Go(func() { a.syndicationRelay().Run(rctx) })
	wg.Go(func() { a.ensureHousekeeping(rctx) })
	wg.Go(func() { a.ensureBackupSchedules(rctx) })
	wg.Go(func() { a.repairContentIndex(rctx, cmp.Or(a.Config.RepairGrace, mongo.DefaultRepairGrace)) })
	<-ctx.Done()
	stop()
	wg.Wait()
	w.Stop()
	return nil
}

// repairContentIndex puts right, at start and then every grace period, the content index
// entries of writes that did not finish (mongo.Store.RepairContentIndex), and reports the
// marks still waiting after each pass.
func (a *App) repairContentIndex(ctx context.Context, grace time.Duration) {
	const batch = 500
	tick := time.NewTicker(grace)
	defer tick.Stop()
	for {
		for {
			n, err := a.Content.RepairContentIndex(ctx, grace, batch)
			if n > 0 {
				a.Metrics.ContentRepaired.Add(float64(n))
				a.Log.Warn("content index: entries put right after writes that did not finish", "entries", n)
			}
			if err != nil && ctx.Err() == nil {
				a.Log.Warn("content index repair", "err", err)
			}
			if err != nil || n < batch {
				break
			}
		}
		if waiting, err := a.DB.CountContentPending(ctx); err == nil {
			a.Metrics.ContentPending.Set(float64(waiting))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
