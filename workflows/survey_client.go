package workflows

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

var _ survey.Workflows = (*SurveyClient)(nil)

// SurveyClient starts survey workflows and sends authors' decisions to them as updates,
// turning the workflow's refusals back into domain errors. It implements survey.Workflows.
type SurveyClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
	// ExportRetention is how long finished export files are kept (DefaultExportRetention
	// when zero).
	ExportRetention time.Duration
}

// Start starts the survey's workflow; one already started is fine.
func (c *SurveyClient) Start(ctx context.Context, siteID, surveyID int64) error {
	if err := startOnce(ctx, c.Temporal, SurveyWorkflowID(surveyID), c.TaskQueue, "Survey", Survey, SurveyInput{SiteID: siteID, SurveyID: surveyID}, c.OnStart); err != nil {
		return sitecore.Unavailable("survey start", "temporal", err)
	}
	return nil
}

// Cancel cancels the survey.
func (c *SurveyClient) Cancel(ctx context.Context, _, surveyID, actorID int64) error {
	return c.update(ctx, surveyID, UpdateSurveyCancel, SurveyAction{ActorID: actorID})
}

// Extend moves the closing time to closesAt.
func (c *SurveyClient) Extend(ctx context.Context, _, surveyID, actorID int64, closesAt time.Time) error {
	return c.update(ctx, surveyID, UpdateSurveyExtend, SurveyAction{ActorID: actorID, ClosesAt: closesAt})
}

// Close closes the survey now.
func (c *SurveyClient) Close(ctx context.Context, _, surveyID, actorID int64) error {
	return c.update(ctx, surveyID, UpdateSurveyClose, SurveyAction{ActorID: actorID})
}

func (c *SurveyClient) update(ctx context.Context, surveyID int64, name string, act SurveyAction) error {
	h, err := c.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: SurveyWorkflowID(surveyID), UpdateName: name, Args: []any{act},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, nil)
	}
	return surveyUpdateError(err)
}

// surveyUpdateError maps what a survey update answered to the domain's errors.
func surveyUpdateError(err error) error {
	var (
		appErr   *temporal.ApplicationError
		notFound *serviceerror.NotFound
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &notFound) || strings.Contains(err.Error(), "already completed"):
		return sitecore.Conflictf("status", "survey.state", "value", string(survey.StatusClosed))
	case errors.As(err, &appErr):
		if de := activities.DomainError(appErr); de != nil {
			return de
		}
		switch appErr.Type() {
		case "survey.state":
			var status string
			_ = appErr.Details(&status)
			return sitecore.Conflictf("status", "survey.state", "value", status)
		case "survey.extend":
			return sitecore.Invalid("closes_at", "survey.extend")
		}
	}
	return sitecore.Unavailable("survey update", "temporal", err)
}
