package workflows

import (
	"context"
	"strconv"

	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore/survey"
)

var _ survey.ExportStarter = (*SurveyClient)(nil)

// SurveyExportWorkflowID is the one workflow of a survey export.
func SurveyExportWorkflowID(id int64) string { return "survey-export/" + strconv.FormatInt(id, 10) }

// ExportSurvey writes a survey's Excel export (results, or who voted) to file storage in the
// shape of every export (runExport): the author polls the export's row in PostgreSQL.
func ExportSurvey(ctx workflow.Context, in ExportInput) error {
	var a *activities.Surveys
	return runExport(ctx, in, exportSteps{run: a.RunSurveyExport, fail: a.FailSurveyExport, expire: a.ExpireSurveyExport}, "")
}

// StartExport starts the workflow of a stored survey export.
func (c *SurveyClient) StartExport(ctx context.Context, exportID int64) error {
	return startExport(ctx, c.Temporal, SurveyExportWorkflowID(exportID), c.TaskQueue, "ExportSurvey", ExportSurvey,
		ExportInput{ExportID: exportID, Retention: c.ExportRetention}, c.OnStart)
}
