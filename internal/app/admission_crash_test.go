package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

// A worker process (with the intake relay) is killed while a run of applications is being
// registered; a new one finishes the job. Every application reaches the documents check
// exactly once, has one workflow, and its family got exactly one "received" email.
func TestAdmissionWorkerCrash(t *testing.T) {
	const n = 40
	s := startStack(t, stackOptions{noWorker: true})
	bin := buildMektep(t)
	ctx := context.Background()
	site := provisionTenantNoWorker(t, s, "school-crash")
	c := openCampaign(t, s, site, 100)
	ids := make([]int64, n)
	for i := range n {
		_, cookie := verifiedParent(t, s, fmt.Sprintf("crash-parent-%d@example.kz", i), sitecore.Russian)
		born := bornAged(c.OpensAt, 7, i)
		r := s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": site, "campaign_id": c.ID,
			"child_name": childName(i), "child_iin": iinBornOn(t, born), "birth_date": born.Format(time.DateOnly),
			"grade": 1, "address": "Шымкент", "instruction_lang": "kk", "phone": "+77011234567", "consent": true}, "Cookie", cookie)
		if r.Status != 201 {
			t.Fatalf("submit %d: %d %s", i, r.Status, r.Body)
		}
		ids[i] = int64(field(t, r, "application", "id").(float64))
	}
	registered := func() int {
		var k int
		_ = s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM applications WHERE campaign_id = $1 AND status = 'documents_check'`, c.ID).Scan(&k)
		return k
	}

	w1 := startWorker(t, bin, s)
	testenv.Eventually(t, 60*time.Second, "some applications registered", func() bool { return registered() >= 3 })
	if err := w1.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w1.Wait()
	mid := registered()
	startWorker(t, bin, s)
	testenv.Eventually(t, 3*time.Minute, "every application registered", func() bool { return registered() == n })
	t.Logf("killed with %d of %d registered", mid, n)

	for i, id := range ids {
		h, err := s.App.DB.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, e := range h {
			steps = append(steps, string(e.To))
		}
		if strings.Join(steps, ",") != "submitted,documents_check" {
			t.Errorf("application %d history %v", id, steps)
		}
		runs, err := s.App.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Query: "WorkflowId = '" + workflows.AdmissionWorkflowID(id) + "'"})
		if err != nil {
			t.Fatal(err)
		}
		if len(runs.GetExecutions()) != 1 {
			t.Errorf("application %d has %d workflow runs", id, len(runs.GetExecutions()))
		}
		to := fmt.Sprintf("crash-parent-%d@example.kz", i)
		testenv.Eventually(t, 30*time.Second, "received email to "+to, func() bool { return len(mailTo(t, s, to)) >= 1 })
	}
	time.Sleep(time.Second) // let any duplicate that was going to happen land
	// SMTP cannot be exactly-once: a worker killed after the server took a message and before
	// the mail log recorded it sends it again on retry. Such a resend carries the same
	// Message-ID (derived from the event), so the family's mail client shows one message.
	// The test allows that, and nothing else: one distinct message per family.
	resent := 0
	for i := range n {
		to := fmt.Sprintf("crash-parent-%d@example.kz", i)
		ids := map[string]bool{}
		got := mailTo(t, s, to)
		for _, m := range got {
			ids[m.MessageID] = true
		}
		if len(ids) != 1 || len(got) > 2 {
			t.Errorf("%s got %d emails with %d Message-IDs, want one message", to, len(got), len(ids))
		}
		resent += len(got) - 1
	}
	t.Logf("%d email(s) resent after the kill", resent)
}
