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
			// One statement, so the counters and their roll-ups see the same sites (one
			// snapshot) and cannot drift apart; each part is written in key order, so
			// concurrent flushes of several instances cannot deadlock.
			if _, err := tx.Exec(ctx, `
				WITH v AS MATERIALIZED (
					SELECT v.site_id, v.day, v.path, v.lang, v.views
					FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::bigint[]) AS v(site_id, day, path, lang, views)
					WHERE EXISTS (SELECT 1 FROM sites s WHERE s.id = v.site_id)),
				views AS (
					INSERT INTO stats_views (site_id, day, path, lang, views)
					SELECT site_id, day, path, lang, views FROM v ORDER BY site_id, day, path, lang
					ON CONFLICT (site_id, day, path, lang) DO UPDATE SET views = stats_views.views + excluded.views),
				days AS (
					INSERT INTO stats_day_views (site_id, day, views)
					SELECT site_id, day, sum(views) FROM v GROUP BY site_id, day ORDER BY site_id, day
					ON CONFLICT (site_id, day) DO UPDATE SET views = stats_day_views.views + excluded.views)
				INSERT INTO stats_month_views (site_id, month, path, lang, views)
				SELECT site_id, date_trunc('month', day)::date AS month, path, lang, sum(views) FROM v
				GROUP BY site_id, month, path, lang ORDER BY site_id, month, path, lang
				ON CONFLICT (site_id, month, path, lang) DO UPDATE SET views = stats_month_views.views + excluded.views`,
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

// monthSpan splits [from, to] into the whole months inside it, [first, last] (first days of
// months), and the days around them, [from, first) and (end, to], where end is the last day of
// month last. Without a whole month, first is after last and every day is a loose one.
func monthSpan(from, to time.Time) (first, last, end time.Time) {
	first = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	if from.Day() != 1 {
		first = first.AddDate(0, 1, 0)
	}
	next := to.AddDate(0, 0, 1) // to is a month's last day when the next day is a first
	last = time.Date(next.Year(), next.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	if last.Before(first) {
		return to.AddDate(0, 0, 1), to, to
	}
	return first, last, last.AddDate(0, 1, -1)
}

func (db *DB) statsReport(ctx context.Context, f sitecore.StatsFilter, r *sitecore.StatsReport) error {
	var pages []sitecore.PathStats
	var langs []sitecore.LangStats
	if f.Group == "" || f.Group == sitecore.StatsByPage || f.Group == sitecore.StatsByLang {
		// Views per page and per language (kind 1, 2) in one GROUPING SETS pass, each part
		// ordered as the report lists it, over the month roll-ups of the whole months in the
		// range and the day rows of the days before and after them: a year is 12 months of
		// rows plus at most two partial months of days, not 365 days of rows.
		first, last, end := monthSpan(f.From, f.To)
		rows, err := db.Pool.Query(ctx, `
			WITH v AS (
				SELECT path, lang, views FROM stats_month_views WHERE site_id = $1 AND month BETWEEN $4 AND $5
				UNION ALL
				SELECT path, lang, views FROM stats_views WHERE site_id = $1 AND day >= $2 AND day < $4
				UNION ALL
				SELECT path, lang, views FROM stats_views WHERE site_id = $1 AND day > $6 AND day <= $3)
			SELECT CASE WHEN GROUPING(path) = 0 THEN 1 ELSE 2 END AS kind, coalesce(path, lang), sum(views)::bigint AS views
			FROM v
			GROUP BY GROUPING SETS ((path), (lang))
			ORDER BY kind, sum(views) DESC, path, lang`,
			f.SiteID, f.From, f.To, first, last, end)
		if err != nil {
			return err
		}
		var kind int
		var key string
		var views int64
		_, err = pgx.ForEachRow(rows, []any{&kind, &key, &views}, func() error {
			switch kind {
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
	}
	// Days are always read: the totals come from them. Views and uniques are one row a day.
	rows, err := db.Pool.Query(ctx, `
		WITH days AS (SELECT d::date AS day FROM generate_series($2::date, $3::date, interval '1 day') AS d),
		uniques AS (
			SELECT day, sum(n)::bigint AS uniques FROM (
				SELECT day, uniques AS n FROM stats_uniques WHERE site_id = $1 AND day BETWEEN $2 AND $3
				UNION ALL
				SELECT day, count(*) FROM stats_visitors WHERE site_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day
			) u GROUP BY day)
		SELECT to_char(days.day, 'YYYY-MM-DD'), coalesce(v.views, 0), coalesce(uniques.uniques, 0)
		FROM days
		LEFT JOIN stats_day_views v ON v.site_id = $1 AND v.day = days.day
		LEFT JOIN uniques ON uniques.day = days.day
		ORDER BY days.day`, f.SiteID, f.From, f.To)
	if err != nil {
		return err
	}
	days, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sitecore.DayStats])
	if err != nil {
		return err
	}
	for i := range days {
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

// RebuildStatsRollups recomputes the day and month roll-ups from stats_views (the sums the
// migration that created them back-filled). Flushes keep them in step; this is for rows
// written around the roll-ups (a bulk load, a restore) and for checking them.
func (db *DB) RebuildStatsRollups(ctx context.Context) error {
	return wrap("RebuildStatsRollups", db.inTx(ctx, func(tx pgx.Tx) error {
		for _, q := range []string{
			`LOCK TABLE stats_views IN SHARE MODE`,
			`DELETE FROM stats_day_views`,
			`DELETE FROM stats_month_views`,
			`INSERT INTO stats_day_views (site_id, day, views)
			 SELECT site_id, day, sum(views) FROM stats_views GROUP BY site_id, day`,
			`INSERT INTO stats_month_views (site_id, month, path, lang, views)
			 SELECT site_id, date_trunc('month', day)::date, path, lang, sum(views)
			 FROM stats_views GROUP BY site_id, date_trunc('month', day)::date, path, lang`,
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}))
}
