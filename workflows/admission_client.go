package workflows

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
)

var _ admissions.Workflows = (*AdmissionClient)(nil)

// AdmissionClient sends the school's and the family's actions to application workflows as
// updates and turns the workflow's refusals back into domain errors.
type AdmissionClient struct {
	Temporal client.Client
}

func (c *AdmissionClient) update(ctx context.Context, appID int64, name string, arg any) (AdmissionView, error) {
	h, err := c.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: AdmissionWorkflowID(appID), UpdateName: name, Args: []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	var v AdmissionView
	if err == nil {
		err = h.Get(ctx, &v)
	}
	return v, updateError(err)
}

// updateError maps what a workflow update answered to the domain's errors.
func updateError(err error) error {
	var (
		appErr   *temporal.ApplicationError
		notFound *serviceerror.NotFound
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &notFound):
		// The relay has not started the workflow yet (a few milliseconds after submission).
		return sitecore.Conflictf("status", "admission.starting")
	case errors.As(err, &appErr):
		if de := activities.DomainError(appErr); de != nil {
			return de
		}
		switch appErr.Type() {
		case "admission.state":
			var status string
			_ = appErr.Details(&status)
			return sitecore.Conflictf("status", "admission.state", "value", status)
		case "admission.position":
			return sitecore.Invalid("position", "admission.position")
		case "admission.reason":
			return sitecore.Invalid("reason", "admission.reason")
		case "admission.actor":
			return sitecore.Errorf(sitecore.EForbidden, "forbidden")
		}
	}
	return sitecore.Unavailable("admission update", "temporal", err)
}

// Documents records the school's verdict on the documents.
func (c *AdmissionClient) Documents(ctx context.Context, appID int64, ok bool, remark, actor string) (sitecore.AdmissionStatus, error) {
	v, err := c.update(ctx, appID, UpdateDocuments, DocumentsDecision{OK: ok, Remark: remark, Actor: actor})
	return v.Status, err
}

// Resubmitted tells the workflow the family fixed the documents.
func (c *AdmissionClient) Resubmitted(ctx context.Context, appID int64, actor string) (sitecore.AdmissionStatus, error) {
	v, err := c.update(ctx, appID, UpdateResubmitted, actor)
	return v.Status, err
}

// Decide admits, waitlists or declines.
func (c *AdmissionClient) Decide(ctx context.Context, appID int64, d admissions.Decision) (sitecore.AdmissionStatus, error) {
	actor := d.Actor
	if actor == "" {
		actor = "school"
	}
	v, err := c.update(ctx, appID, UpdateDecide, Decision{Kind: d.Decision, Position: d.Position, Reason: d.Reason,
		Text: d.Text, Actor: actor})
	return v.Status, err
}

// Respond is the family's answer to an offer.
func (c *AdmissionClient) Respond(ctx context.Context, appID int64, accept bool, actor string) (sitecore.AdmissionStatus, error) {
	v, err := c.update(ctx, appID, UpdateRespond, OfferResponse{Accept: accept, Actor: actor})
	return v.Status, err
}

// Withdraw withdraws the application.
func (c *AdmissionClient) Withdraw(ctx context.Context, appID int64, actor string) (sitecore.AdmissionStatus, error) {
	v, err := c.update(ctx, appID, UpdateWithdraw, actor)
	return v.Status, err
}

// Offer admits a waitlisted application when a seat frees up (used by PromoteNext).
func (c *AdmissionClient) Offer(ctx context.Context, appID int64) error {
	_, err := c.update(ctx, appID, UpdateDecide, Decision{Kind: "admit", Actor: "system"})
	return err
}

// IntakeStore is what the relay needs from the admission store.
type IntakeStore interface {
	PendingIntake(ctx context.Context, limit int) ([]int64, error)
	MarkIntakeStarted(ctx context.Context, ids []int64) error
}

// IntakeRelay starts the workflows of submitted applications. Submission only writes
// PostgreSQL (the application and an intake row in one transaction), so accepting is never
// limited by how fast Temporal starts workflows; the relay catches up, idempotently, since
// the workflow ID is the application's.
type IntakeRelay struct {
	Store     IntakeStore
	Temporal  client.Client
	TaskQueue string
	Log       *slog.Logger
	// Poll is how often the relay looks for new applications (250 ms if zero); while there
	// is a backlog it does not wait at all.
	Poll     time.Duration
	Parallel int
	OnStart  func(workflowType string)
}

// Run relays until ctx is done.
func (r *IntakeRelay) Run(ctx context.Context) {
	tick := time.NewTicker(cmp.Or(r.Poll, 250*time.Millisecond))
	defer tick.Stop()
	for ctx.Err() == nil {
		n, err := r.relayBatch(ctx)
		if err != nil && ctx.Err() == nil {
			r.Log.Warn("admission intake relay", "error", err)
		}
		if n > 0 && err == nil {
			continue // more may be waiting
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
}

// relayBatch starts up to 200 pending workflows in parallel and marks those started.
func (r *IntakeRelay) relayBatch(ctx context.Context) (int, error) {
	ids, err := r.Store.PendingIntake(ctx, 200)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	var (
		mu       sync.Mutex
		started  []int64
		firstErr error
		wg       sync.WaitGroup
		sem      = make(chan struct{}, cmp.Or(r.Parallel, 16))
	)
	for _, id := range ids {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			_, err := r.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
				ID: AdmissionWorkflowID(id), TaskQueue: cmp.Or(r.TaskQueue, DefaultTaskQueue),
				WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
				WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
			}, Admission, AdmissionInput{AppID: id})
			var already *serviceerror.WorkflowExecutionAlreadyStarted
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				started = append(started, id)
				if r.OnStart != nil {
					r.OnStart("Admission")
				}
			case errors.As(err, &already):
				started = append(started, id)
			case firstErr == nil:
				firstErr = err
			}
		})
	}
	wg.Wait()
	if len(started) > 0 {
		if err := r.Store.MarkIntakeStarted(context.WithoutCancel(ctx), started); err != nil {
			return len(started), err
		}
	}
	return len(started), firstErr
}
