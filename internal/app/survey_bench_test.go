package app_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"encoding/pem"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore/eds/edstest"
	"github.com/mektep/mektep/sitecore/survey"
)

// BenchmarkSurveyVote is a binding vote of MEKTEP_BENCH_VOTERS (10,000) people, each with
// a GOST-512 certificate of a test CA the platform trusts, each ballot signed beforehand
// (the benchmark gets a nonce per voter and signs the canonical ballot outside the timing),
// then all ballots sent by 100 clients over loopback: ballots accepted per second, latency,
// none lost or counted twice, and the time from closing the box to final results. Every
// ballot is verified on the server (CMS, GOST signature, chain, IIN, one vote per IIN).
//
//	GOTOOLCHAIN=go1.27.3 go test ./internal/app -run '^$' -bench SurveyVote -benchtime 1x -timeout 30m
func BenchmarkSurveyVote(b *testing.B) {
	voters, clients := 10000, 100
	if n := os.Getenv("MEKTEP_BENCH_VOTERS"); n != "" {
		fmt.Sscan(n, &voters)
	}
	root := edstest.NewRoot(edstest.GOST512, "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST)")
	roots := b.TempDir()
	if err := os.WriteFile(filepath.Join(roots, "root.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Cert.Raw}), 0o644); err != nil {
		b.Fatal(err)
	}
	s := startStack(b, stackOptions{env: map[string]string{"MEKTEP_EDS_ROOTS_DIR": roots, "MEKTEP_LOG_LEVEL": "error", "MEKTEP_RATE_LIMITS": "off"}})
	b.Log(benchEnvironment(b, s))
	site := provisionTenantNoWorker(b, s, "school-bigvote")
	base := fmt.Sprintf("/api/v1/sites/%d/surveys", site)
	r := s.operator("POST", base, map[string]any{
		"kind": "vote", "mode": "named", "signature_required": true, "audience": map[string]any{"kind": "iin_list"},
		"title": map[string]string{"kk": "Ата-аналар комитеті", "ru": "Родительский комитет", "en": "Parents' committee"},
		"questions": []any{map[string]any{"id": "q", "kind": "single", "required": true,
			"text":    map[string]string{"kk": "Бекітеміз бе?", "ru": "Утверждаем?", "en": "Approve?"},
			"options": []any{map[string]any{"id": "yes", "text": map[string]string{"kk": "Иә", "ru": "Да", "en": "Yes"}}, map[string]any{"id": "no", "text": map[string]string{"kk": "Жоқ", "ru": "Нет", "en": "No"}}}}},
		"opens_at": time.Now().Add(-time.Minute), "closes_at": time.Now().Add(2 * time.Hour)})
	if r.Status != 201 {
		b.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var created struct{ Survey survey.Survey }
	_ = json.Unmarshal(r.Body, &created)
	sv := fmt.Sprintf("%s/%d", base, created.Survey.ID)
	rows := make([]map[string]string, voters)
	iins := make([]string, voters)
	for i := range rows {
		iins[i] = childIIN(i)
		rows[i] = map[string]string{"iin": iins[i]}
	}
	if r := s.operator("PUT", sv+"/audience", map[string]any{"rows": rows}); r.Status != 200 {
		b.Fatalf("audience: %d %s", r.Status, r.Body)
	}
	if r := s.operator("POST", sv+"/schedule", nil); r.Status != 200 {
		b.Fatalf("schedule: %d %s", r.Status, r.Body)
	}

	testenv.Eventually(b, time.Minute, "the vote opened by its workflow", func() bool {
		var got struct{ Survey survey.Survey }
		r := s.operator("GET", sv, nil)
		return r.Status == 200 && json.Unmarshal(r.Body, &got) == nil && got.Survey.Status == survey.StatusOpen
	})

	// Outside the timing: a certificate per voter, a nonce per voter, the signed ballot.
	prep := time.Now()
	bodies := make([][]byte, voters)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.NumCPU() * 4 {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= voters {
					return
				}
				h := root.Issue(edstest.Individual(edstest.GOST512, iins[i], "АСАНОВ", fmt.Sprint("САЙЛАУШЫ", i)))
				st := s.do("POST", sv+"/start", nil)
				var start survey.Start
				if st.Status != 200 || json.Unmarshal(st.Body, &start) != nil {
					b.Errorf("start %d: %d %s", i, st.Status, st.Body)
					return
				}
				choice := "yes"
				if i%3 == 0 {
					choice = "no"
				}
				ballot := survey.Ballot{Answers: map[string]survey.Answer{"q": {Choice: choice}}}
				content := survey.CanonicalBallot(&created.Survey, start.Nonce, ballot)
				cms := h.Sign(content, edstest.SignOptions{Detached: true})
				bodies[i], _ = json.Marshal(map[string]any{"nonce": start.Nonce, "ballot": ballot,
					"cms": base64.StdEncoding.EncodeToString(cms.DER)})
			}
		})
	}
	wg.Wait()
	b.Logf("prepared %d signed ballots in %s", voters, time.Since(prep).Round(time.Millisecond))

	b.ResetTimer()
	for range b.N {
		var (
			mu        sync.Mutex
			latencies = make([]time.Duration, 0, voters)
			failures  atomic.Int64
		)
		next.Store(0)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: time.Minute}
		start := time.Now()
		for range clients {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= voters {
						return
					}
					t0 := time.Now()
					resp, err := client.Post(s.URL+sv+"/ballots", "application/json", bytes.NewReader(bodies[i]))
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
		took := time.Since(start)
		b.StopTimer()
		closed := time.Now()
		if r := s.operator("POST", sv+"/close", nil); r.Status != 200 {
			b.Fatalf("close: %d %s", r.Status, r.Body)
		}
		var out struct{ Results survey.Results }
		res := &out.Results
		for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			r := s.operator("GET", sv+"/results", nil)
			if r.Status == 200 && json.Unmarshal(r.Body, &out) == nil && res.Final {
				break
			}
		}
		toResults := time.Since(closed)
		counted := countRows(b, s, `SELECT count(*) FROM survey_voters WHERE survey_id = $1`, created.Survey.ID)
		// Named mode keeps each signed ballot with its voter (survey_voters).
		if failures.Load() != 0 || counted != voters || !res.Final || res.Ballots != voters {
			b.Fatalf("failures %d, voters %d, results final %v with %d ballots; want 0 and %d", failures.Load(), counted, res.Final, res.Ballots, voters)
		}
		slices.Sort(latencies)
		p := func(q float64) time.Duration { return latencies[int(q*float64(len(latencies)-1))] }
		rate := float64(voters) / took.Seconds()
		b.ReportMetric(rate, "ballots/s")
		b.ReportMetric(float64(p(0.5).Microseconds())/1000, "p50_ms")
		b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99_ms")
		b.ReportMetric(toResults.Seconds(), "s_to_results")
		b.Logf("%d signed ballots in %s (%.0f/s), p50 %s, p99 %s; 0 lost, 0 counted twice; final results %s after closing",
			voters, took.Round(time.Millisecond), rate, p(0.5), p(0.99), toResults.Round(time.Millisecond))
	}
}
