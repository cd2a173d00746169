package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/mektep/mektep/internal/app"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/backup"
	"github.com/mektep/mektep/workflows"
)

// TestRestoreBench is the recovery-time benchmark of docs/benchmarks.md and of the disaster
// recovery runbook (docs/operations.md), skipped unless MEKTEP_BENCH_RESTORE (the number of
// sites, e.g. 7500) is set. It starts the stack as `mektep dev` does and seeds the demo
// school, then measures, first on the demo data alone and then with N-1 more sites:
//
//   - the backup: the Backup workflow through the worker (pg_dump -Fc, the Mongo API's
//     collections as gzip'd JSON lines, the GridFS buckets as tar.gz, checksums, manifest);
//   - the restore into fresh databases, as `mektep backup restore --to ... --replace` does
//     it (app.Restore: checksums, pg_restore, collections, indexes, GridFS chunks, then the
//     comparison with the manifest);
//   - the render check of runbook step 5: the platform opened on the restored databases
//     answers the home page of the manifest's sample sites and of MEKTEP_BENCH_RESTORE_RENDER
//     more sites (default 100) with their titles, each page timed uncached; beside it, as the
//     peer, MEKTEP_BENCH_RESTORE_FILTER_PEER more sites' home pages (default 3) with the
//     content index switched off, so every list is read by its filter (how the public pages
//     read before they went by _id);
//
// beside the peers of the PostgreSQL part: pg_dump -Fc and pg_restore of the same database
// alone. It logs the database and archive sizes and the ratios. Each extra site has its
// default pages and menu with a 1.5 KB paragraph per page and language, 5 news items in 3
// languages (~1 KB each), a domain, and 2 GridFS files in the media bucket with their media
// rows: a photo of MEKTEP_BENCH_RESTORE_FILE_KB KB (default 16, random bytes, as
// incompressible as a JPEG) and a thumbnail of an eighth of that (0: no files).
//
//	MEKTEP_BENCH_RESTORE=7500 GOTOOLCHAIN=go1.27.3 go test ./internal/app -run TestRestoreBench -v -timeout 2h
func TestRestoreBench(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_RESTORE"))
	if n <= 0 {
		t.Skip("set MEKTEP_BENCH_RESTORE to the number of sites (e.g. 7500) to measure backup and restore times")
	}
	fileKB := 16
	if v, err := strconv.Atoi(os.Getenv("MEKTEP_BENCH_RESTORE_FILE_KB")); err == nil && v >= 0 {
		fileKB = v // 0: no GridFS files for the extra sites
	}
	s := startStack(t, stackOptions{demo: true, env: map[string]string{"MEKTEP_RATE_LIMITS": "off"}})
	ctx := context.Background()
	if _, err := s.App.ServeDemo(ctx, []string{"demo.localhost", "localhost"}, s.URL); err != nil {
		t.Fatal(err)
	}
	measureRecovery(t, s, "demo (1 school)")
	if n > 1 {
		start := time.Now()
		seedRestoreSites(t, s, n-1, fileKB)
		t.Logf("seeded %d more sites in %s", n-1, time.Since(start).Round(time.Second))
		measureRecovery(t, s, fmt.Sprintf("%d sites", n))
	}
}

// seedRestoreSites adds n sites with content and files (see TestRestoreBench).
func seedRestoreSites(t *testing.T, s *stack, n, fileKB int) {
	ctx := context.Background()
	rows, err := s.App.DB.Pool.Query(ctx, `
		INSERT INTO sites (slug, names, languages, owner_email, status, step)
		SELECT 'rbench-' || i, jsonb_build_object('kk', 'Мектеп №' || i, 'ru', 'Школа №' || i, 'en', 'School ' || i),
		       '{kk,ru,en}', 'o' || i || '@rbench.kz', 'active', 'done'
		FROM generate_series(1, $1::int) i RETURNING id, slug`, n)
	if err != nil {
		t.Fatal(err)
	}
	type site struct {
		id   int64
		slug string
	}
	sites, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (site, error) {
		var x site
		return x, r.Scan(&x.id, &x.slug)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.Pool.Exec(ctx, `INSERT INTO site_domains (host, site_id, position)
		SELECT slug || '.edu.kz', id, 0 FROM sites WHERE slug LIKE 'rbench-%'`); err != nil {
		t.Fatal(err)
	}
	para := "<p>" + strings.Repeat("Мектеп өмірі мен жетістіктері. ", 50) + "</p>" // ~1.5 KB
	now := time.Now().UTC()
	db := s.App.Content.Database()
	var pages, news, menus []any
	flush := func(force bool) {
		for coll, docs := range map[string]*[]any{"pages": &pages, "news": &news, "menus": &menus} {
			if len(*docs) >= 1000 || (force && len(*docs) > 0) {
				if _, err := db.Collection(coll).InsertMany(ctx, *docs); err != nil {
					t.Fatal(err)
				}
				*docs = (*docs)[:0]
			}
		}
	}
	for i, x := range sites {
		st := &sitecore.Site{ID: x.id, Slug: x.slug, Languages: []sitecore.Lang{"kk", "ru", "en"},
			Names: map[sitecore.Lang]string{"kk": fmt.Sprintf("Мектеп №%d", i+1), "ru": fmt.Sprintf("Школа №%d", i+1), "en": fmt.Sprintf("School %d", i+1)}}
		ps, menu := sitecore.DefaultContent(st, now)
		for _, p := range ps {
			for l, tx := range p.Text {
				tx.Body += para
				p.Text[l] = tx
			}
			pages = append(pages, p)
		}
		menus = append(menus, menu)
		for k := range 5 {
			txt := map[sitecore.Lang]sitecore.NewsText{}
			for _, l := range st.Languages {
				txt[l] = sitecore.NewsText{Title: fmt.Sprintf("Жаңалық %d", k), Slug: fmt.Sprintf("news-%d", k), Summary: "Қысқаша",
					Body: para[:1000] + "</p>"}
			}
			news = append(news, &sitecore.News{SiteID: x.id, Key: fmt.Sprintf("n%d", k), Published: true, Tags: []string{"tag1"},
				Text: txt, PublishedAt: now.Add(-time.Duration(k) * time.Hour), UpdatedAt: now})
		}
		flush(false)
	}
	flush(true)
	if err := s.App.Content.RebuildIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if fileKB == 0 {
		if _, err := s.App.DB.Pool.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
			t.Fatal(err)
		}
		return
	}
	// Two files per site, four uploads at a time, and their media rows.
	media := s.App.Content.MediaFiles("media")
	type row struct {
		site        int64
		file, thumb string
		size, tsize int64
	}
	out := make([]row, len(sites))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			photo, thumb := make([]byte, fileKB<<10), make([]byte, fileKB<<7)
			for i := w; i < len(sites); i += 4 {
				_, _ = rand.Read(photo)
				_, _ = rand.Read(thumb)
				f, fn, err := media.Put(ctx, sites[i].id, "photo.jpg", "image/jpeg", bytes.NewReader(photo))
				if err != nil {
					t.Error(err)
					return
				}
				th, tn, err := media.Put(ctx, sites[i].id, "photo-thumb.jpg", "image/jpeg", bytes.NewReader(thumb))
				if err != nil {
					t.Error(err)
					return
				}
				out[i] = row{sites[i].id, f, th, fn, tn}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	var ids []int64
	var files, thumbs []string
	var sizes, tsizes []int64
	for _, r := range out {
		ids, files, thumbs, sizes, tsizes = append(ids, r.site), append(files, r.file), append(thumbs, r.thumb), append(sizes, r.size), append(tsizes, r.tsize)
	}
	if _, err := s.App.DB.Pool.Exec(ctx, `INSERT INTO media (id, site_id, name, content_type, kind, size, file_id, thumb_file_id, thumb_size, thumb_type)
		SELECT md5(f), s, 'photo.jpg', 'image/jpeg', 'image', sz, f, th, tsz, 'image/jpeg'
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS u(s, f, th, sz, tsz)`,
		ids, files, thumbs, sizes, tsizes); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.DB.Pool.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		t.Fatal(err)
	}
}

// measureRecovery times backup, restore and the render check on the stack's data now, and
// the raw pg_dump/pg_restore peers (see TestRestoreBench).
func measureRecovery(t *testing.T, s *stack, label string) {
	ctx := context.Background()
	dbURL, mongoDB := s.Env["DATABASE_URL"], s.Env["MONGODB_DATABASE"]
	var pgSize int64
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&pgSize); err != nil {
		t.Fatal(err)
	}
	var stats bson.M
	_ = s.App.Content.Database().RunCommand(ctx, bson.D{{Key: "dbStats", Value: 1}}).Decode(&stats)

	// The backup, through the worker.
	t0 := time.Now()
	res, err := workflows.RunBackup(ctx, s.App.Temporal, s.Env["TEMPORAL_TASK_QUEUE"])
	if err != nil {
		t.Fatal(err)
	}
	backupTime := time.Since(t0)
	m, err := backup.ReadManifest(ctx, s.App.BackupStore, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	var pgArchive, mongoArchives, gridArchives int64
	for _, f := range m.Files {
		switch {
		case f.Name == backup.PostgresArchive:
			pgArchive += f.Size
		case strings.HasPrefix(f.Name, "gridfs/"):
			gridArchives += f.Size
		default:
			mongoArchives += f.Size
		}
	}
	var docs, gridFiles, gridBytes int64
	for _, c := range m.Collections {
		docs += c
	}
	for _, b := range m.GridFS {
		gridFiles += b.Files
		gridBytes += b.Bytes
	}

	// The restore into fresh databases, as `mektep backup restore --to ... --replace`.
	toPG, err := backup.WithDatabase(dbURL, backup.DatabaseName(dbURL)+"_restored")
	if err != nil {
		t.Fatal(err)
	}
	toMongo := mongoDB + "_restored"
	steps := map[string]time.Duration{}
	last := time.Now()
	t0 = last
	got, problems, err := app.Restore(ctx, s.App.BackupStore, backup.Postgres{}, app.RestoreOptions{
		ID: res.ID, PostgresURL: toPG, MongoURI: s.Env["MONGODB_URI"], MongoDB: toMongo, Replace: true, TempDir: t.TempDir(),
		Progress: func(step string) {
			now := time.Now()
			switch {
			case step == "postgres" || step == "verify":
			case strings.HasPrefix(step, "gridfs/"):
				step = "gridfs"
			default:
				step = "mongo"
			}
			steps[step] += now.Sub(last)
			last = now
		}})
	if err != nil {
		t.Fatal(err)
	}
	steps["verify"] = time.Since(last)
	restoreTime := time.Since(t0)
	if got.ID != res.ID || len(problems) > 0 {
		t.Fatalf("restore of %s: %v", got.ID, problems)
	}
	t.Cleanup(func() {
		_ = backup.DropDatabase(context.Background(), toPG)
	})

	// Runbook step 5: the platform on the restored databases renders the schools' sites.
	t0 = time.Now()
	cfg := *s.App.Config
	cfg.DatabaseURL, cfg.MongoDatabase = toPG, toMongo
	r, err := app.Open(ctx, &cfg, testenv.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	openTime := time.Since(t0)
	extra := envInt("MEKTEP_BENCH_RESTORE_RENDER", 100)
	peers := envInt("MEKTEP_BENCH_RESTORE_FILTER_PEER", 3)
	rows, _ := r.DB.Pool.Query(ctx, `SELECT (SELECT min(host) FROM site_domains d WHERE d.site_id = s.id), s.names ->> s.languages[1]
		FROM sites s WHERE s.status = 'active' AND EXISTS (SELECT 1 FROM site_domains d WHERE d.site_id = s.id)
		ORDER BY md5(s.id::text) LIMIT $1`, extra+peers)
	more, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (backup.SiteSample, error) {
		var x backup.SiteSample
		return x, row.Scan(&x.Host, &x.Title)
	})
	if err != nil {
		t.Fatal(err)
	}
	var peerSample []backup.SiteSample
	if len(more) > extra {
		more, peerSample = more[:extra], more[extra:]
	}
	sample := append(slices.Clone(m.Sample), more...)
	h := r.Server.Handler()
	renderAll := func(sample []backup.SiteSample) []time.Duration {
		var per []time.Duration
		for _, x := range sample {
			t1 := time.Now()
			status, body := app.GetFollowing(ctx, h, x.Host, "/")
			per = append(per, time.Since(t1))
			if want := "<title>" + html.EscapeString(x.Title) + "</title>"; status != 200 || !strings.Contains(body, want) {
				t.Errorf("restored site %s: %d, want 200 with %s", x.Host, status, want)
			}
		}
		return per
	}
	per := renderAll(sample)
	renderTime := time.Since(t0)
	// The peer: other sites' home pages with the content index switched off, so every list
	// is read by its filter as before the reads went by _id (a scan of the collection on
	// FerretDB/SQLite).
	index := r.Content.Index
	r.Content.Index = nil
	perFilter := renderAll(peerSample)
	r.Content.Index = index
	_ = r.Content.Database().Drop(ctx)
	r.Close()

	// The peers: pg_dump -Fc and pg_restore of the same database alone.
	dir := t.TempDir()
	dump := filepath.Join(dir, "raw.dump")
	t0 = time.Now()
	pgTool(t, s, "pg_dump", "--format=custom", "--no-password", "--file="+dump, "--dbname="+dbURL)
	rawDump := time.Since(t0)
	fi, err := os.Stat(dump)
	if err != nil {
		t.Fatal(err)
	}
	rawURL, _ := backup.WithDatabase(dbURL, backup.DatabaseName(dbURL)+"_raw")
	if err := backup.RecreateDatabase(ctx, rawURL); err != nil {
		t.Fatal(err)
	}
	t0 = time.Now()
	pgTool(t, s, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--no-password", "--dbname="+rawURL, dump)
	rawRestore := time.Since(t0)
	_ = backup.DropDatabase(ctx, rawURL)

	mb := func(b int64) float64 { return float64(b) / (1 << 20) }
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("== %s: %d tables, %d rows in public.sites; PostgreSQL %.1f MB; Mongo API %d documents in %d collections (dbStats dataSize %v, storageSize %v); GridFS %d files, %.1f MB",
		label, len(m.Tables), m.Tables["public.sites"], mb(pgSize), docs, len(m.Collections), stats["dataSize"], stats["storageSize"], gridFiles, mb(gridBytes))
	t.Logf("archives: postgres.dump %.1f MB (raw pg_dump -Fc %.1f MB), mongo/*.jsonl.gz %.1f MB, gridfs/*.tar.gz %.1f MB",
		mb(pgArchive), mb(fi.Size()), mb(mongoArchives), mb(gridArchives))
	t.Logf("backup (workflow) %.1f s; raw pg_dump %.1f s; backup/raw %.1f",
		backupTime.Seconds(), rawDump.Seconds(), backupTime.Seconds()/rawDump.Seconds())
	t.Logf("restore %.1f s (postgres %.1f s, collections+indexes %.1f s, GridFS %.1f s, verify %.1f s); raw pg_restore %.1f s; restore/raw %.1f, restore's postgres step/raw %.2f",
		restoreTime.Seconds(), steps["postgres"].Seconds(), steps["mongo"].Seconds(), steps["gridfs"].Seconds(), steps["verify"].Seconds(),
		rawRestore.Seconds(), restoreTime.Seconds()/rawRestore.Seconds(), steps["postgres"].Seconds()/rawRestore.Seconds())
	t.Logf("render check: the platform opened on the restored data in %.1f s and %d sites' home pages answered in %.1f s (uncached, per page: %s); recovery (restore + check) %.1f s; load average %s",
		openTime.Seconds(), len(sample), renderTime.Seconds(), spread(per), (restoreTime + renderTime).Seconds(), strings.TrimSpace(string(load)))
	if len(perFilter) > 0 {
		t.Logf("peer: %d more home pages with the content index off (lists read by filter, as before): per page %s; median filter/index %.0f",
			len(perFilter), spread(perFilter), float64(medianDuration(perFilter))/float64(max(medianDuration(per), 1)))
	}
}

// envInt returns the environment variable name as a non-negative integer, or def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v >= 0 {
		return v
	}
	return def
}

func medianDuration(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(d))
	return s[len(s)/2]
}

// spread formats the median, the 90th percentile and the maximum of d in milliseconds.
func spread(d []time.Duration) string {
	if len(d) == 0 {
		return "none"
	}
	s := slices.Sorted(slices.Values(d))
	ms := func(x time.Duration) float64 { return float64(x) / float64(time.Millisecond) }
	return fmt.Sprintf("median %.1f ms, p90 %.1f ms, max %.1f ms", ms(s[len(s)/2]), ms(s[len(s)*9/10]), ms(s[len(s)-1]))
}

// pgTool runs pg_dump or pg_restore of the server's major version, found as the backup finds them.
func pgTool(t *testing.T, s *stack, name string, args ...string) {
	var v int
	if err := s.App.DB.Pool.QueryRow(context.Background(), `SELECT current_setting('server_version_num')::int`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	bin, err := backup.Postgres{}.Tool(name, v/10000) // the program the backup itself runs
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", name, err, out)
	}
}
