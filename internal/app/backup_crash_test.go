package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/mektep/mektep/internal/app"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore/backup"
	"github.com/mektep/mektep/workflows"
)

// The worker process is killed (SIGKILL) in the middle of a backup to the S3 store (gofakes3
// over HTTP): the PostgreSQL archive is stored, the first Mongo archive's upload is held
// open. Until a new worker finishes, the store holds no finished backup; the new worker
// completes the same backup, whose manifest is written last and which restores into empty
// databases with every count and checksum matching.
func TestBackupInterruptedByWorkerKillNeverLooksFinished(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("backups"); err != nil {
		t.Fatal(err)
	}
	var holding atomic.Bool
	holding.Store(true)
	held := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	s3 := gofakes3.New(backend).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/mongo/") && holding.Load() {
			once.Do(func() { close(held) })
			<-release
			http.Error(w, "connection lost", http.StatusServiceUnavailable)
			return
		}
		s3.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { holding.Store(false); closeOnce(release) })

	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{
		"MEKTEP_BACKUP_STORE": "s3://backups/mektep", "MEKTEP_BACKUP_S3_ENDPOINT": srv.URL,
		"MEKTEP_BACKUP_S3_ACCESS_KEY": "test", "MEKTEP_BACKUP_S3_SECRET_KEY": "test-secret"}})
	bin := buildMektep(t)
	ctx := context.Background()
	site := provisionTenantNoWorker(t, s, "school-bkcrash")
	backupFixture(t, s, site)
	st := s.App.BackupStore

	w1 := startWorker(t, bin, s)
	type result struct {
		res workflows.BackupResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := workflows.RunBackup(ctx, s.App.Temporal, s.Env["TEMPORAL_TASK_QUEUE"])
		done <- result{res, err}
	}()
	select {
	case <-held:
	case <-time.After(3 * time.Minute):
		t.Fatal("the backup never reached the Mongo archives")
	}
	all, err := backup.List(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Finished {
		t.Fatalf("while the worker is busy: %+v, want one unfinished backup (its PostgreSQL archive)", all)
	}
	if err := w1.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w1.Wait()
	holding.Store(false)
	closeOnce(release)
	if _, err := backup.Latest(ctx, st); err == nil {
		t.Fatal("a backup looks finished although its worker died")
	}

	startWorker(t, bin, s)
	var r result
	select {
	case r = <-done:
	case <-time.After(4 * time.Minute):
		t.Fatal("the backup did not finish after the new worker started")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	all, err = backup.List(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || !all[0].Finished || all[0].ID != r.res.ID {
		t.Fatalf("after the new worker: %+v, want the one backup %s, finished", all, r.res.ID)
	}
	m, err := backup.ReadManifest(ctx, st, r.res.ID)
	if err != nil {
		t.Fatal(err)
	}
	objs, _ := st.List(ctx, r.res.ID+"/")
	if len(objs) != len(m.Files)+1 {
		t.Errorf("%d objects stored, the manifest names %d archives (+ itself)", len(objs), len(m.Files))
	}
	pgURL := testenv.PostgresURL(t)
	_, problems, err := app.Restore(ctx, st, backup.Postgres{}, app.RestoreOptions{PostgresURL: pgURL,
		MongoURI: s.Env["MONGODB_URI"], MongoDB: testenv.MongoDatabase(t), TempDir: t.TempDir()})
	if err != nil || len(problems) > 0 {
		t.Fatalf("restore of the resumed backup: %v %v", err, problems)
	}
	var files int64
	for _, b := range m.GridFS {
		files += b.Files
	}
	if files != 3 || m.Tables["public.sites"] != 1 {
		t.Errorf("manifest: %d GridFS files, %d sites", files, m.Tables["public.sites"])
	}
}

func closeOnce(c chan struct{}) {
	select {
	case <-c:
	default:
		close(c)
	}
}
