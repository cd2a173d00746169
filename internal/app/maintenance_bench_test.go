package app_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestMaintenanceBench (MEKTEP_BENCH_MAINT=1) announces maintenance of every site of 7,500
// schools, each with one admin (languages kk, ru, en in turn), and measures how long the
// workflow takes until every admin's notice is in the SMTP sink. Beside it, in the same run,
// the raw rate of the sink: the same number of messages sent straight through the app's
// mailer by as many goroutines as the workflow has email shards. docs/benchmarks.md keeps
// the figures.
func TestMaintenanceBench(t *testing.T) {
	if os.Getenv("MEKTEP_BENCH_MAINT") == "" {
		t.Skip("set MEKTEP_BENCH_MAINT=1 to email 7,500 schools' admins about maintenance")
	}
	const n = 7500
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO sites (slug, names, languages, owner_email, status, step)
		 SELECT 'bench-' || i, '{"kk": "Мектеп", "ru": "Школа", "en": "School"}', '{kk,ru,en}', 'o' || i || '@bench.kz', 'active', 'done'
		 FROM generate_series(1, $1) i`,
		`INSERT INTO users (email, full_name, lang, email_verified_at)
		 SELECT 'admin-' || i || '@bench.kz', 'Admin ' || i, (ARRAY['kk','ru','en'])[1 + i % 3], now() FROM generate_series(1, $1) i`,
		`INSERT INTO site_members (site_id, user_id, role)
		 SELECT s.id, u.id, 'admin' FROM sites s JOIN users u ON u.email = 'admin-' || substr(s.slug, 7) || '@bench.kz'`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = append(args, n)
		}
		if _, err := s.App.DB.Pool.Exec(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}

	// The raw rate: n messages through the same mailer, as many at once as the shards.
	start := time.Now()
	var wg sync.WaitGroup
	const workers = 8
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				e := &sitecore.Email{Key: fmt.Sprintf("raw/%d", i), To: fmt.Sprintf("raw-%d@bench.kz", i),
					Subject: "raw", Text: "raw", HTML: "<p>raw</p>"}
				if err := s.App.Mailer.Send(ctx, e); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	raw := time.Since(start)

	body := maintenanceBody(time.Now().Add(48*time.Hour), nil, map[string]any{"scope": "all"})
	delete(body, "site_ids")
	start = time.Now()
	if r := s.operator("POST", "/api/v1/maintenance", body); r.Status != 201 {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, 30*time.Minute, "every admin emailed", func() bool {
		var k int
		_ = s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM mail_log WHERE key LIKE 'maintenance/%'`).Scan(&k)
		return k >= n
	})
	took := time.Since(start)
	t.Logf("raw SMTP sink: %d messages in %s (%.0f/s); maintenance notice to %d admins: %s (%.0f/s); workflow/raw time ratio %.2f",
		n, raw.Round(time.Millisecond), float64(n)/raw.Seconds(), n, took.Round(time.Millisecond), float64(n)/took.Seconds(),
		took.Seconds()/raw.Seconds())
}
