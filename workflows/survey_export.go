package workflows

import (
	"cmp"
	"context"
	"strconv"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

var _ survey.ExportStarter = (*SurveyClient)(nil)

// SurveyExportWorkflowID is the one workflow of a survey export.
func SurveyExportWorkflowID(id int64) string { return "survey-export/" + strconv.FormatInt(id, 10) }

// ExportSurvey writes a survey's Excel export (results, or who voted) to file storage, as
// ExportApplications does for admissions: the author polls the export's row in PostgreSQL;
// a worker that dies mid-export stops heartbeating and the export restarts elsewhere; the
// file (personal data) is deleted after the retention period.
func ExportSurvey(ctx workflow.Context, in ExportInput) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Hour,
		HeartbeatTimeout:    time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3},
	})
	var a *activities.Surveys
	if err := workflow.ExecuteActivity(ctx, a.RunSurveyExport, in.ExportID).Get(ctx, nil); err != nil {
		dctx, cancel := workflow.NewDisconnectedContext(ctx)
		defer cancel()
		_ = workflow.ExecuteActivity(dctx, a.FailSurveyExport, in.ExportID, err.Error()).Get(dctx, nil)
		return err
	}
	if err := workflow.Sleep(ctx, cmp.Or(in.Retention, DefaultExportRetention)); err != nil {
		return err
	}
	return workflow.ExecuteActivity(ctx, a.ExpireSurveyExport, in.ExportID).Get(ctx, nil)
}

// StartExport starts the workflow of a stored survey export.
func (c *SurveyClient) StartExport(ctx context.Context, exportID int64) error {
	_, err := c.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: SurveyExportWorkflowID(exportID), TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue),
	}, ExportSurvey, ExportInput{ExportID: exportID, Retention: c.ExportRetention})
	if err != nil {
		return sitecore.Unavailable("survey export", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("ExportSurvey")
	}
	return nil
}
