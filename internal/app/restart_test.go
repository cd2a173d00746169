package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

// A burst of applications while PostgreSQL and then the (file-backed) Temporal dev server
// are restarted. Clients retry with the same Idempotency-Key until they get an answer. After
// recovery every application that got a 2xx exists once, has exactly one workflow and reaches
// the documents check, and asking again with a key gives the same application.
func TestAdmissionSurvivesRestarts(t *testing.T) {
	const total, clients = 240, 12
	ctx := context.Background()

	// A PostgreSQL and a Temporal of this test's own, so restarting them hurts nobody else.
	pg := startOwnPostgres(t, "restart", false)
	dir := pg.Dir
	tPort, _ := devstack.FreePort()
	tBin := filepath.Join(testenv.Root(t), "bin", "temporal")
	temporal, err := devstack.StartTemporal(ctx, tBin, filepath.Join(dir, "temporal"), tPort, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = temporal.Stop(5 * time.Second) })

	// Twenty applications per family here: lift the per-family limit, which is not tested.
	s := startStack(t, stackOptions{env: map[string]string{
		"DATABASE_URL": pg.URL, "TEMPORAL_ADDRESS": fmt.Sprintf("127.0.0.1:%d", tPort), "MEKTEP_RATE_LIMITS": "off"}})
	site := provisionTenantNoWorker(t, s, "school-restart")
	c := openCampaign(t, s, site, 500)
	cookies := make([]string, clients)
	for i := range cookies {
		_, cookies[i] = verifiedParent(t, s, fmt.Sprintf("restart-parent-%d@example.kz", i), sitecore.Kazakh)
	}

	var retries atomic.Int64 // answers that said "try again": proof the outage was felt
	submit := func(n int, cookie string) (int, int64) {
		return retryingSubmit(s, site, c.ID, n, cookie, "restart-", &retries)
	}

	ids := make([]int64, total)
	by := make([]int, total) // which client sent each application (keys are per user)
	var (
		next, accepted atomic.Int64
		wg             sync.WaitGroup
	)
	for w := range clients {
		wg.Go(func() {
			for {
				n := int(next.Add(1) - 1)
				if n >= total {
					return
				}
				status, id := submit(n, cookies[w])
				if status != 201 {
					t.Errorf("application %d: status %d", n, status)
					continue
				}
				ids[n], by[n] = id, w
				accepted.Add(1)
				time.Sleep(20 * time.Millisecond) // spread the burst over the restarts
			}
		})
	}
	testenv.Eventually(t, time.Minute, "a third accepted", func() bool { return accepted.Load() >= total/3 })
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if err := pg.Restart(); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 2*time.Minute, "two thirds accepted", func() bool { return accepted.Load() >= 2*total/3 })
	if err := temporal.Stop(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if temporal, err = devstack.StartTemporal(ctx, tBin, filepath.Join(dir, "temporal"), tPort, 0); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if retries.Load() == 0 {
		t.Error("no request had to be retried: the PostgreSQL restart was not felt")
	}
	t.Logf("%d answers said try again", retries.Load())

	var stored, distinct int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT child_iin) FROM applications WHERE campaign_id = $1`, c.ID).Scan(&stored, &distinct); err != nil {
		t.Fatal(err)
	}
	if stored != total || distinct != total || accepted.Load() != total {
		t.Fatalf("stored %d, distinct %d, accepted %d; want %d", stored, distinct, accepted.Load(), total)
	}
	testenv.Eventually(t, 3*time.Minute, "every application at the documents check", func() bool {
		var k int
		_ = s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM applications WHERE campaign_id = $1 AND status = 'documents_check'`, c.ID).Scan(&k)
		return k == total
	})
	for n, id := range ids {
		runs, err := s.App.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Query: "WorkflowId = '" + workflows.AdmissionWorkflowID(id) + "'"})
		if err != nil {
			t.Fatal(err)
		}
		if len(runs.GetExecutions()) != 1 {
			t.Errorf("application %d has %d workflows", id, len(runs.GetExecutions()))
		}
		if n%20 == 0 { // asking again with the key gives the same application
			if status, again := submit(n, cookies[by[n]]); status != 201 || again != id {
				t.Errorf("retry of %d: %d, application %d (want %d)", n, status, again, id)
			}
		}
	}
}

// retryingSubmit sends the n-th child's application, retrying with the same Idempotency-Key
// (prefix + IIN) until an answer other than "unavailable" or "in progress" comes, for up to
// three minutes; it returns the status and the application ID, and counts the retries.
func retryingSubmit(s *stack, site, campaign int64, n int, cookie, prefix string, retries *atomic.Int64) (int, int64) {
	iin := childIIN(n)
	body := fmt.Sprintf(`{"site_id":%d,"campaign_id":%d,"child_name":"%s","child_iin":"%s","birth_date":"%s","grade":1,"address":"Ақтөбе","instruction_lang":"kk","phone":"+77011234567","consent":true}`,
		site, campaign, childName(n), iin, childBirth(iin))
	client := &http.Client{Timeout: 30 * time.Second}
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequest("POST", s.URL+"/api/v1/admissions/applications", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Cookie", cookie)
		req.Header.Set("Idempotency-Key", prefix+iin)
		resp, err := client.Do(req)
		if err != nil {
			retries.Add(1)
			time.Sleep(200 * time.Millisecond)
			continue
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 || resp.StatusCode == 409 && strings.Contains(string(data), "Idempotency-Key") {
			retries.Add(1)
			time.Sleep(200 * time.Millisecond)
			continue
		}
		var out struct {
			Application struct{ ID int64 } `json:"application"`
		}
		_ = json.Unmarshal(data, &out)
		return resp.StatusCode, out.Application.ID
	}
	return 0, 0
}
