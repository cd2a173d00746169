package app_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

// The worker process is killed (SIGKILL) while it emails the admins of 200 schools about
// maintenance: 60 messages are stored, the next deliveries are held open in the SMTP sink.
// A new worker finishes the announcement. Every admin gets the notice, and only once: a
// message the sink took from the dead worker before its mail log recorded it is sent again
// with the same Message-ID (SMTP cannot be exactly-once; mail clients fold such a copy), as
// in the admission crash test — nothing else is repeated.
func TestMaintenanceWorkerCrashWhileEmailing(t *testing.T) {
	const n, before = 200, 60
	s := startStack(t, stackOptions{noWorker: true})
	bin := buildMektep(t)
	ctx := context.Background()
	admins := make([]string, n)
	for i := range n {
		site := provisionTenantNoWorker(t, s, fmt.Sprintf("school-mcrash-%d", i))
		admins[i] = fixtureUser(t, s, fmt.Sprintf("admin-%d@school-mcrash-%d.edu.kz", i, i), site, sitecore.RoleAdmin).Email
	}
	var stored atomic.Int64
	var holding atomic.Bool
	holding.Store(true)
	release := make(chan struct{})
	s.Sink.BeforeStore = func() error {
		if stored.Add(1) > before && holding.Load() {
			<-release
		}
		return nil
	}
	w1 := startWorker(t, bin, s)
	body := maintenanceBody(time.Now().Add(48*time.Hour), nil, map[string]any{"scope": "all"})
	delete(body, "site_ids")
	r := s.operator("POST", "/api/v1/maintenance", body)
	if r.Status != 201 {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}
	var id int64
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT max(id) FROM maintenance_notices`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, time.Minute, "deliveries held open after 60", func() bool { return stored.Load() > before+2 })
	if err := w1.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w1.Wait()
	holding.Store(false)
	close(release) // the held messages are stored now: the dead worker never recorded them

	startWorker(t, bin, s)
	testenv.Eventually(t, 2*time.Minute, "every admin emailed", func() bool {
		for _, to := range admins {
			if len(mailTo(t, s, to)) == 0 {
				return false
			}
		}
		return true
	})
	time.Sleep(time.Second) // let any duplicate that was going to happen land
	resent := 0
	for _, to := range admins {
		got := mailTo(t, s, to)
		ids := map[string]bool{}
		for _, m := range got {
			ids[m.MessageID] = true
		}
		if len(ids) != 1 || len(got) > 2 {
			t.Errorf("%s got %d emails with %d Message-IDs, want one message", to, len(got), len(ids))
		}
		resent += len(got) - 1
	}
	if resent > workflows.MaintenanceShards {
		t.Errorf("%d emails resent, more than the %d deliveries in flight at the kill", resent, workflows.MaintenanceShards)
	}
	var logged int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM mail_log WHERE key LIKE $1`, fmt.Sprintf("maintenance/%d/%%", id)).Scan(&logged); err != nil || logged != n {
		t.Errorf("mail log holds %d maintenance emails (%v), want %d", logged, err, n)
	}
	// The crash hit the emailing: some batch ran again in a second attempt.
	retried := false
	it := s.App.Temporal.GetWorkflowHistory(ctx, workflows.MaintenanceWorkflowID(id), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if a := ev.GetActivityTaskStartedEventAttributes(); a != nil && a.GetAttempt() > 1 {
			retried = true
		}
	}
	if !retried {
		t.Error("no email batch ran a second attempt: the kill did not hit the emailing")
	}
	t.Logf("%d email(s) resent after the kill", resent)
}
