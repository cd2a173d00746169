package workflows

import (
	"cmp"
	"context"
	"errors"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// AttemptClient starts attempt workflows and sends submissions and regrades to them,
// turning the workflow's refusals back into domain errors.
type AttemptClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
}

// Start starts the workflow of a stored attempt of a test with the grace policy; one
// already started is fine (the workflow ID is the attempt's).
func (c *AttemptClient) Start(ctx context.Context, a *quiz.Attempt, g quiz.Grace) error {
	_, err := c.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: AttemptWorkflowID(a.ID), TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue),
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, Attempt, AttemptInput{SiteID: a.SiteID, AttemptID: a.ID, StudentID: a.StudentID, Deadline: a.Deadline, Grace: g})
	var already *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &already):
		return nil
	case err != nil:
		return sitecore.Unavailable("attempt start", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("Attempt")
	}
	return nil
}

// Submit submits the student's attempt and returns its state once submitted. An attempt
// that is over is EConflict "quiz.attempt_closed"; another student's is ENotFound.
func (c *AttemptClient) Submit(ctx context.Context, attemptID, studentID int64) (AttemptResult, error) {
	return c.update(ctx, attemptID, UpdateAttemptSubmit, SubmitRequest{StudentID: studentID})
}

// Regrade grades the attempt again (after a teacher's grade or a corrected key) and
// returns its state. After the workflow has ended it is EConflict "quiz.attempt_closed":
// call quiz.GradeStored directly then.
func (c *AttemptClient) Regrade(ctx context.Context, attemptID int64) (AttemptResult, error) {
	return c.update(ctx, attemptID, UpdateAttemptRegrade)
}

func (c *AttemptClient) update(ctx context.Context, attemptID int64, name string, args ...any) (AttemptResult, error) {
	h, err := c.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: AttemptWorkflowID(attemptID), UpdateName: name, Args: args,
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	var r AttemptResult
	if err == nil {
		err = h.Get(ctx, &r)
	}
	return r, attemptUpdateError(err)
}

// attemptUpdateError maps what an attempt update answered to the domain's errors.
func attemptUpdateError(err error) error {
	var (
		appErr   *temporal.ApplicationError
		notFound *serviceerror.NotFound
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &appErr):
		if de := activities.DomainError(appErr); de != nil {
			return de
		}
		switch appErr.Type() {
		case "attempt.not_student":
			return sitecore.NotFound("attempt")
		case "attempt.state":
			return sitecore.Conflictf("attempt", "quiz.attempt_closed")
		}
	case errors.As(err, &notFound) || strings.Contains(err.Error(), "already completed"):
		return sitecore.Conflictf("attempt", "quiz.attempt_closed")
	}
	return sitecore.Unavailable("attempt update", "temporal", err)
}
