package workflows

import (
	"context"
	"errors"
	"strings"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

// OlympiadClient starts olympiad workflows and sends appeals and jury decisions to them,
// turning the workflow's refusals back into domain errors.
type OlympiadClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
}

// Start starts the workflow of a stored olympiad (after CreateOlympiad); starting it again
// is harmless (the workflow ID is the olympiad's).
func (c *OlympiadClient) Start(ctx context.Context, siteID, olympiadID int64) error {
	if err := startOnce(ctx, c.Temporal, OlympiadWorkflowID(olympiadID), c.TaskQueue, "Olympiad", Olympiad, OlympiadInput{SiteID: siteID, OlympiadID: olympiadID, Round: 1}, c.OnStart); err != nil {
		return sitecore.Unavailable("olympiad start", "temporal", err)
	}
	return nil
}

// Appeal files a participant's appeal and returns its ID. Outside the window it is
// EConflict "olympiad.appeals_closed"; from someone without a result in the round ENotFound
// "olympiad.not_participant"; the store's refusals come back as they are.
func (c *OlympiadClient) Appeal(ctx context.Context, olympiadID int64, r activities.AppealRequest) (int64, error) {
	var id int64
	err := c.update(ctx, olympiadID, UpdateOlympiadAppeal, &id, r)
	return id, err
}

// Decide records a jury member's decision and returns the appeal's status. From someone
// outside the jury it is EForbidden "olympiad.not_jury"; on an appeal that is not open
// EConflict "olympiad.appeal_decided"; after the freeze EConflict "olympiad.appeals_closed".
func (c *OlympiadClient) Decide(ctx context.Context, olympiadID int64, d olympiad.Decision) (olympiad.AppealStatus, error) {
	var s olympiad.AppealStatus
	err := c.update(ctx, olympiadID, UpdateOlympiadDecide, &s, d)
	return s, err
}

func (c *OlympiadClient) update(ctx context.Context, olympiadID int64, name string, out any, arg any) error {
	h, err := c.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: OlympiadWorkflowID(olympiadID), UpdateName: name, Args: []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, out)
	}
	return olympiadUpdateError(err)
}

// olympiadUpdateError maps what an olympiad update answered to the domain's errors.
func olympiadUpdateError(err error) error {
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
		switch k := appErr.Type(); k {
		case "olympiad.not_participant":
			return sitecore.Errorf(sitecore.ENotFound, k)
		case "olympiad.not_jury":
			return sitecore.Errorf(sitecore.EForbidden, k)
		case "olympiad.appeal_question", "olympiad.appeal_text", "olympiad.points":
			return sitecore.Invalid(map[string]string{"olympiad.appeal_question": "question_id",
				"olympiad.appeal_text": "text", "olympiad.points": "points"}[k], k, "max", "4000")
		case "olympiad.appeals_closed", "olympiad.appeal_decided":
			return sitecore.Conflictf("appeal", k)
		}
	case errors.As(err, &notFound) || strings.Contains(err.Error(), "already completed"):
		return sitecore.Conflictf("appeal", "olympiad.appeals_closed")
	}
	return sitecore.Unavailable("olympiad update", "temporal", err)
}
