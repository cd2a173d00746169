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
)

// ExportInput names the stored export to run.
type ExportInput struct {
	ExportID int64
	// Retention is how long the finished file is kept (DefaultExportRetention when zero).
	Retention time.Duration
}

// DefaultExportRetention is how long a finished export stays downloadable.
const DefaultExportRetention = 24 * time.Hour

// ExportWorkflowID is the one workflow of an export.
func ExportWorkflowID(id int64) string { return "export/" + strconv.FormatInt(id, 10) }

// ExportApplications writes a large Excel export to file storage; the admin polls its row
// in PostgreSQL. A worker that dies mid-export stops heartbeating and the export restarts
// on another worker.
func ExportApplications(ctx workflow.Context, in ExportInput) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Hour,
		HeartbeatTimeout:    time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3},
	})
	var a *activities.Exports
	err := workflow.ExecuteActivity(ctx, a.RunExport, in.ExportID).Get(ctx, nil)
	if err != nil {
		dctx, cancel := workflow.NewDisconnectedContext(ctx)
		defer cancel()
		_ = workflow.ExecuteActivity(dctx, a.FailExport, in.ExportID, err.Error()).Get(dctx, nil)
		return err
	}
	// Exports hold personal data: the file is deleted after the retention period.
	if workflow.GetVersion(ctx, "export-retention", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	if err := workflow.Sleep(ctx, cmp.Or(in.Retention, DefaultExportRetention)); err != nil {
		return err
	}
	return workflow.ExecuteActivity(ctx, a.ExpireExport, in.ExportID).Get(ctx, nil)
}

// ExportClient starts export workflows.
type ExportClient struct {
	Temporal  client.Client
	TaskQueue string
	Retention time.Duration // of finished files; DefaultExportRetention when zero
	OnStart   func(workflowType string)
}

// StartExport starts the workflow of a stored export.
func (c *ExportClient) StartExport(ctx context.Context, exportID int64) error {
	_, err := c.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: ExportWorkflowID(exportID), TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue),
	}, ExportApplications, ExportInput{ExportID: exportID, Retention: c.Retention})
	if err != nil {
		return sitecore.Unavailable("StartExport", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("ExportApplications")
	}
	return nil
}
