package postgres_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestStatsReportMatchesSeparateQueries checks the one-pass report (GROUPING SETS) against
// the three separate aggregations it replaced, on data with ties, gaps, other sites' rows
// and a top-pages limit that cuts a tie.
func TestStatsReportMatchesSeparateQueries(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	a := activeSite(t, db, "statsrep-a")
	b := activeSite(t, db, "statsrep-b")
	for _, q := range []string{
		fmt.Sprintf(`INSERT INTO stats_views (site_id, day, path, lang, views)
		 SELECT %d, date '2026-03-20' - d, '/' || l || '/p' || p, l, 1 + (d * p) %% 7
		 FROM generate_series(0, 40) d, generate_series(1, 12) p, unnest('{kk,ru,en}'::text[]) l
		 WHERE (d + p) %% 5 <> 0 AND d <> 3`, a.ID),
		fmt.Sprintf(`INSERT INTO stats_views (site_id, day, path, lang, views)
		 SELECT %d, date '2026-03-20' - d, '/kk/other', 'kk', 1000 FROM generate_series(0, 40) d`, b.ID),
		fmt.Sprintf(`INSERT INTO stats_uniques (site_id, day, uniques)
		 SELECT %d, date '2026-03-20' - d, d %% 4 FROM generate_series(1, 40) d`, a.ID),
	} {
		if _, err := db.Pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	from, to := time.Date(2026, 2, 25, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	for _, top := range []int{0, 5, 7, 100} {
		got, err := db.StatsReport(ctx, sitecore.StatsFilter{SiteID: a.ID, From: from, To: to, TopPages: top})
		if err != nil {
			t.Fatal(err)
		}
		want := &sitecore.StatsReport{From: "2026-02-25", To: "2026-03-20"}
		rows, _ := db.Pool.Query(ctx, `
			WITH days AS (SELECT d::date AS day FROM generate_series($2::date, $3::date, interval '1 day') AS d),
			views AS (SELECT day, sum(views)::bigint AS views FROM stats_views WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day),
			uniques AS (SELECT day, sum(uniques)::bigint AS uniques FROM stats_uniques WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day)
			SELECT to_char(days.day, 'YYYY-MM-DD'), coalesce(views.views, 0), coalesce(uniques.uniques, 0)
			FROM days LEFT JOIN views USING (day) LEFT JOIN uniques USING (day) ORDER BY days.day`, a.ID, from, to)
		if want.Days, err = pgx.CollectRows(rows, pgx.RowToStructByPos[sitecore.DayStats]); err != nil {
			t.Fatal(err)
		}
		for _, d := range want.Days {
			want.Views += d.Views
			want.Uniques += d.Uniques
		}
		rows, _ = db.Pool.Query(ctx, `SELECT path, sum(views)::bigint AS views FROM stats_views
			WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY path ORDER BY views DESC, path LIMIT $4`, a.ID, from, to, top)
		if want.Pages, err = pgx.CollectRows(rows, pgx.RowToStructByPos[sitecore.PathStats]); err != nil {
			t.Fatal(err)
		}
		rows, _ = db.Pool.Query(ctx, `SELECT lang, sum(views)::bigint AS views FROM stats_views
			WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY lang ORDER BY views DESC, lang`, a.ID, from, to)
		if want.Langs, err = pgx.CollectRows(rows, pgx.RowToStructByPos[sitecore.LangStats]); err != nil {
			t.Fatal(err)
		}
		if want.Views == 0 || len(want.Pages) != min(top, 36) {
			t.Fatalf("fixture: views %d, %d pages for top %d", want.Views, len(want.Pages), top)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("top %d:\n got  %+v\n want %+v", top, got, want)
		}
	}
}
