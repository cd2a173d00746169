package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// A worker process is killed while tickets wait for their escalations; a new one starts
// after some are due. Every escalation (two clocks × three levels × every ticket) fires
// exactly once, none before its due time, and the team lead gets one breach message per
// ticket and clock.
func TestHelpdeskWorkerCrash(t *testing.T) {
	const n = 12
	s := startStack(t, stackOptions{noWorker: true})
	bin := buildMektep(t)
	ctx := context.Background()
	site := provisionTenantNoWorker(t, s, "school-hdcrash")
	_, _ = supportUser(t, s, "crash-agent@mektep.kz", sitecore.PlatformSupport)
	lead, _ := supportUser(t, s, "crash-lead@mektep.kz", sitecore.PlatformSupportLead)
	// Reminder at 3 s, breach at 4 s, operator at 6 s (first response); 6, 8, 12 s (resolution).
	helpdeskPolicy(t, s, 4, 8, 3600, 3600)
	_, parent := verifiedParent(t, s, "crash-requester@example.kz", sitecore.Russian)

	w1 := startWorker(t, bin, s)
	ids := make([]int64, n)
	for i := range n {
		ids[i] = openTicket(t, s, parent, site, fmt.Sprintf("Crash %d", i))
	}
	for _, id := range ids {
		waitTicketStatus(t, s, id, sitecore.TicketOpen)
	}
	fired := func() int {
		var k int
		_ = s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM ticket_escalations`).Scan(&k)
		return k
	}
	// Kill the worker once some reminders fired, with breaches and escalations still pending.
	testenv.Eventually(t, 30*time.Second, "first reminders", func() bool { return fired() >= 1 })
	if err := w1.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = w1.Wait()
	mid := fired()
	time.Sleep(3 * time.Second) // more escalations fall due while no worker runs
	startWorker(t, bin, s)
	testenv.Eventually(t, 90*time.Second, "every escalation fired", func() bool { return fired() == n*6 })
	t.Logf("killed with %d of %d escalations fired", mid, n*6)

	for _, id := range ids {
		es, err := s.App.DB.Escalations(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 6 {
			t.Errorf("ticket %d: %d escalations", id, len(es))
		}
		for _, e := range es {
			if e.FiredAt.Before(e.DueAt) {
				t.Errorf("ticket %d %s/%d fired %s before its due time", id, e.Clock, e.Level, e.DueAt.Sub(e.FiredAt))
			}
		}
		tk := ticketOf(t, s, id)
		if !tk.FirstResponseBreached || !tk.ResolutionBreached || tk.EscalationLevel != 3 {
			t.Errorf("ticket %d: breached %v/%v level %d", id, tk.FirstResponseBreached, tk.ResolutionBreached, tk.EscalationLevel)
		}
	}
	time.Sleep(time.Second)
	// The lead hears of each breach (and, for unassigned tickets, reminders) once: emails
	// resent after the kill carry the same Message-ID, as in the admission crash test.
	got := mailTo(t, s, lead.Email)
	distinct := map[string]bool{}
	for _, m := range got {
		distinct[m.MessageID] = true
	}
	if len(distinct) != n*2 {
		t.Errorf("lead got %d distinct messages (%d in all), want %d breaches", len(distinct), len(got), n*2)
	}
}
