package workflows

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/sitecore"
)

// TicketClient starts ticket workflows and sends people's actions to them as updates,
// turning the workflow's refusals back into domain errors.
type TicketClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
}

// Start starts the ticket's workflow; one already started is fine.
func (c *TicketClient) Start(ctx context.Context, ticketID int64) error {
	err := startOnce(ctx, c.Temporal, TicketWorkflowID(ticketID), c.TaskQueue, "Ticket", Ticket, TicketInput{TicketID: ticketID}, c.OnStart)
	if err != nil {
		return sitecore.Unavailable("ticket start", "temporal", err)
	}
	return nil
}

// ticketGone are the errors of an update to a ticket whose workflow is not running: a
// finished ticket workflow means the ticket is closed.
var ticketGone = notRunning{
	Starting: sitecore.Conflictf("status", "helpdesk.starting"),
	Ended:    sitecore.Conflictf("status", "helpdesk.state", "value", string(sitecore.TicketClosed)),
}

// Act sends an action to the ticket's workflow and returns the ticket's state after it.
func (c *TicketClient) Act(ctx context.Context, ticketID int64, update string, a sitecore.TicketAction) (sitecore.TicketView, error) {
	return sendUpdate[sitecore.TicketView](ctx, c.Temporal, TicketWorkflowID(ticketID), update, ticketGone, a)
}

// TicketIntake is what the relay needs from the helpdesk store.
type TicketIntake interface {
	PendingTicketIntake(ctx context.Context, limit int) ([]int64, error)
	MarkTicketIntakeStarted(ctx context.Context, ids []int64) error
}

// TicketRelay starts the workflows of new tickets from the intake outbox. Opening a ticket
// writes the ticket and its intake row in one transaction and, unless many requests are
// already waiting for Temporal (helpdesk.Service.SyncStarts), starts the workflow at once;
// whatever was left (a burst of tickets, Temporal down, a crash in between) the relay
// starts, idempotently, since the workflow ID is the ticket's.
type TicketRelay struct {
	Store   TicketIntake
	Tickets *TicketClient
	Log     *slog.Logger
	Poll    time.Duration // 500 ms if zero
}

// Run relays until ctx is done.
func (r *TicketRelay) Run(ctx context.Context) {
	(&relay[int64]{name: "ticket intake relay", log: r.Log, poll: cmp.Or(r.Poll, 500*time.Millisecond),
		pending: r.Store.PendingTicketIntake, markStarted: r.Store.MarkTicketIntakeStarted,
		start: r.Tickets.Start}).run(ctx)
}
