package activities

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/backup"
)

// Backups holds what the backup and restore drill activities need (workflows.Backup,
// workflows.RestoreDrill).
type Backups struct {
	Store       backup.Store
	Postgres    backup.Postgres
	DatabaseURL string
	Mongo       *mongo.Database
	TempDir     string // "" uses the system's
	Retention   backup.Retention
	// Scratch databases of the restore drill: recreated before each drill, dropped after.
	ScratchPostgresURL string
	ScratchMongo       string
	// Render renders the home pages of the sample sites from the scratch databases and
	// returns what differed (a status other than 200, another title).
	Render func(ctx context.Context, pgURL, mongoDB string, sample []backup.SiteSample) []string
	Drills sitecore.BackupDrills
	// AlertEmails are alerted about a failed drill besides the platform's operators.
	AlertEmails []string
	Mail        *Mail
}

// SampleSites is how many sites a backup samples for the drill to render.
const SampleSites = 3

// keepAlive heartbeats every few seconds with the latest details until the returned stop is
// called, so long steps (pg_dump, a large collection) stay alive and a dead worker's attempt
// is retried within the heartbeat timeout.
func keepAlive(ctx context.Context, details func() any) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(3 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				if d := details(); d != nil {
					activity.RecordHeartbeat(ctx, d)
				} else {
					activity.RecordHeartbeat(ctx)
				}
			}
		}
	}()
	return func() { close(done) }
}

// BackupPostgres dumps PostgreSQL into the backup id (pg_dump -Fc) and returns its part of
// the manifest. A retry dumps again and replaces the archive.
func (b *Backups) BackupPostgres(ctx context.Context, id string) (backup.Part, error) {
	stop := keepAlive(ctx, func() any { return nil })
	defer stop()
	p, err := b.Postgres.BackupPostgres(ctx, b.Store, id, b.DatabaseURL, b.TempDir, SampleSites)
	if err != nil {
		return p, err
	}
	activity.GetLogger(ctx).Info("backup: postgresql stored", "backup", id, "tables", len(p.Tables), "bytes", p.Files[0].Size)
	return p, nil
}

// BackupMongo exports the Mongo API's collections and GridFS files into the backup id. The
// heartbeat carries the archives already stored, so a retry after a worker crash resumes
// with the next collection.
func (b *Backups) BackupMongo(ctx context.Context, id string) (backup.Part, error) {
	var done backup.Part
	if activity.HasHeartbeatDetails(ctx) {
		_ = activity.GetHeartbeatDetails(ctx, &done)
	}
	var latest = done
	progress := make(chan backup.Part, 1)
	stop := keepAlive(ctx, func() any {
		select {
		case p := <-progress:
			latest = p
		default:
		}
		return latest
	})
	defer stop()
	p, err := backup.ExportMongo(ctx, b.Mongo, b.Store, id, b.TempDir, done, func(p backup.Part) {
		select {
		case <-progress:
		default:
		}
		progress <- p
		activity.RecordHeartbeat(ctx, p)
	})
	if err != nil {
		return p, err
	}
	activity.GetLogger(ctx).Info("backup: mongo stored", "backup", id, "collections", len(p.Collections), "buckets", len(p.GridFS))
	return p, nil
}

// FinishBackup checks that every archive of the manifest is stored with its size, then
// writes the manifest, last: only now is the backup successful.
func (b *Backups) FinishBackup(ctx context.Context, m backup.Manifest) error {
	objs, err := b.Store.List(ctx, m.ID+"/")
	if err != nil {
		return err
	}
	sizes := map[string]int64{}
	for _, o := range objs {
		sizes[strings.TrimPrefix(o.Key, m.ID+"/")] = o.Size
	}
	for _, f := range m.Files {
		if got, ok := sizes[f.Name]; !ok || got != f.Size {
			return fmt.Errorf("backup %s: %s is stored with %d bytes, want %d", m.ID, f.Name, got, f.Size)
		}
	}
	if err := backup.WriteManifest(ctx, b.Store, m); err != nil {
		return err
	}
	activity.GetLogger(ctx).Info("backup: finished", "backup", m.ID, "files", len(m.Files))
	return nil
}

// PruneBackups enforces the retention on finished backups and deletes unfinished ones older
// than a day (left by failed runs), never current. It returns the IDs deleted.
func (b *Backups) PruneBackups(ctx context.Context, current string) ([]string, error) {
	all, err := backup.List(ctx, b.Store)
	if err != nil {
		return nil, err
	}
	var times []time.Time
	for _, in := range all {
		if in.Finished {
			times = append(times, in.Time)
		}
	}
	keep := b.Retention.Keep(times)
	var deleted []string
	for _, in := range all {
		if in.ID == current || (in.Finished && keep[in.Time]) || (!in.Finished && time.Since(in.Time) < 24*time.Hour) {
			continue
		}
		if err := backup.DeleteBackup(ctx, b.Store, in.ID); err != nil {
			return deleted, err
		}
		deleted = append(deleted, in.ID)
	}
	if len(deleted) > 0 {
		activity.GetLogger(ctx).Info("backup: pruned", "deleted", deleted)
	}
	return deleted, nil
}

// LatestBackup returns the newest finished backup's ID, or "" if there is none.
func (b *Backups) LatestBackup(ctx context.Context) (string, error) {
	id, err := backup.Latest(ctx, b.Store)
	if errors.Is(err, backup.ErrNotExist) {
		return "", nil
	}
	return id, err
}

// DrillOutcome is what restoring a backup into the scratch databases found.
type DrillOutcome struct {
	Problems       []string
	RestoreSeconds float64
}

// DrillRestore restores the backup into freshly recreated scratch databases, compares them
// with the manifest (rows, documents, every GridFS file's bytes) and renders the sample
// sites from them. An archive whose checksum differs fails for good (non-retryable) with
// the mismatch; differences after a restore are returned as problems.
func (b *Backups) DrillRestore(ctx context.Context, id string) (DrillOutcome, error) {
	var out DrillOutcome
	step := "starting"
	stop := keepAlive(ctx, func() any { return step })
	defer stop()
	m, err := backup.ReadManifest(ctx, b.Store, id)
	if err != nil {
		return out, err
	}
	if err := backup.RecreateDatabase(ctx, b.ScratchPostgresURL); err != nil {
		return out, fmt.Errorf("scratch database: %w", err)
	}
	mdb := b.Mongo.Client().Database(b.ScratchMongo)
	if err := mdb.Drop(ctx); err != nil {
		return out, fmt.Errorf("scratch mongo database: %w", err)
	}
	start := time.Now()
	err = backup.Restore(ctx, b.Store, m, b.Postgres, b.ScratchPostgresURL, mdb, b.TempDir, func(s string) { step = s })
	if errors.Is(err, backup.ErrChecksum) {
		return out, temporal.NewNonRetryableApplicationError(err.Error(), "backup.checksum", nil)
	}
	if err != nil {
		return out, err
	}
	out.RestoreSeconds = time.Since(start).Seconds()
	step = "verify"
	if out.Problems, err = backup.Verify(ctx, m, b.ScratchPostgresURL, mdb); err != nil {
		return out, err
	}
	step = "render"
	if len(m.Sample) == 0 && m.Tables["public.sites"] > 0 {
		out.Problems = append(out.Problems, "the backup samples no site to render")
	}
	if b.Render != nil && len(m.Sample) > 0 {
		out.Problems = append(out.Problems, b.Render(ctx, b.ScratchPostgresURL, b.ScratchMongo, m.Sample)...)
	}
	activity.GetLogger(ctx).Info("backup: drill restored", "backup", id, "seconds", out.RestoreSeconds, "problems", len(out.Problems))
	return out, nil
}

// DropScratch drops the drill's scratch databases.
func (b *Backups) DropScratch(ctx context.Context) error {
	if err := backup.DropDatabase(ctx, b.ScratchPostgresURL); err != nil {
		return err
	}
	return b.Mongo.Client().Database(b.ScratchMongo).Drop(ctx)
}

// RecordDrill stores the drill's result and, when it failed, emails the operators (each
// address once per drill, however often this is retried).
func (b *Backups) RecordDrill(ctx context.Context, d sitecore.BackupDrill) error {
	if _, err := b.Drills.RecordBackupDrill(ctx, d); err != nil {
		return asTemporal(err)
	}
	if d.OK {
		return nil
	}
	to, err := b.Drills.OperatorEmails(ctx)
	if err != nil {
		return asTemporal(err)
	}
	to = append(to, b.AlertEmails...)
	host, _ := os.Hostname()
	text := fmt.Sprintf("The restore drill of backup %q failed (run %s, worker %s).\n\nWhat differed:\n- %s\n\n"+
		"The backups may not restore. See the disaster-recovery runbook (docs/operations.md) and\n"+
		"check the newest backups with `mektep backup list`.\n",
		d.BackupID, d.RunID, host, strings.Join(d.Problems, "\n- "))
	seen := map[string]bool{}
	for _, addr := range to {
		if seen[addr] {
			continue
		}
		seen[addr] = true
		if err := b.Mail.SendEmail(ctx, sitecore.Email{Key: "backup-drill/" + d.RunID + "/" + addr, To: addr,
			Subject: "Mektep: restore drill failed (" + d.BackupID + ")", Text: text}); err != nil {
			return err
		}
	}
	if len(to) == 0 {
		activity.GetLogger(ctx).Error("backup: drill failed and nobody is set up to be alerted (no operator, no MEKTEP_BACKUP_ALERT_EMAILS)")
	}
	return nil
}
