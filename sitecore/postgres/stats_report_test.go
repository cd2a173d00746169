package postgres_test

import (
	"context"
	"fmt"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/stats"
)

// TestStatsReportMatchesSeparateQueries checks the report (month and day roll-ups, GROUPING
// SETS) against the three plain aggregations of stats_views, on data with ties, gaps, other
// sites' rows and a top-pages limit that cuts a tie, for ranges that start and end inside
// months, on their first and last days, inside one month, and over a year. The fixture's
// older rows are back-filled by the migration that created the roll-ups (re-applied here);
// newer ones come through flushes, one of them late (views of a month's last Almaty evening
// written after midnight together with the next day's).
func TestStatsReportMatchesSeparateQueries(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	a := activeSite(t, db, "statsrep-a")
	b := activeSite(t, db, "statsrep-b")
	for _, q := range []string{
		fmt.Sprintf(`INSERT INTO stats_views (site_id, day, path, lang, views)
		 SELECT %d, date '2026-03-20' - d, '/' || l || '/p' || p, l, 1 + (d * p) %% 7
		 FROM generate_series(0, 400) d, generate_series(1, 12) p, unnest('{kk,ru,en}'::text[]) l
		 WHERE (d + p) %% 5 <> 0 AND d <> 3`, a.ID),
		fmt.Sprintf(`INSERT INTO stats_views (site_id, day, path, lang, views)
		 SELECT %d, date '2026-03-20' - d, '/kk/other', 'kk', 1000 FROM generate_series(0, 400) d`, b.ID),
		fmt.Sprintf(`INSERT INTO stats_uniques (site_id, day, uniques)
		 SELECT %d, date '2026-03-20' - d, d %% 4 FROM generate_series(1, 400) d`, a.ID),
		// The rows above were counted before the roll-ups existed: re-apply their migration,
		// whose back-fill must sum them.
		`DROP TABLE stats_month_views, stats_day_views`,
		`DELETE FROM goose_db_version WHERE version_id = 114`,
	} {
		if _, err := db.Pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	checkRollups(t, db)

	// Flushes from here on: a visitor reads at 23:59 Almaty on 31 March and at 00:01 on
	// 1 April; both days' counts reach the store in one flush after midnight (UTC is still
	// 31 March then), then more in April, and a page of site B.
	clock := time.Date(2026, 3, 31, 23, 59, 0, 0, sitecore.Almaty)
	rec := &stats.Recorder{Store: db, Now: func() time.Time { return clock }}
	ip := netip.MustParseAddr("203.0.113.9")
	for i := range 5 {
		rec.View(a.ID, "kk", fmt.Sprintf("/kk/p%d", i%3+1), ip, "Firefox")
	}
	clock = clock.Add(2 * time.Minute)
	for i := range 4 {
		rec.View(a.ID, "ru", fmt.Sprintf("/ru/p%d", i%2+1), ip, "Firefox")
	}
	rec.View(b.ID, "kk", "/kk/other", ip, "Firefox")
	if err := rec.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(36 * time.Hour)
	rec.View(a.ID, "en", "/en/p7", ip, "Firefox")
	rec.View(a.ID, "kk", "/kk/p1", ip, "Firefox")
	if err := rec.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for day, want := range map[string]int64{"2026-03-31": 5, "2026-04-01": 4, "2026-04-02": 2} {
		var n int64
		if err := db.Pool.QueryRow(ctx, `SELECT coalesce(sum(views), 0) FROM stats_views
			WHERE site_id = $1 AND day = $2 AND path IN ('/kk/p1', '/kk/p2', '/kk/p3', '/ru/p1', '/ru/p2', '/en/p7')`, a.ID, day).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if day != "2026-03-31" && n != want { // 31 March also holds the fixture's rows
			t.Errorf("%s: %d views of the flushed pages, want %d", day, n, want)
		}
	}
	checkRollups(t, db)

	ranges := [][2]string{
		{"2026-02-25", "2026-03-20"}, // across a month's start, no whole month
		{"2026-03-01", "2026-03-31"}, // exactly one month
		{"2026-03-02", "2026-03-30"}, // inside one month
		{"2026-03-31", "2026-04-01"}, // the flushed Almaty midnight
		{"2026-03-20", "2026-03-20"}, // one day
		{"2025-12-15", "2026-04-02"}, // loose days, whole months, loose days
		{"2026-01-01", "2026-02-28"}, // two whole months
		{"2025-04-03", "2026-04-02"}, // a year ending today
		{"2025-01-01", "2025-02-10"}, // before the first row
	}
	for _, rg := range ranges {
		from, _ := time.Parse(time.DateOnly, rg[0])
		to, _ := time.Parse(time.DateOnly, rg[1])
		for _, top := range []int{0, 5, 7, 100} {
			for _, group := range []string{"", sitecore.StatsByPage, sitecore.StatsByLang, sitecore.StatsByDay} {
				got, err := db.StatsReport(ctx, sitecore.StatsFilter{SiteID: a.ID, From: from, To: to, TopPages: top, Group: group})
				if err != nil {
					t.Fatal(err)
				}
				want := plainStatsReport(t, db, a.ID, from, to, top, group)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s..%s top %d group %q:\n got  %+v\n want %+v", rg[0], rg[1], top, group, got, want)
				}
			}
		}
	}
	if r, _ := db.StatsReport(ctx, sitecore.StatsFilter{SiteID: a.ID, From: time.Date(2026, 2, 25, 0, 0, 0, 0, time.UTC),
		To: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), TopPages: 100}); r.Views == 0 || len(r.Pages) != 36 {
		t.Fatalf("fixture: views %d, %d pages", r.Views, len(r.Pages))
	}

	// A rebuild gives the same roll-ups the flushes kept.
	if err := db.RebuildStatsRollups(ctx); err != nil {
		t.Fatal(err)
	}
	checkRollups(t, db)
}

// checkRollups compares the roll-up tables with the sums of stats_views.
func checkRollups(t *testing.T, db *postgres.DB) {
	t.Helper()
	for _, q := range []string{
		`SELECT count(*) FROM (
			(SELECT site_id, day, sum(views) FROM stats_views GROUP BY site_id, day
			 EXCEPT SELECT site_id, day, views FROM stats_day_views)
			UNION ALL
			(SELECT site_id, day, views FROM stats_day_views
			 EXCEPT SELECT site_id, day, sum(views) FROM stats_views GROUP BY site_id, day)) d`,
		`SELECT count(*) FROM (
			(SELECT site_id, date_trunc('month', day)::date, path, lang, sum(views) FROM stats_views GROUP BY 1, 2, 3, 4
			 EXCEPT SELECT site_id, month, path, lang, views FROM stats_month_views)
			UNION ALL
			(SELECT site_id, month, path, lang, views FROM stats_month_views
			 EXCEPT SELECT site_id, date_trunc('month', day)::date, path, lang, sum(views) FROM stats_views GROUP BY 1, 2, 3, 4)) d`,
		`SELECT CASE WHEN count(*) > 0 THEN 0 ELSE 1 END FROM stats_month_views`,
	} {
		var n int
		if err := db.Pool.QueryRow(context.Background(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d roll-up rows differ from stats_views: %s", n, q)
		}
	}
}

// plainStatsReport is the report made by the three separate aggregations of stats_views.
func plainStatsReport(t *testing.T, db *postgres.DB, site int64, from, to time.Time, top int, group string) *sitecore.StatsReport {
	t.Helper()
	ctx := context.Background()
	want := &sitecore.StatsReport{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
	rows, _ := db.Pool.Query(ctx, `
		WITH days AS (SELECT d::date AS day FROM generate_series($2::date, $3::date, interval '1 day') AS d),
		views AS (SELECT day, sum(views)::bigint AS views FROM stats_views WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day),
		uniques AS (SELECT day, sum(n)::bigint AS uniques FROM (
			SELECT day, uniques AS n FROM stats_uniques WHERE site_id = $1 AND day BETWEEN $2 AND $3
			UNION ALL SELECT day, count(*) FROM stats_visitors WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day) u GROUP BY day)
		SELECT to_char(days.day, 'YYYY-MM-DD'), coalesce(views.views, 0), coalesce(uniques.uniques, 0)
		FROM days LEFT JOIN views USING (day) LEFT JOIN uniques USING (day) ORDER BY days.day`, site, from, to)
	days, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sitecore.DayStats])
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range days {
		want.Views += d.Views
		want.Uniques += d.Uniques
	}
	if group == "" || group == sitecore.StatsByDay {
		want.Days = days
	}
	if group == "" || group == sitecore.StatsByPage {
		rows, _ = db.Pool.Query(ctx, `SELECT path, sum(views)::bigint AS views FROM stats_views
			WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY path ORDER BY views DESC, path LIMIT $4`, site, from, to, top)
		if want.Pages, err = pgx.CollectRows(rows, pgx.RowToStructByPos[sitecore.PathStats]); err != nil {
			t.Fatal(err)
		}
	}
	if group == "" || group == sitecore.StatsByLang {
		rows, _ = db.Pool.Query(ctx, `SELECT lang, sum(views)::bigint AS views FROM stats_views
			WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY lang ORDER BY views DESC, lang`, site, from, to)
		if want.Langs, err = pgx.CollectRows(rows, pgx.RowToStructByPos[sitecore.LangStats]); err != nil {
			t.Fatal(err)
		}
	}
	return want
}
