package postgres

import (
	"context"
	"crypto/rand"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.StatsStore = (*DB)(nil)

// AddStats upserts the view counters and inserts the visitors (known ones are skipped), in
// one transaction; each is one statement over arrays, whatever the batch size.
func (db *DB) AddStats(ctx context.Context, views []sitecore.PageViews, visitors []sitecore.Visitor) error {
	sites, days, paths, langs, counts := make([]int64, len(views)), make([]time.Time, len(views)),
		make([]string, len(views)), make([]string, len(views)), make([]int64, len(views))
	for i, v := range views {
		sites[i], days[i], paths[i], langs[i], counts[i] = v.SiteID, v.Day, v.Path, string(v.Lang), v.Views
	}
	vsites, vdays, hashes := make([]int64, len(visitors)), make([]time.Time, len(visitors)), make([][]byte, len(visitors))
	for i, v := range visitors {
		vsites[i], vdays[i], hashes[i] = v.SiteID, v.Day, v.Hash[:]
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if len(views) > 0 {
			if _, err := tx.Exec(ctx, `
				INSERT INTO stats_views (site_id, day, path, lang, views)
				SELECT v.site_id, v.day, v.path, v.lang, v.views
				FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::bigint[]) AS v(site_id, day, path, lang, views)
				WHERE EXISTS (SELECT 1 FROM sites s WHERE s.id = v.site_id)
				ON CONFLICT (site_id, day, path, lang) DO UPDATE SET views = stats_views.views + excluded.views`,
				sites, days, paths, langs, counts); err != nil {
				return err
			}
		}
		if len(visitors) > 0 {
			if _, err := tx.Exec(ctx, `
				INSERT INTO stats_visitors (site_id, day, visitor)
				SELECT v.site_id, v.day, v.visitor
				FROM unnest($1::bigint[], $2::date[], $3::bytea[]) AS v(site_id, day, visitor)
				WHERE EXISTS (SELECT 1 FROM sites s WHERE s.id = v.site_id)
				ON CONFLICT DO NOTHING`, vsites, vdays, hashes); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("AddStats", err)
}

// DailySalt returns the day's salt, creating it when no instance has, and deletes older
// ones: once a day is over nobody can recompute its hashes.
func (db *DB) DailySalt(ctx context.Context, day time.Time) ([]byte, error) {
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh)
	var salt []byte
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM stats_salts WHERE day < $1`, day); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO stats_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING`,
			day, fresh); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT salt FROM stats_salts WHERE day = $1`, day).Scan(&salt)
	})
	return salt, wrap("DailySalt", err)
}

// CompactStats turns the visitor hashes of past days into daily counts and deletes them.
// Deleting and counting are one statement, so visitors written meanwhile are not lost.
func (db *DB) CompactStats(ctx context.Context, today time.Time) error {
	_, err := db.Pool.Exec(ctx, `
		WITH gone AS (DELETE FROM stats_visitors WHERE day < $1 RETURNING site_id, day)
		INSERT INTO stats_uniques (site_id, day, uniques)
		SELECT site_id, day, count(*) FROM gone GROUP BY site_id, day
		ON CONFLICT (site_id, day) DO UPDATE SET uniques = stats_uniques.uniques + excluded.uniques`, today)
	if err == nil {
		_, err = db.Pool.Exec(ctx, `DELETE FROM stats_salts WHERE day < $1`, today)
	}
	return wrap("CompactStats", err)
}

// StatsReport reads the parts of the report f asks for.
func (db *DB) StatsReport(ctx context.Context, f sitecore.StatsFilter) (*sitecore.StatsReport, error) {
	r := &sitecore.StatsReport{From: f.From.Format(time.DateOnly), To: f.To.Format(time.DateOnly)}
	err := db.statsReport(ctx, f, r)
	return r, wrap("StatsReport", err)
}

func (db *DB) statsReport(ctx context.Context, f sitecore.StatsFilter, r *sitecore.StatsReport) error {
	// The site's view rows are read once: one GROUPING SETS pass gives the views per day, per
	// page and per language (kind 0, 1, 2), each part ordered as the report lists it.
	rows, err := db.Pool.Query(ctx, `
		SELECT CASE WHEN GROUPING(day) = 0 THEN 0 WHEN GROUPING(path) = 0 THEN 1 ELSE 2 END AS kind,
		       coalesce(to_char(day, 'YYYY-MM-DD'), path, lang), sum(views)::bigint AS views
		FROM stats_views
		WHERE site_id = $1 AND day BETWEEN $2 AND $3
		GROUP BY GROUPING SETS ((day), (path), (lang))
		ORDER BY kind, CASE WHEN GROUPING(day) = 0 THEN 0 ELSE sum(views) END DESC, day, path, lang`,
		f.SiteID, f.From, f.To)
	if err != nil {
		return err
	}
	dayViews := map[string]int64{}
	var pages []sitecore.PathStats
	var langs []sitecore.LangStats
	var kind int
	var key string
	var views int64
	_, err = pgx.ForEachRow(rows, []any{&kind, &key, &views}, func() error {
		switch kind {
		case 0:
			dayViews[key] = views
		case 1:
			if len(pages) < f.TopPages {
				pages = append(pages, sitecore.PathStats{Path: key, Views: views})
			}
		default:
			langs = append(langs, sitecore.LangStats{Lang: sitecore.Lang(key), Views: views})
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Days are always read: the totals come from them. Uniques are one row a day.
	rows, err = db.Pool.Query(ctx, `
		WITH days AS (SELECT d::date AS day FROM generate_series($2::date, $3::date, interval '1 day') AS d),
		uniques AS (
			SELECT day, sum(n)::bigint AS uniques FROM (
				SELECT day, uniques AS n FROM stats_uniques WHERE site_id = $1 AND day BETWEEN $2 AND $3
				UNION ALL
				SELECT day, count(*) FROM stats_visitors WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day
			) u GROUP BY day)
		SELECT to_char(days.day, 'YYYY-MM-DD'), 0::bigint, coalesce(uniques.uniques, 0)
		FROM days LEFT JOIN uniques USING (day)
		ORDER BY days.day`, f.SiteID, f.From, f.To)
	if err != nil {
		return err
	}
	days, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sitecore.DayStats])
	if err != nil {
		return err
	}
	for i := range days {
		days[i].Views = dayViews[days[i].Date]
		r.Views += days[i].Views
		r.Uniques += days[i].Uniques
	}
	if f.Group == "" || f.Group == sitecore.StatsByDay {
		r.Days = days
	}
	if f.Group == "" || f.Group == sitecore.StatsByPage {
		if pages == nil {
			pages = []sitecore.PathStats{}
		}
		r.Pages = pages
	}
	if f.Group == "" || f.Group == sitecore.StatsByLang {
		if langs == nil {
			langs = []sitecore.LangStats{}
		}
		r.Langs = langs
	}
	return nil
}
