package workflows

import (
	"cmp"
	"context"
	"errors"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
)

// MaintenanceEvery is how often the platform's housekeeping runs.
const MaintenanceEvery = time.Hour

// MaintenanceScheduleID is the one Temporal schedule of the housekeeping of a task queue
// (one per deployment; tests, which share a Temporal server, each have their own queue).
func MaintenanceScheduleID(taskQueue string) string {
	return "maintenance/" + cmp.Or(taskQueue, DefaultTaskQueue)
}

// MaintenanceResult says what one run of the housekeeping removed.
type MaintenanceResult struct {
	ThrottlePurged int64
}

// Maintenance is the periodic housekeeping, started by a Temporal schedule
// (EnsureMaintenanceSchedule), so it runs on time whichever workers are up and never twice at
// once (overlapping runs are skipped). Today it deletes throttle counters that no longer
// matter (sitecore.ThrottleRetention); further chores are further activities here.
func Maintenance(ctx workflow.Context) (MaintenanceResult, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 5 * time.Second, MaximumInterval: 5 * time.Minute, MaximumAttempts: 10},
	})
	var a *activities.Maintenance
	var res MaintenanceResult
	err := workflow.ExecuteActivity(ctx, a.PurgeThrottle).Get(ctx, &res.ThrottlePurged)
	return res, err
}

// EnsureMaintenanceSchedule creates the housekeeping's schedule of the task queue unless it
// exists (every worker calls it at start; the first one creates it). A schedule that exists
// is left as it is, so an operator's pause or change stays.
func EnsureMaintenanceSchedule(ctx context.Context, c client.Client, taskQueue string) error {
	id := MaintenanceScheduleID(taskQueue)
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:      id,
		Spec:    client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: MaintenanceEvery}}},
		Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		Action: &client.ScheduleWorkflowAction{ID: id, Workflow: Maintenance,
			TaskQueue: cmp.Or(taskQueue, DefaultTaskQueue), WorkflowExecutionTimeout: MaintenanceEvery},
	})
	if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return nil
	}
	return err
}
