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

// HousekeepingEvery is how often the platform's housekeeping runs.
const HousekeepingEvery = time.Hour

// HousekeepingScheduleID is the one Temporal schedule of the housekeeping of a task queue
// (one per deployment; tests, which share a Temporal server, each have their own queue).
func HousekeepingScheduleID(taskQueue string) string {
	return "housekeeping/" + cmp.Or(taskQueue, DefaultTaskQueue)
}

// HousekeepingResult says what one run of the housekeeping removed.
type HousekeepingResult struct {
	ThrottlePurged int64
	activities.HousekeepingPurged
}

// Housekeeping is the periodic housekeeping, started by a Temporal schedule
// (EnsureHousekeepingSchedule), so it runs on time whichever workers are up and never twice at
// once (overlapping runs are skipped). Today it deletes throttle counters that no longer
// matter (sitecore.ThrottleRetention), then sessions and one-time tokens past their expiry
// and Idempotency-Keys older than sitecore.IdempotencyRetention; further chores are further
// activities here.
func Housekeeping(ctx workflow.Context) (HousekeepingResult, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 5 * time.Second, MaximumInterval: 5 * time.Minute, MaximumAttempts: 10},
	})
	var a *activities.Housekeeping
	var res HousekeepingResult
	if err := workflow.ExecuteActivity(ctx, a.PurgeThrottle).Get(ctx, &res.ThrottlePurged); err != nil {
		return res, err
	}
	err := workflow.ExecuteActivity(ctx, a.PurgeExpired).Get(ctx, &res.HousekeepingPurged)
	return res, err
}

// EnsureHousekeepingSchedule creates the housekeeping's schedule of the task queue unless it
// exists (every worker calls it at start; the first one creates it). A schedule that exists
// is left as it is, so an operator's pause or change stays.
func EnsureHousekeepingSchedule(ctx context.Context, c client.Client, taskQueue string) error {
	id := HousekeepingScheduleID(taskQueue)
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:      id,
		Spec:    client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: HousekeepingEvery}}},
		Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		Action: &client.ScheduleWorkflowAction{ID: id, Workflow: Housekeeping,
			TaskQueue: cmp.Or(taskQueue, DefaultTaskQueue), WorkflowExecutionTimeout: HousekeepingEvery},
	})
	if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return nil
	}
	return err
}
