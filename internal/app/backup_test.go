package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/app"
	"github.com/mektep/mektep/sitecore/backup"
	"github.com/mektep/mektep/workflows"
)

// backupFixture gives the stack's databases something to back up besides the sites: files
// in two GridFS buckets, one spanning several chunks and one empty.
func backupFixture(t *testing.T, s *stack, siteID int64) {
	t.Helper()
	ctx := context.Background()
	big := make([]byte, 700<<10+17)
	_, _ = rand.Read(big)
	if _, _, err := s.App.Content.Files("helpdesk_attachments").Put(ctx, siteID, "scan.bin", "application/octet-stream", bytes.NewReader(big), 10<<20); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.App.Content.Files("helpdesk_attachments").Put(ctx, siteID, "empty.txt", "text/plain", bytes.NewReader(nil), 10<<20); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.App.Content.MediaFiles("media").Put(ctx, siteID, "logo.png", "image/png", bytes.NewReader(smallPNG(t))); err != nil {
		t.Fatal(err)
	}
}

// pgSnapshot is every row of every table, as text, sorted.
func pgSnapshot(t *testing.T, dbURL string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, _ := conn.Query(ctx, `SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
		WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tb := range tables {
		rows, _ := conn.Query(ctx, "SELECT t::text FROM "+tb+" t ORDER BY 1")
		vals, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatalf("%s: %v", tb, err)
		}
		out[tb] = vals
	}
	return out
}

// mongoSnapshot is every document of every collection as canonical extended JSON in _id
// order, GridFS chunks aside, and every GridFS file's bytes (by bucket and _id).
func mongoSnapshot(t *testing.T, db *mongo.Database) (docs map[string][]string, files map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	names, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	docs, files = map[string][]string{}, map[string][]byte{}
	for _, n := range names {
		if strings.HasSuffix(n, ".chunks") {
			continue
		}
		cur, err := db.Collection(n).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
		if err != nil {
			t.Fatal(err)
		}
		for cur.Next(ctx) {
			js, _ := bson.MarshalExtJSON(cur.Current, true, false)
			docs[n] = append(docs[n], string(js))
			if b, ok := strings.CutSuffix(n, ".files"); ok {
				var buf bytes.Buffer
				if _, err := db.GridFSBucket(options.GridFSBucket().SetName(b)).DownloadToStream(ctx, cur.Current.Lookup("_id"), &buf); err != nil {
					t.Fatal(err)
				}
				files[b+"/"+cur.Current.Lookup("_id").String()] = buf.Bytes()
			}
		}
		cur.Close(ctx)
	}
	return docs, files
}

func diffSnapshots[V any](t *testing.T, what string, before, after map[string]V, eq func(a, b V) bool) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if got, ok := after[k]; !ok {
			t.Errorf("%s %s is missing after the restore", what, k)
		} else if !eq(before[k], got) {
			t.Errorf("%s %s differs after the restore", what, k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s %s appeared after the restore", what, k)
		}
	}
}

// Backup, wipe both databases, restore: every row of every table, every document of every
// collection and every GridFS file byte for byte are as they were. The backup's run also
// applies the retention: an older finished backup of the same day and an unfinished one
// three days old are deleted.
func TestBackupWipeRestoreGivesIdenticalData(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	var sites []*tenant
	for i := range 3 {
		sites = append(sites, provisionTenant(t, s, fmt.Sprintf("school-bk-%d", i)))
	}
	backupFixture(t, s, sites[0].site)
	st := s.App.BackupStore
	// Finished earlier the same day: the day's, week's and month's newest is the new one.
	old := time.Now().Add(-time.Second).UTC().Format(backup.IDLayout)
	oldUnfinished := time.Now().AddDate(0, 0, -3).UTC().Format(backup.IDLayout)
	if err := backup.WriteManifest(ctx, st, backup.Manifest{ID: old}); err != nil {
		t.Fatal(err)
	}
	if err := st.Put(ctx, oldUnfinished+"/postgres.dump", strings.NewReader("half")); err != nil {
		t.Fatal(err)
	}

	res, err := workflows.RunBackup(ctx, s.App.Temporal, s.Env["TEMPORAL_TASK_QUEUE"])
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(res.Pruned)
	if want := slices.Sorted(slices.Values([]string{old, oldUnfinished})); !slices.Equal(res.Pruned, want) {
		t.Errorf("retention deleted %v, want %v", res.Pruned, want)
	}
	all, err := backup.List(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].ID != res.ID || !all[0].Finished {
		t.Fatalf("backups in the store: %+v, want only %s, finished", all, res.ID)
	}
	m, err := backup.ReadManifest(ctx, st, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Tables["public.sites"] != 3 || len(m.Sample) != 3 || m.GridFS["helpdesk_attachments"].Files != 2 || m.GridFS["media"].Files != 1 {
		t.Errorf("manifest: sites %d, sample %v, gridfs %+v", m.Tables["public.sites"], m.Sample, m.GridFS)
	}
	for _, f := range m.Files {
		if len(f.SHA256) != 64 || f.Size <= 0 {
			t.Errorf("manifest entry %+v", f)
		}
	}

	dbURL, mongoDB := strings.Replace(s.Env["DATABASE_URL"], "&pool_min_conns=0", "", 1), s.Env["MONGODB_DATABASE"]
	pgBefore := pgSnapshot(t, dbURL)
	docsBefore, filesBefore := mongoSnapshot(t, s.App.Content.Database())
	if len(filesBefore) != 3 || len(pgBefore["public.sites"]) != 3 {
		t.Fatalf("fixture: %d GridFS files, %d sites", len(filesBefore), len(pgBefore["public.sites"]))
	}

	// Wipe: an empty PostgreSQL database and no Mongo database at all.
	if err := backup.RecreateDatabase(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	if err := s.App.Content.Database().Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(pgSnapshot(t, dbURL)); n != 0 {
		t.Fatalf("%d tables left after the wipe", n)
	}

	got, problems, err := app.Restore(ctx, st, backup.Postgres{}, app.RestoreOptions{
		PostgresURL: dbURL, MongoURI: s.Env["MONGODB_URI"], MongoDB: mongoDB, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	// The stack keeps running during the restore, and its page-view counter may write
	// today's salt into the restored database before Verify counts it (a restore for real
	// runs with the platform stopped; the drill restores into scratch databases).
	problems = slices.DeleteFunc(problems, func(p string) bool { return strings.HasPrefix(p, "table public.stats_salts has ") })
	if got.ID != res.ID || len(problems) > 0 {
		t.Errorf("restored %s with problems %v", got.ID, problems)
	}
	pgAfter := pgSnapshot(t, dbURL)
	// The running stack's visitor counter creates the day's salt on the first page view of
	// the day, whenever that comes: before the dump, between the dump and the snapshot above
	// (then the restored table lacks it), or during the restore (then the table holds a new
	// one). Its content depends on timing, not on the backup, so it is not compared.
	delete(pgBefore, "public.stats_salts")
	delete(pgAfter, "public.stats_salts")
	docsAfter, filesAfter := mongoSnapshot(t, s.App.Content.Database())
	diffSnapshots(t, "table", pgBefore, pgAfter, slices.Equal[[]string])
	diffSnapshots(t, "collection", docsBefore, docsAfter, slices.Equal[[]string])
	diffSnapshots(t, "GridFS file", filesBefore, filesAfter, bytes.Equal)

	// A second restore into the same, now full, databases is refused, not merged.
	if _, _, err := app.Restore(ctx, st, backup.Postgres{}, app.RestoreOptions{
		PostgresURL: dbURL, MongoURI: s.Env["MONGODB_URI"], MongoDB: mongoDB, TempDir: t.TempDir()}); err == nil {
		t.Error("restoring into non-empty databases was not refused")
	}
}

// The weekly drill restores the newest backup into scratch databases and renders the sample
// sites from them. A wrong title in the sample and then a corrupted archive are both
// detected: the drill is recorded as failed and every operator (and the extra address) is
// emailed; the good drill emails nobody. The scratch databases are dropped after each drill.
func TestRestoreDrillDetectsDifferencesAndAlerts(t *testing.T) {
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_BACKUP_ALERT_EMAILS": "oncall@mektep.kz"}})
	ctx := context.Background()
	for i := range 3 {
		provisionTenant(t, s, fmt.Sprintf("school-drill-%d", i))
	}
	op := fixtureUser(t, s, "ops-drill@mektep.kz", 0, "")
	if _, err := s.App.DB.Pool.Exec(ctx, `UPDATE users SET platform_role = 'operator' WHERE id = $1`, op.ID); err != nil {
		t.Fatal(err)
	}
	backupFixture(t, s, 0)
	queue := s.Env["TEMPORAL_TASK_QUEUE"]
	res, err := workflows.RunBackup(ctx, s.App.Temporal, queue)
	if err != nil {
		t.Fatal(err)
	}

	d, err := workflows.RunRestoreDrill(ctx, s.App.Temporal, queue)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("drill: restored in %.2f s", d.RestoreSeconds)
	if !d.OK || d.BackupID != res.ID || len(d.Problems) > 0 {
		t.Fatalf("drill of a good backup: %+v", d)
	}
	var scratch int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_database WHERE datname = $1`,
		backup.DatabaseName(s.Env["DATABASE_URL"])+"_drill").Scan(&scratch); err != nil || scratch != 0 {
		t.Errorf("scratch database left after the drill: %d (%v)", scratch, err)
	}

	// The sample's title no longer matches what the restored site renders.
	m, err := backup.ReadManifest(ctx, s.App.BackupStore, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	good := *m
	m.Sample = slices.Clone(m.Sample)
	m.Sample[1].Title = "Not this school"
	if err := backup.WriteManifest(ctx, s.App.BackupStore, *m); err != nil {
		t.Fatal(err)
	}
	d2, err := workflows.RunRestoreDrill(ctx, s.App.Temporal, queue)
	if err != nil {
		t.Fatal(err)
	}
	if d2.OK || len(d2.Problems) != 1 || !strings.Contains(d2.Problems[0], m.Sample[1].Host) {
		t.Errorf("drill with a wrong sample title: %+v", d2)
	}
	if err := backup.WriteManifest(ctx, s.App.BackupStore, good); err != nil {
		t.Fatal(err)
	}

	// One byte of the pages archive flips on the backup disk.
	path := filepath.Join(s.Env["MEKTEP_BACKUP_STORE"], res.ID, "mongo", "pages.jsonl.gz")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x01
	if err := os.WriteFile(path, data, 0o640); err != nil {
		t.Fatal(err)
	}
	d3, err := workflows.RunRestoreDrill(ctx, s.App.Temporal, queue)
	if err != nil {
		t.Fatal(err)
	}
	if d3.OK || len(d3.Problems) != 1 || !strings.Contains(d3.Problems[0], "checksum mismatch") ||
		!strings.Contains(d3.Problems[0], "pages.jsonl.gz") {
		t.Errorf("drill of a corrupted backup: %+v", d3)
	}

	drills, err := s.App.DB.LatestBackupDrills(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(drills) != 3 || drills[0].OK || drills[1].OK || !drills[2].OK || drills[0].RunID == drills[1].RunID {
		t.Errorf("recorded drills: %+v", drills)
	}
	for _, to := range []string{op.Email, "oncall@mektep.kz"} {
		mail := waitMail(t, s, to, func(m devstack.Mail) bool { return strings.Contains(m.Text, "checksum mismatch") })
		if !strings.Contains(mail.Subject, "restore drill failed") || !strings.Contains(mail.Text, res.ID) {
			t.Errorf("alert to %s: %q %q", to, mail.Subject, mail.Text)
		}
		if n := len(mailsTo(t, s, to, nil)); n != 2 {
			t.Errorf("%s got %d alerts, want 2 (one per failed drill)", to, n)
		}
	}
}
