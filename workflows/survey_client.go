package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/client"

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

// surveyGone are the errors of an update to a survey whose workflow is not running. The
// workflow is started with the survey, so one Temporal does not know has ended and been
// removed after its retention: both answer that the survey is closed.
var surveyGone = notRunning{Starting: surveyState(survey.StatusClosed), Ended: surveyState(survey.StatusClosed)}

func (c *SurveyClient) update(ctx context.Context, surveyID int64, name string, act SurveyAction) error {
	_, err := sendUpdate[SurveyView](ctx, c.Temporal, SurveyWorkflowID(surveyID), name, surveyGone, act)
	return err
}
