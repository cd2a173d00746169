package postgres_test

import (
	"bytes"
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/stats"
)

const browserUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"

func TestStatsCountsAndRollsUp(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	a := activeSite(t, db, "stats-a")
	b := activeSite(t, db, "stats-b")
	// 23:30 in Almaty on 20 March is still the 20th; 19:30 UTC on the 20th is 00:30 of the 21st.
	clock := time.Date(2026, 3, 20, 18, 30, 0, 0, time.UTC)
	st := &stats.Recorder{Store: db, Log: testenv.Logger(t), Now: func() time.Time { return clock }}
	ip1, ip2 := netip.MustParseAddr("203.0.113.7"), netip.MustParseAddr("2001:db8::1")
	for range 3 {
		st.View(a.ID, "kk", "/kk/", ip1, browserUA)
	}
	st.View(a.ID, "ru", "/ru/about", ip1, browserUA)
	st.View(a.ID, "ru", "/ru/about", ip2, browserUA)
	st.View(a.ID, "ru", "/ru/about", ip2, browserUA+" other") // another browser on that address
	st.View(a.ID, "ru", "/ru/about", ip1, "Googlebot/2.1")    // bots are not visits
	st.View(a.ID, "ru", "/ru/about", ip1, "")                 // nor requests without a User-Agent
	st.View(b.ID, "kk", "/kk/", ip1, browserUA)               // the same person on another site
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour) // the next Almaty day
	st.View(a.ID, "kk", "/kk/", ip1, browserUA)
	st.View(a.ID, "kk", "/kk/", ip1, browserUA)
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	report := func(from, to, group string) *sitecore.StatsReport {
		t.Helper()
		f, err := sitecore.ParseStatsFilter(a.ID, from, to, group, clock)
		if err != nil {
			t.Fatal(err)
		}
		r, err := db.StatsReport(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	check := func(r *sitecore.StatsReport) {
		t.Helper()
		want := []sitecore.DayStats{{Date: "2026-03-19", Views: 0, Uniques: 0}, {Date: "2026-03-20", Views: 6, Uniques: 3},
			{Date: "2026-03-21", Views: 2, Uniques: 1}}
		if len(r.Days) != 3 || r.Days[0] != want[0] || r.Days[1] != want[1] || r.Days[2] != want[2] {
			t.Errorf("days = %+v, want %+v", r.Days, want)
		}
		if r.Views != 8 || r.Uniques != 4 {
			t.Errorf("totals %d views, %d uniques", r.Views, r.Uniques)
		}
		if len(r.Pages) != 2 || r.Pages[0] != (sitecore.PathStats{Path: "/kk/", Views: 5}) || r.Pages[1] != (sitecore.PathStats{Path: "/ru/about", Views: 3}) {
			t.Errorf("pages = %+v", r.Pages)
		}
		if len(r.Langs) != 2 || r.Langs[0] != (sitecore.LangStats{Lang: "kk", Views: 5}) {
			t.Errorf("langs = %+v", r.Langs)
		}
	}
	check(report("2026-03-19", "2026-03-21", ""))
	if r := report("2026-03-19", "2026-03-21", "page"); r.Days != nil || r.Langs != nil || len(r.Pages) != 2 || r.Views != 8 {
		t.Errorf("group=page: %+v", r)
	}

	// Rolling up the 20th keeps its count and deletes its hashes and salt.
	if err := db.CompactStats(ctx, sitecore.AlmatyDay(clock)); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM stats_visitors WHERE day < '2026-03-21'`); n != 0 {
		t.Errorf("%d hashes of a finished day left", n)
	}
	if n := count(t, db, `SELECT count(*) FROM stats_salts WHERE day < '2026-03-21'`); n != 0 {
		t.Errorf("%d old salts left", n)
	}
	check(report("2026-03-19", "2026-03-21", ""))
	if r, _ := db.StatsReport(ctx, sitecore.StatsFilter{SiteID: b.ID, From: clock.AddDate(0, 0, -2), To: clock}); r.Views != 1 {
		t.Errorf("site B: %+v", r)
	}

	// Nothing stored can give the addresses or the browser back.
	rows, err := db.Pool.Query(ctx, `
		SELECT t::text FROM stats_views t UNION ALL SELECT t::text FROM stats_visitors t
		UNION ALL SELECT t::text FROM stats_uniques t UNION ALL SELECT t::text FROM stats_salts t`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var row []byte
		_ = rows.Scan(&row)
		for _, s := range []string{"203.0.113.7", "2001:db8::1", "cb007107", "Mozilla"} {
			if bytes.Contains(row, []byte(s)) {
				t.Errorf("stats row %s contains %q", row, s)
			}
		}
	}
}

func TestDailySaltIsSharedAndDiscarded(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	d1 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	s1, err := db.DailySalt(ctx, d1)
	if err != nil || len(s1) != 32 {
		t.Fatalf("salt %x, %v", s1, err)
	}
	if s, _ := db.DailySalt(ctx, d1); !bytes.Equal(s, s1) {
		t.Error("a second instance got another salt for the same day")
	}
	s2, _ := db.DailySalt(ctx, d1.AddDate(0, 0, 1))
	if bytes.Equal(s1, s2) {
		t.Error("the next day has the same salt")
	}
	if n := count(t, db, `SELECT count(*) FROM stats_salts`); n != 1 {
		t.Errorf("%d salts kept, want only today's", n)
	}
}

func TestParseStatsFilter(t *testing.T) {
	now := time.Date(2026, 3, 20, 20, 0, 0, 0, time.UTC) // 21 March in Almaty
	tests := []struct {
		from, to, group string
		field, key      string
		wantFrom        string
	}{
		{"", "", "", "", "", "2026-02-20"},
		{"2026-03-01", "2026-03-01", "day", "", "", "2026-03-01"},
		{"2025-03-21", "2026-03-21", "", "", "", "2025-03-21"}, // 366 days
		{"2025-03-20", "2026-03-21", "", "to", "stats.span", ""},
		{"2026-03-02", "2026-03-01", "", "from", "stats.order", ""},
		{"2026-02-30", "", "", "from", "stats.date", ""},
		{"", "21.03.2026", "", "to", "stats.date", ""},
		{"", "", "week", "group", "stats.group", ""},
	}
	for _, tt := range tests {
		f, err := sitecore.ParseStatsFilter(1, tt.from, tt.to, tt.group, now)
		if tt.field == "" {
			if err != nil || f.From.Format(time.DateOnly) != tt.wantFrom {
				t.Errorf("%q..%q: from %s, %v", tt.from, tt.to, f.From.Format(time.DateOnly), err)
			}
			if tt.to == "" && f.To.Format(time.DateOnly) != "2026-03-21" {
				t.Errorf("default to = %s, want Almaty's today", f.To.Format(time.DateOnly))
			}
			continue
		}
		wantErr(t, err, sitecore.EInvalid, tt.field, tt.key)
	}
}
