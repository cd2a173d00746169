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

// exportSteps are the activities of one kind of export: run writes the file and records it,
// fail records why it gave up, expire deletes the file after the retention period.
type exportSteps struct{ run, fail, expire any }

// runExport is the one shape of an export workflow: the file is written by a heartbeating
// activity (a worker that dies mid-export stops heartbeating and the export restarts on
// another worker); a failure is recorded even when the workflow is being cancelled; the
// file (personal data) is deleted after the retention period. retentionChange, when set,
// is the version marker of a workflow type whose first runs kept their files.
func runExport(ctx workflow.Context, in ExportInput, steps exportSteps, retentionChange string) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Hour,
		HeartbeatTimeout:    time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3},
	})
	if err := workflow.ExecuteActivity(ctx, steps.run, in.ExportID).Get(ctx, nil); err != nil {
		dctx, cancel := workflow.NewDisconnectedContext(ctx)
		defer cancel()
		_ = workflow.ExecuteActivity(dctx, steps.fail, in.ExportID, err.Error()).Get(dctx, nil)
		return err
	}
	if retentionChange != "" && workflow.GetVersion(ctx, retentionChange, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return nil
	}
	if err := workflow.Sleep(ctx, cmp.Or(in.Retention, DefaultExportRetention)); err != nil {
		return err
	}
	return workflow.ExecuteActivity(ctx, steps.expire, in.ExportID).Get(ctx, nil)
}

// ExportApplications writes a large Excel export of applications to file storage; the
// admin polls its row in PostgreSQL (see runExport).
func ExportApplications(ctx workflow.Context, in ExportInput) error {
	var a *activities.Exports
	return runExport(ctx, in, exportSteps{run: a.RunExport, fail: a.FailExport, expire: a.ExpireExport}, "export-retention")
}

// startExport starts the workflow of a stored export; onStart, if set, hears of it by name.
func startExport(ctx context.Context, c client.Client, id, queue, name string, wf any, in ExportInput, onStart func(string)) error {
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: cmp.Or(queue, DefaultTaskQueue)}, wf, in)
	if err != nil {
		return sitecore.Unavailable(name, "temporal", err)
	}
	if onStart != nil {
		onStart(name)
	}
	return nil
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
	return startExport(ctx, c.Temporal, ExportWorkflowID(exportID), c.TaskQueue, "ExportApplications", ExportApplications,
		ExportInput{ExportID: exportID, Retention: c.Retention}, c.OnStart)
}
