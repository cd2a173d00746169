package app

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/internal/config"
	"github.com/mektep/mektep/sitecore/backup"
	"github.com/mektep/mektep/workflows"
)

// OpenBackupStore opens the store MEKTEP_BACKUP_STORE names: a directory, or
// s3://bucket/prefix with the MEKTEP_BACKUP_S3_* settings.
func OpenBackupStore(c config.Backup) (backup.Store, error) {
	if !strings.HasPrefix(c.Store, "s3://") {
		return backup.Dir{Root: c.Store}, nil // folders are made on the first backup
	}
	u, err := url.Parse(c.Store)
	if err != nil {
		return nil, fmt.Errorf("MEKTEP_BACKUP_STORE: %w", err)
	}
	prefix := strings.Trim(u.Path, "/")
	if prefix != "" {
		prefix += "/"
	}
	return backup.NewS3(backup.S3Options{Bucket: u.Host, Prefix: prefix, Endpoint: c.S3Endpoint, Region: c.S3Region,
		AccessKey: c.S3AccessKey, SecretKey: c.S3SecretKey, PathStyle: c.S3Endpoint != ""})
}

// scratchDatabases are the restore drill's scratch databases: configured, or the platform's
// own names with "_drill" appended on the same servers.
func (a *App) scratchDatabases() (pgURL, mongoDB string, err error) {
	b := a.Config.Backup
	pgURL, mongoDB = b.DrillDatabase, b.DrillMongoDB
	if pgURL == "" {
		if pgURL, err = backup.WithDatabase(a.Config.DatabaseURL, backup.DatabaseName(a.Config.DatabaseURL)+"_drill"); err != nil {
			return "", "", err
		}
	}
	if mongoDB == "" {
		mongoDB = a.Config.MongoDatabase + "_drill"
	}
	if backup.DatabaseName(pgURL) == backup.DatabaseName(a.Config.DatabaseURL) || mongoDB == a.Config.MongoDatabase {
		return "", "", fmt.Errorf("the restore drill's scratch databases must differ from the platform's")
	}
	return pgURL, mongoDB, nil
}

// backupActivities are the backup and restore drill activities.
func (a *App) backupActivities() *activities.Backups {
	pgURL, mongoDB, err := a.scratchDatabases()
	if err != nil {
		a.Log.Error("backup: no restore drills", "err", err)
	}
	b := a.Config.Backup
	return &activities.Backups{Store: a.BackupStore, Postgres: backup.Postgres{BinDir: b.PGBin},
		DatabaseURL: a.Config.DatabaseURL, Mongo: a.Content.Database(),
		Retention:          backup.Retention{Daily: b.Retention[0], Weekly: b.Retention[1], Monthly: b.Retention[2], Location: b.Location},
		ScratchPostgresURL: pgURL, ScratchMongo: mongoDB, Render: a.renderSample,
		Drills: a.DB, AlertEmails: b.AlertEmails, Mail: a.mail()}
}

// renderSample opens the platform on the restored databases, as `serve` would, and asks it
// for the home page of each sample site: each must answer 200 with the site's name as its
// title. It returns what differed.
func (a *App) renderSample(ctx context.Context, pgURL, mongoDB string, sample []backup.SiteSample) []string {
	cfg := *a.Config
	cfg.DatabaseURL, cfg.MongoDatabase = pgURL, mongoDB
	r, err := Open(ctx, &cfg, a.Log.With("component", "restore-drill"))
	if err != nil {
		return []string{"the platform does not open on the restored data: " + err.Error()}
	}
	defer r.Close()
	h := r.Server.Handler()
	var problems []string
	for _, s := range sample {
		status, body := getFollowing(ctx, h, s.Host, "/")
		want := "<title>" + html.EscapeString(s.Title) + "</title>"
		switch {
		case status != http.StatusOK:
			problems = append(problems, fmt.Sprintf("site %s: the restored home page answers %d", s.Host, status))
		case !strings.Contains(body, want):
			problems = append(problems, fmt.Sprintf("site %s: the restored home page lacks %s", s.Host, want))
		}
	}
	return problems
}

// getFollowing sends GET path to the handler on host, following up to five redirects.
func getFollowing(ctx context.Context, h http.Handler, host, path string) (int, string) {
	for range 6 {
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, "http://"+host+path, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		body, _ := io.ReadAll(res.Body)
		loc := res.Header.Get("Location")
		if res.StatusCode < 300 || res.StatusCode >= 400 || loc == "" {
			return res.StatusCode, string(body)
		}
		u, err := url.Parse(loc)
		if err != nil || (u.Host != "" && u.Host != host) {
			return res.StatusCode, string(body)
		}
		path = u.RequestURI()
	}
	return http.StatusLoopDetected, ""
}

// ensureBackupSchedules creates or updates the backup's and the restore drill's schedules,
// trying again with backoff while Temporal refuses, until ctx is done.
func (a *App) ensureBackupSchedules(ctx context.Context) {
	b := a.Config.Backup
	for wait := time.Second; ; wait = min(2*wait, time.Minute) {
		err := workflows.EnsureBackupSchedules(ctx, a.Temporal, a.Config.TaskQueue,
			workflows.BackupSchedules{Backup: b.Schedule, Drill: b.DrillSchedule, TimeZone: b.TimeZone})
		if err == nil || ctx.Err() != nil {
			return
		}
		a.Log.Warn("worker: the backup schedules could not be set; trying again", "err", err, "in", wait.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// RestoreOptions say where `mektep backup restore` restores to.
type RestoreOptions struct {
	ID          string // "" restores the newest finished backup
	PostgresURL string // an empty database (Replace recreates it)
	MongoURI    string // "" uses MONGODB_URI
	MongoDB     string // an empty database (Replace drops it first)
	Replace     bool
	Progress    func(step string)
	TempDir     string
}

// Restore restores a backup into the databases of o, checks every archive's checksum on
// the way and compares the result with the manifest; it returns the manifest and the
// differences (none when all is well). It needs neither Temporal nor a worker.
func Restore(ctx context.Context, st backup.Store, pg backup.Postgres, o RestoreOptions) (*backup.Manifest, []string, error) {
	if o.Progress == nil {
		o.Progress = func(string) {}
	}
	id := o.ID
	if id == "" {
		latest, err := backup.Latest(ctx, st)
		if err != nil {
			return nil, nil, fmt.Errorf("no finished backup in the store: %w", err)
		}
		id = latest
	}
	m, err := backup.ReadManifest(ctx, st, id)
	if err != nil {
		return nil, nil, fmt.Errorf("backup %s: %w (a backup without a manifest is unfinished)", id, err)
	}
	if o.Replace {
		if err := backup.RecreateDatabase(ctx, o.PostgresURL); err != nil {
			return m, nil, err
		}
	}
	client, err := mongoConnect(ctx, o.MongoURI)
	if err != nil {
		return m, nil, err
	}
	defer client.Disconnect(context.WithoutCancel(ctx))
	mdb := client.Database(o.MongoDB)
	if o.Replace {
		if err := mdb.Drop(ctx); err != nil {
			return m, nil, err
		}
	} else if names, err := mdb.ListCollectionNames(ctx, map[string]any{}); err != nil {
		return m, nil, err
	} else if len(names) > 0 {
		return m, nil, fmt.Errorf("mongo database %s is not empty (%d collections); restore into an empty one or replace it", o.MongoDB, len(names))
	}
	if err := backup.Restore(ctx, st, m, pg, o.PostgresURL, mdb, o.TempDir, o.Progress); err != nil {
		return m, nil, err
	}
	o.Progress("verify")
	problems, err := backup.Verify(ctx, m, o.PostgresURL, mdb)
	return m, problems, err
}

func mongoConnect(ctx context.Context, uri string) (*mongo.Client, error) {
	c, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(10 * time.Second))
	if err != nil {
		return nil, fmt.Errorf("mongo: %w", err)
	}
	if err := c.Ping(ctx, nil); err != nil {
		_ = c.Disconnect(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("mongo: %w", err)
	}
	return c, nil
}
