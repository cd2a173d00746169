package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

const (
	firefoxUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
	safariUA  = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)

func TestStatsCountsPublicViews(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "stats-a")
	b := provisionTenant(t, s, "stats-b")
	visit := func(method, path, ua string, headers ...string) response {
		t.Helper()
		h := append([]string{"Host", a.host}, headers...)
		if ua != "" {
			h = append(h, "User-Agent", ua)
		}
		return s.do(method, path, nil, h...)
	}
	// Two visitors (same address, two browsers).
	home := visit("GET", "/", firefoxUA)
	visit("GET", "/", firefoxUA)
	visit("GET", "/kk/", firefoxUA)
	visit("GET", "/ru/about", firefoxUA)
	visit("GET", "/ru/about", safariUA)
	if r := visit("GET", "/", safariUA, "If-None-Match", home.Header.Get("ETag")); r.Status != 304 {
		t.Fatalf("revalidation: %d", r.Status)
	}
	visit("GET", "/ru/search?q=школа", safariUA)
	// Not views: HEAD, a missing page, a redirect, bots, scripts, no User-Agent.
	visit("HEAD", "/", firefoxUA)
	visit("GET", "/ru/no-such-page", firefoxUA)
	visit("GET", "/ru", firefoxUA)
	visit("GET", "/", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
	visit("GET", "/", "Mozilla/5.0 (compatible; YandexBot/3.0)")
	visit("GET", "/", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0 Safari/537.36")
	visit("GET", "/", "curl/8.5.0")
	visit("GET", "/", "python-requests/2.32")
	visit("GET", "/", "") // Go's client then says Go-http-client/1.1
	s.do("GET", "/", nil, "Host", a.host, "User-Agent", " ")
	// Another school's visit stays there.
	s.do("GET", "/", nil, "Host", b.host, "User-Agent", firefoxUA)

	if err := s.App.Stats.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	owner := session(t, s, a.users["owner"].ID)
	r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/stats", a.site), nil, "Cookie", owner)
	var rep sitecore.StatsReport
	if err := json.Unmarshal(r.Body, &rep); err != nil || r.Status != 200 {
		t.Fatalf("stats: %d %s", r.Status, r.Body)
	}
	today := sitecore.AlmatyDay(time.Now()).Format("2006-01-02")
	if len(rep.Days) != 30 || rep.Days[29].Date != today || rep.To != today {
		t.Fatalf("days: %+v", rep.Days)
	}
	if d := rep.Days[29]; d.Views != 7 || d.Uniques != 2 || rep.Views != 7 || rep.Uniques != 2 {
		t.Errorf("today %+v, totals %d/%d; want 7 views by 2 visitors", d, rep.Views, rep.Uniques)
	}
	pages := map[string]int64{}
	for _, p := range rep.Pages {
		pages[p.Path] = p.Views
	}
	if pages["/"] != 3 || pages["/kk/"] != 1 || pages["/ru/about"] != 2 || pages["/ru/search"] != 1 || len(pages) != 4 {
		t.Errorf("pages = %v", pages)
	}
	langs := map[sitecore.Lang]int64{}
	for _, l := range rep.Langs {
		langs[l.Lang] = l.Views
	}
	if langs["kk"] != 4 || langs["ru"] != 3 || len(langs) != 2 {
		t.Errorf("langs = %v", langs)
	}
	if r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/stats?group=lang", b.site), nil, "Cookie", session(t, s, b.users["owner"].ID)); !strings.Contains(string(r.Body), `"views":1,`) {
		t.Errorf("school B: %s", r.Body)
	}

	// No address and no User-Agent in any column of any stats table.
	for _, table := range []string{"stats_views", "stats_visitors", "stats_uniques", "stats_salts"} {
		rows, err := s.App.DB.Pool.Query(context.Background(), `SELECT t::text FROM `+table+` t`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var row string
			_ = rows.Scan(&row)
			for _, secret := range []string{"127.0.0.1", "7f000001", "Firefox", "iPhone"} {
				if strings.Contains(row, secret) {
					t.Errorf("%s row %s contains %q", table, row, secret)
				}
			}
		}
		rows.Close()
	}
}

func TestStatsAccessAndValidation(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "stats-access-a")
	b := provisionTenant(t, s, "stats-access-b")
	path := fmt.Sprintf("/api/v1/sites/%d/stats", a.site)
	owner := session(t, s, a.users["owner"].ID)
	for _, tt := range []struct {
		who    string
		cookie string
		want   int
	}{
		{"A's owner", owner, 200},
		{"A's admin", session(t, s, a.users["admin"].ID), 200},
		{"A's teacher without statistics", session(t, s, a.users["teacher"].ID), 403},
		{"B's owner", session(t, s, b.users["owner"].ID), 404},
		{"B's admin", session(t, s, b.users["admin"].ID), 404},
		{"anonymous", "", 404},
	} {
		var h []string
		if tt.cookie != "" {
			h = []string{"Cookie", tt.cookie}
		}
		// Bad dates do not tell a stranger anything either: access is decided first.
		for _, q := range []string{"", "?from=garbage"} {
			want := tt.want
			if want == 200 && q != "" {
				want = 400
			}
			if r := s.do("GET", path+q, nil, h...); r.Status != want {
				t.Errorf("%s: GET %s = %d, want %d: %s", tt.who, q, r.Status, want, r.Body)
			}
		}
	}
	// A delegation of statistics:view opens it to the teacher.
	r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site),
		fmt.Sprintf(`{"user_id":%d,"section":"statistics","action":"view"}`, a.users["teacher"].ID), "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("delegation: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", path, nil, "Cookie", session(t, s, a.users["teacher"].ID)); r.Status != 200 {
		t.Errorf("delegated teacher: %d %s", r.Status, r.Body)
	}

	for _, tt := range []struct{ query, field, lang, msg string }{
		{"from=2026-13-01", "from", "ru", "Укажите дату «from» в виде ГГГГ-ММ-ДД."},
		{"to=01.03.2026", "to", "kk", "«to» күнін ЖЖЖЖ-АА-КК түрінде жазыңыз."},
		{"from=2026-03-02&to=2026-03-01", "from", "en", "The start date (from) cannot be after the end date (to)."},
		{"from=2025-01-01&to=2026-03-01", "to", "en", "The period cannot be longer than 366 days."},
		{"group=week", "group", "en", "There is no grouping “week” (day, page, lang)."},
	} {
		r := s.do("GET", path+"?"+tt.query, nil, "Cookie", owner, "Accept-Language", tt.lang)
		if code, field, msg := r.Error(t); r.Status != 400 || code != "invalid" || field != tt.field || msg != tt.msg {
			t.Errorf("%s: %d %s", tt.query, r.Status, r.Body)
		}
	}
	r = s.do("GET", path+"?from=2026-03-01&to=2026-03-31&group=day", nil, "Cookie", owner)
	var rep sitecore.StatsReport
	if err := json.Unmarshal(r.Body, &rep); err != nil || len(rep.Days) != 31 || rep.Pages != nil || rep.Days[0].Date != "2026-03-01" {
		t.Errorf("March by day: %s", r.Body)
	}
}
