package workflows

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/activities"
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
	_, err := c.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: TicketWorkflowID(ticketID), TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue),
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, Ticket, TicketInput{TicketID: ticketID})
	var already *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &already):
		return nil
	case err != nil:
		return sitecore.Unavailable("ticket start", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("Ticket")
	}
	return nil
}

// Act sends an action to the ticket's workflow and returns the ticket's state after it.
func (c *TicketClient) Act(ctx context.Context, ticketID int64, update string, a sitecore.TicketAction) (sitecore.TicketView, error) {
	h, err := c.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: TicketWorkflowID(ticketID), UpdateName: update, Args: []any{a},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	var v sitecore.TicketView
	if err == nil {
		err = h.Get(ctx, &v)
	}
	return v, ticketUpdateError(err)
}

// ticketUpdateError maps what a ticket update answered to the domain's errors.
func ticketUpdateError(err error) error {
	var (
		appErr   *temporal.ApplicationError
		notFound *serviceerror.NotFound
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &notFound) && strings.Contains(notFound.Error(), "completed"):
		return sitecore.Conflictf("status", "helpdesk.state", "value", string(sitecore.TicketClosed))
	case errors.As(err, &notFound):
		// Not started yet: a few milliseconds after opening.
		return sitecore.Conflictf("status", "helpdesk.starting")
	case errors.As(err, &appErr):
		if de := activities.DomainError(appErr); de != nil {
			return de
		}
		switch appErr.Type() {
		case "ticket.state":
			var status string
			_ = appErr.Details(&status)
			return sitecore.Conflictf("status", "helpdesk.state", "value", status)
		case "ticket.not_assignee":
			return sitecore.Errorf(sitecore.EForbidden, "helpdesk.not_assignee")
		case "ticket.not_requester":
			return sitecore.NotFound("ticket")
		case "ticket.not_agent":
			return sitecore.Errorf(sitecore.EForbidden, "forbidden")
		case "ticket.agent":
			return sitecore.Invalid("agent_id", "field.required")
		case "ticket.merge":
			return sitecore.Invalid("into", "helpdesk.merge_self")
		case "ticket.stars":
			return sitecore.Invalid("stars", "helpdesk.stars")
		}
	}
	if strings.Contains(err.Error(), "already completed") {
		return sitecore.Conflictf("status", "helpdesk.state", "value", string(sitecore.TicketClosed))
	}
	return sitecore.Unavailable("ticket update", "temporal", err)
}

// TicketIntake is what the relay needs from the helpdesk store.
type TicketIntake interface {
	PendingTicketIntake(ctx context.Context, limit int) ([]int64, error)
	MarkTicketIntakeStarted(ctx context.Context, ids []int64) error
}

// TicketRelay starts the workflows of new tickets from the intake outbox. Opening a ticket
// writes the ticket and its intake row in one transaction and tries to start the workflow
// at once; whatever that attempt missed (Temporal down, a crash in between) the relay
// starts, idempotently, since the workflow ID is the ticket's.
type TicketRelay struct {
	Store   TicketIntake
	Tickets *TicketClient
	Log     *slog.Logger
	Poll    time.Duration // 500 ms if zero
}

// Run relays until ctx is done.
func (r *TicketRelay) Run(ctx context.Context) {
	tick := time.NewTicker(cmp.Or(r.Poll, 500*time.Millisecond))
	defer tick.Stop()
	for ctx.Err() == nil {
		n, err := r.relayBatch(ctx)
		if err != nil && ctx.Err() == nil {
			r.Log.Warn("ticket intake relay", "error", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
}

func (r *TicketRelay) relayBatch(ctx context.Context) (int, error) {
	ids, err := r.Store.PendingTicketIntake(ctx, 200)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	var (
		mu       sync.Mutex
		started  []int64
		firstErr error
		wg       sync.WaitGroup
		sem      = make(chan struct{}, 16)
	)
	for _, id := range ids {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			err := r.Tickets.Start(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				started = append(started, id)
			} else if firstErr == nil {
				firstErr = err
			}
		})
	}
	wg.Wait()
	if len(started) > 0 {
		if err := r.Store.MarkTicketIntakeStarted(context.WithoutCancel(ctx), started); err != nil {
			return len(started), err
		}
	}
	return len(started), firstErr
}
