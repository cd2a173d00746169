package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// childIIN makes the n-th valid IIN of a child born in 2019 (century digit 5 or 6).
func childIIN(n int) string {
	for serial := n * 3; ; serial++ {
		day := 1 + serial%28
		month := 1 + (serial/28)%12
		s := fmt.Sprintf("19%02d%02d%d%04d", month, day, 5+serial%2, (serial/336)%10000)
		d := make([]int, 11)
		for i := range d {
			d[i] = int(s[i] - '0')
		}
		check := 0
		for i, w := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} {
			check += d[i] * w
		}
		check %= 11
		if check == 10 {
			check = 0
			for i, w := range []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2} {
				check += d[i] * w
			}
			check %= 11
		}
		if check != 10 {
			return s + fmt.Sprint(check)
		}
	}
}

// BenchmarkAdmissionBurst is the opening minute of a campaign: 10,000 applications from 200
// concurrent families over loopback, then the time until every accepted application has its
// workflow started. Run it alone: go test ./internal/app -run '^$' -bench AdmissionBurst -benchtime 1x
func BenchmarkAdmissionBurst(b *testing.B) {
	const total, clients = 10000, 200
	s := startStack(b, stackOptions{env: map[string]string{"MEKTEP_LOG_LEVEL": "error", "MEKTEP_RATE_LIMITS": "off"}})
	site := provisionTenantNoWorker(b, s, "school-burst")
	ctx := context.Background()
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: site, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x", "en": "x"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 5000}}, OpensAt: now.Add(-time.Minute), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk", "ru"}, OfferDays: 3}
	if err := s.App.DB.CreateCampaign(ctx, c, nil); err != nil {
		b.Fatal(err)
	}
	cookies := make([]string, clients)
	for i := range cookies {
		_, cookies[i] = verifiedParent(b, s, fmt.Sprintf("burst-parent-%d@example.kz", i), sitecore.Kazakh)
	}
	b.ResetTimer()
	for range b.N {
		var (
			next      atomic.Int64
			failures  atomic.Int64
			mu        sync.Mutex
			latencies = make([]time.Duration, 0, total)
			wg        sync.WaitGroup
		)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: time.Minute}
		start := time.Now()
		for w := range clients {
			wg.Go(func() {
				for {
					n := next.Add(1) - 1
					if n >= total {
						return
					}
					iin := childIIN(int(n))
					body := fmt.Sprintf(`{"site_id":%d,"campaign_id":%d,"child_name":"Бала %d","child_iin":"%s","birth_date":"2019-%s-%s","grade":1,"address":"Астана","instruction_lang":"kk","phone":"+77011234567","consent":true}`,
						site, c.ID, n, iin, iin[2:4], iin[4:6])
					req, _ := http.NewRequest("POST", s.URL+"/api/v1/admissions/applications", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Cookie", cookies[w])
					req.Header.Set("Idempotency-Key", "burst-"+iin)
					t0 := time.Now()
					resp, err := client.Do(req)
					d := time.Since(t0)
					if err != nil || resp.StatusCode != 201 {
						failures.Add(1)
						if resp != nil {
							resp.Body.Close()
						}
						continue
					}
					resp.Body.Close()
					mu.Lock()
					latencies = append(latencies, d)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		accepted := time.Since(start)
		testenv.Eventually(b, 15*time.Minute, "every workflow started", func() bool {
			ids, err := s.App.DB.PendingIntake(ctx, 1)
			return err == nil && len(ids) == 0
		})
		allStarted := time.Since(start)
		b.StopTimer()

		var stored, distinct int
		if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT child_iin) FROM applications WHERE campaign_id = $1`, c.ID).Scan(&stored, &distinct); err != nil {
			b.Fatal(err)
		}
		if failures.Load() != 0 || stored != total || distinct != total {
			b.Fatalf("failures %d, stored %d, distinct %d; want 0, %d, %d", failures.Load(), stored, distinct, total, total)
		}
		slices.Sort(latencies)
		p := func(q float64) time.Duration { return latencies[int(q*float64(len(latencies)-1))] }
		b.ReportMetric(float64(total)/accepted.Seconds(), "accepted/s")
		b.ReportMetric(float64(p(0.50).Microseconds())/1000, "p50_ms")
		b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99_ms")
		b.ReportMetric(allStarted.Seconds(), "s_until_all_workflows_started")
		b.Logf("%d accepted in %s (%.0f/s), p50 %s, p99 %s; every workflow started after %s",
			total, accepted.Round(time.Millisecond), float64(total)/accepted.Seconds(), p(0.5), p(0.99), allStarted.Round(time.Millisecond))
	}
}
