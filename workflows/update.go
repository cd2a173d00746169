package workflows

import (
	"context"
	"errors"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
)

// notRunning are the domain errors of an update sent to a workflow that is not running: one
// not started yet (its relay is a few milliseconds behind), and one that has ended.
type notRunning struct {
	Starting, Ended *sitecore.Error
}

// sendUpdate sends an update to the workflow and waits for its result. A validator's or a
// handler's refusal comes back as the domain error it carries (activities.Refusal); an
// update to a workflow that is not running gets gone's errors, told apart by asking
// Temporal about the workflow rather than by reading error messages; anything else is
// Temporal being unavailable. Every workflow client sends its updates through here, so no
// client reads error messages.
//
// A workflow that is still loading its record refuses updates as "<area>.starting"; that lasts
// one activity, so such a refusal is retried here for up to startingPatience before the
// caller sees it (a parent who enrols and at once marks a lesson done should not get a 409).
func sendUpdate[V any](ctx context.Context, c client.Client, workflowID, name string, gone notRunning, args ...any) (V, error) {
	wait, until := 20*time.Millisecond, time.Now().Add(startingPatience)
	for {
		v, err := sendUpdateOnce[V](ctx, c, workflowID, name, gone, args...)
		var de *sitecore.Error
		if !errors.As(err, &de) || !strings.HasSuffix(de.Key, ".starting") || time.Now().Add(wait).After(until) {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(wait):
		}
		wait = min(2*wait, 500*time.Millisecond)
	}
}

// startingPatience is how long sendUpdate retries an update refused while the workflow loads.
const startingPatience = 3 * time.Second

func sendUpdateOnce[V any](ctx context.Context, c client.Client, workflowID, name string, gone notRunning, args ...any) (V, error) {
	var v V
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflowID, UpdateName: name, Args: args,
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, &v)
	}
	if err == nil {
		return v, nil
	}
	if de := activities.DomainError(err); de != nil {
		return v, de
	}
	if ctx.Err() == nil {
		d, derr := c.DescribeWorkflowExecution(ctx, workflowID, "")
		var notFound *serviceerror.NotFound
		switch {
		case errors.As(derr, &notFound):
			return v, clone(gone.Starting)
		case derr == nil && d.GetWorkflowExecutionInfo().GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
			return v, clone(gone.Ended)
		}
	}
	return v, sitecore.Unavailable(name, "temporal", err)
}

// clone copies a shared error, so a caller that annotates it changes only its own.
func clone(e *sitecore.Error) *sitecore.Error { c := *e; return &c }
