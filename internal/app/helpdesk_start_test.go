package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

// TestTicketStartInRequestOrByRelay: a new ticket's workflow is started inside the request
// while start slots are free (it runs when the 201 arrives); with none free the request
// answers after the commit and the relay starts the workflow.
func TestTicketStartInRequestOrByRelay(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-hd-start")
	helpdeskPolicy(t, s, 3600, 7200, 3600, 3600)
	supportUser(t, s, "agent-start@mektep.kz", sitecore.PlatformSupport)
	parent := session(t, s, a.users["parent"].ID)
	ctx := context.Background()
	running := func(id int64) bool {
		_, err := s.App.Temporal.DescribeWorkflowExecution(ctx, workflows.TicketWorkflowID(id), "")
		return err == nil
	}
	pending := func(id int64) bool {
		ids, err := s.App.DB.PendingTicketIntake(ctx, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ids {
			if p == id {
				return true
			}
		}
		return false
	}

	// A free slot: started before the answer, its intake row marked.
	id := openTicket(t, s, parent, a.site, "Started in the request")
	if !running(id) || pending(id) {
		t.Fatalf("ticket %d: workflow running %v, intake pending %v; want running and not pending", id, running(id), pending(id))
	}

	// No slot (as when SyncStarts requests already wait for Temporal): the answer comes after
	// the commit alone, and the relay starts the workflow.
	s.App.Helpdesk.SyncStarts = -1
	t.Cleanup(func() { s.App.Helpdesk.SyncStarts = 0 })
	id2 := openTicket(t, s, parent, a.site, "Started by the relay")
	if tk := ticketOf(t, s, id2); tk.ID != id2 {
		t.Fatalf("ticket %d not stored", id2)
	}
	testenv.Eventually(t, 30*time.Second, "the relay starts the ticket's workflow", func() bool { return running(id2) && !pending(id2) })
	waitTicketStatus(t, s, id2, sitecore.TicketOpen)
}
