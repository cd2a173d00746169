package stats

import (
	"context"
	"errors"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

func TestIsBot(t *testing.T) {
	for ua, want := range map[string]bool{
		"": true, "  ": true,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36":                         false,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1": false,
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":                                                                true,
		"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)":                                                                        true,
		"Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)":                                                     true,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36":                           true,
		"curl/8.5.0": true, "Wget/1.21.3": true, "python-requests/2.32.3": true, "Go-http-client/1.1": true,
		"facebookexternalhit/1.1": true, "TelegramBot (like TwitterBot)": true, "Screaming Frog SEO Spider/19.0": true,
	} {
		if got := IsBot(ua); got != want {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, want)
		}
	}
}

// memStats is a sitecore.StatsStore in memory, for the recorder's own tests.
type memStats struct {
	mu       sync.Mutex
	views    map[string]int64
	visitors map[sitecore.Visitor]bool
	fail     error
}

func (m *memStats) AddStats(_ context.Context, views []sitecore.PageViews, visitors []sitecore.Visitor) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	for _, v := range views {
		m.views[v.Day.Format(time.DateOnly)+" "+v.Path+" "+string(v.Lang)] += v.Views
	}
	for _, v := range visitors {
		m.visitors[v] = true
	}
	return nil
}

func (m *memStats) DailySalt(_ context.Context, day time.Time) ([]byte, error) {
	return []byte(day.Format(time.DateOnly)), nil
}
func (m *memStats) CompactStats(context.Context, time.Time) error { return nil }
func (m *memStats) StatsReport(context.Context, sitecore.StatsFilter) (*sitecore.StatsReport, error) {
	return &sitecore.StatsReport{}, nil
}

func TestStatsKeepsCountsWhenTheStoreFails(t *testing.T) {
	store := &memStats{views: map[string]int64{}, visitors: map[sitecore.Visitor]bool{}, fail: errors.New("down")}
	clock := time.Date(2026, 3, 21, 19, 30, 0, 0, time.UTC) // 00:30 on the 22nd in sitecore.Almaty
	st := &Recorder{Store: store, Now: func() time.Time { return clock }}
	ip := netip.MustParseAddr("192.0.2.1")
	st.View(1, sitecore.Kazakh, "/kk/", ip, "Mozilla/5.0 Firefox")
	if err := st.Flush(context.Background()); err == nil {
		t.Fatal("flush to a failing store succeeded")
	}
	st.View(1, sitecore.Kazakh, "/kk/", ip, "Mozilla/5.0 Firefox")
	store.fail = nil
	if err := st.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := store.views["2026-03-22 /kk/ kk"]; got != 2 || len(store.visitors) != 1 {
		t.Errorf("views %v, %d visitors", store.views, len(store.visitors))
	}
}

// BenchmarkStatsView is the cost a public request pays for being counted.
func BenchmarkStatsView(b *testing.B) {
	st := &Recorder{Store: &memStats{views: map[string]int64{}, visitors: map[sitecore.Visitor]bool{}}, MaxPending: 1 << 30}
	ip := netip.MustParseAddr("203.0.113.9")
	ua := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			st.View(7, sitecore.Russian, "/ru/about", ip, ua)
		}
	})
}
