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

// ForumDigestScheduleID is the one Temporal schedule of the forums' daily digest of a task
// queue.
func ForumDigestScheduleID(taskQueue string) string {
	return "forum-digest/" + cmp.Or(taskQueue, DefaultTaskQueue)
}

// ForumDigestHour is when, in Asia/Almaty, subscribers get the day's digest.
const ForumDigestHour = 7

// ForumDigest sends the forums' daily digests (issue #15): one email per subscriber with
// what was posted in the topics and forums they follow since their last digest, in their
// language. Started by the schedule of EnsureForumDigestSchedule; a run that overlaps
// another is skipped.
func ForumDigest(ctx workflow.Context) (int, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 10 * time.Second, MaximumInterval: 10 * time.Minute, MaximumAttempts: 10},
	})
	var a *activities.ForumDigest
	var n int
	err := workflow.ExecuteActivity(ctx, a.SendForumDigests).Get(ctx, &n)
	return n, err
}

// EnsureForumDigestSchedule creates the digest's daily schedule of the task queue unless it
// exists (an operator's pause or change stays).
func EnsureForumDigestSchedule(ctx context.Context, c client.Client, taskQueue string) error {
	id := ForumDigestScheduleID(taskQueue)
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: id,
		Spec: client.ScheduleSpec{TimeZoneName: "Asia/Almaty", Calendars: []client.ScheduleCalendarSpec{{
			Hour: []client.ScheduleRange{{Start: ForumDigestHour}}, Minute: []client.ScheduleRange{{Start: 0}},
			Second: []client.ScheduleRange{{Start: 0}}}}},
		Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		Action: &client.ScheduleWorkflowAction{ID: id, Workflow: ForumDigest,
			TaskQueue: cmp.Or(taskQueue, DefaultTaskQueue), WorkflowExecutionTimeout: 12 * time.Hour},
	})
	if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return nil
	}
	return err
}
