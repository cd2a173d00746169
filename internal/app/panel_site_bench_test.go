package app_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// TestPanelSiteBench is the control panel's media and statistics benchmark of
// docs/benchmarks.md, skipped unless MEKTEP_BENCH_PANEL_SITE (the number of files in the
// measured school's library, e.g. 5000) is set. Beside the measured school it stores 7,499
// more sites, each with 20 files and a week of views of 5 pages in 3 languages, so the
// tables are the size of a platform with 7,500 schools; the measured school has a year
// of views of 100 pages in 3 languages. It then asks each page 200 times (the year-long reports 50 times), one request at a
// time, over loopback with the owner's session, and reports p50 and p95, with the JSON
// API's same reads as peers.
//
//	MEKTEP_BENCH_PANEL_SITE=5000 GOTOOLCHAIN=go1.27.3 go test ./internal/app -run TestPanelSiteBench -v
func TestPanelSiteBench(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MEKTEP_BENCH_PANEL_SITE"))
	if n <= 0 {
		t.Skip("set MEKTEP_BENCH_PANEL_SITE to run the panel's media and statistics benchmark")
	}
	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{"MEKTEP_RATE_LIMITS": "off"}})
	ctx := context.Background()
	site := provisionTenantNoWorker(t, s, "school-pbench")
	a := &tenant{site: site, host: "school-pbench.edu.kz",
		users: map[string]*sitecore.User{"owner": fixtureUser(t, s, "owner@pbench.kz", site, sitecore.RoleOwner)}}
	start := time.Now()
	for _, q := range []string{
		`INSERT INTO sites (slug, names, languages, owner_email, status, step)
		 SELECT 'bench-' || i, '{"kk": "Мектеп", "ru": "Школа", "en": "School"}', '{kk,ru,en}', 'o' || i || '@bench.kz', 'active', 'done'
		 FROM generate_series(1, 7499) i`,
		`INSERT INTO media (id, site_id, name, content_type, kind, size, file_id, thumb_file_id, thumb_size, thumb_type)
		 SELECT md5(s.id || '-' || i), s.id, 'photo-' || i || '.jpg', 'image/jpeg', 'image', 200000, md5('f' || s.id || i), md5('t' || s.id || i), 20000, 'image/jpeg'
		 FROM sites s, generate_series(1, 20) i WHERE s.slug LIKE 'bench-%'`,
		`INSERT INTO stats_views (site_id, day, path, lang, views)
		 SELECT s.id, current_date - d, '/' || l || '/page-' || p, l, 1 + (d * p) % 17
		 FROM sites s, generate_series(0, 6) d, generate_series(1, 5) p, unnest('{kk,ru,en}'::text[]) l WHERE s.slug LIKE 'bench-%'`,
		fmt.Sprintf(`INSERT INTO media (id, site_id, name, content_type, kind, size, file_id, thumb_file_id, thumb_size, thumb_type, created_at)
		 SELECT md5('m-' || i), %d, 'photo-' || i || '.jpg', 'image/jpeg', 'image', 200000, md5('f' || i), md5('t' || i), 20000, 'image/jpeg',
		        now() - i * interval '1 minute'
		 FROM generate_series(1, %d) i`, a.site, n),
		fmt.Sprintf(`INSERT INTO stats_views (site_id, day, path, lang, views)
		 SELECT %d, current_date - d, '/' || l || '/page-' || p, l, 1 + (d * p) %% 97
		 FROM generate_series(0, 364) d, generate_series(1, 100) p, unnest('{kk,ru,en}'::text[]) l`, a.site),
		fmt.Sprintf(`INSERT INTO stats_uniques (site_id, day, uniques) SELECT %d, current_date - d, 50 + d %% 40 FROM generate_series(1, 364) d`, a.site),
	} {
		if _, err := s.App.DB.Pool.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// The view rows went in around the flushes: roll them up as the migration's back-fill does.
	if err := s.App.DB.RebuildStatsRollups(ctx); err != nil {
		t.Fatal(err)
	}
	// As autovacuum leaves a table: statistics and the visibility map (index-only scans).
	if _, err := s.App.DB.Pool.Exec(ctx, `VACUUM (ANALYZE) media, stats_views, stats_uniques, stats_day_views, stats_month_views, sites`); err != nil {
		t.Fatal(err)
	}
	t.Logf("7,500 sites, %d files in the school's library, a year of its views stored in %s", n, time.Since(start).Round(time.Millisecond))
	cookie := session(t, s, a.users["owner"].ID)
	measure := func(name, path string, host bool, rounds int) {
		h := []string{"Cookie", cookie}
		if host {
			h = append(h, "Host", a.host)
		}
		for range 5 {
			s.do("GET", path, nil, h...)
		}
		var ds []time.Duration
		for range rounds {
			t0 := time.Now()
			r := s.do("GET", path, nil, h...)
			ds = append(ds, time.Since(t0))
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
		}
		slices.Sort(ds)
		t.Logf("%-40s p50 %6.1f ms  p95 %6.1f ms", name, ms(percentile(ds, 0.5)), ms(percentile(ds, 0.95)))
	}
	// The store's own reads (no HTTP, no rendering), as the pages call them: their floor.
	raw := func(name string, rounds int, read func() error) {
		var ds []time.Duration
		for i := range rounds + 5 {
			t0 := time.Now()
			if err := read(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if i >= 5 {
				ds = append(ds, time.Since(t0))
			}
		}
		slices.Sort(ds)
		t.Logf("%-40s p50 %6.1f ms  p95 %6.1f ms", name, ms(percentile(ds, 0.5)), ms(percentile(ds, 0.95)))
	}
	api := fmt.Sprintf("/api/v1/sites/%d", a.site)
	measure("panel dashboard (the shell, reference)", "/ru/panel/", true, 200)
	raw("store: media, 48 newest + count (peer)", 200, func() error {
		_, _, err := s.App.DB.ListMedia(ctx, a.site, sitecore.MediaFilter{Limit: 48})
		return err
	})
	measure("API media, 48 newest (peer)", api+"/media?limit=48", false, 200)
	measure("panel media, first page (48)", "/ru/panel/media", true, 200)
	measure("panel media, page 50", "/ru/panel/media?offset=2400", true, 200)
	month, err := sitecore.ParseStatsFilter(a.site, "", "", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	raw("store: stats report, 30 days (peer)", 200, func() error { _, err := s.App.DB.StatsReport(ctx, month); return err })
	measure("API stats, 30 days (peer)", api+"/stats", false, 200)
	measure("panel stats, 30 days", "/ru/panel/stats", true, 200)
	from := time.Now().AddDate(0, 0, -364).Format(time.DateOnly)
	year, err := sitecore.ParseStatsFilter(a.site, from, "", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	raw("store: stats report, 365 days (peer)", 50, func() error { _, err := s.App.DB.StatsReport(ctx, year); return err })
	measure("API stats, 365 days (peer)", api+"/stats?from="+from, false, 50)
	measure("panel stats, 365 days", "/ru/panel/stats?from="+from, true, 50)
	measure("panel stats Excel, 365 days", "/ru/panel/stats/export.xlsx?from="+from, true, 50)
}
