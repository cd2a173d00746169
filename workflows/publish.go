package workflows

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
)

// PublishInput names the content to publish and when.
type PublishInput struct {
	SiteID int64
	Kind   string // sitecore.SearchPage or sitecore.SearchNews
	Key    string
	At     time.Time
}

// PublishWorkflowID is the one timer of an item: scheduling again replaces it.
func PublishWorkflowID(siteID int64, kind, key string) string {
	return "publish/" + strconv.FormatInt(siteID, 10) + "/" + kind + "/" + key
}

// ScheduledPublish waits on a durable timer until the set time and publishes the item. The
// timer survives restarts of every process; if the schedule was changed in the meantime the
// activity does nothing.
func ScheduledPublish(ctx workflow.Context, in PublishInput) (bool, error) {
	if d := in.At.Sub(workflow.Now(ctx)); d > 0 {
		if err := workflow.Sleep(ctx, d); err != nil {
			return false, err
		}
	}
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	var a *activities.Publishing
	var done bool
	err := workflow.ExecuteActivity(ctx, a.PublishNow, in.SiteID, in.Kind, in.Key, in.At).Get(ctx, &done)
	return done, err
}

// PublishClient sets and cancels the durable publish timers (cms.Scheduler).
type PublishClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
}

// SchedulePublish starts the item's timer, replacing one already running.
func (c *PublishClient) SchedulePublish(ctx context.Context, siteID int64, kind, key string, at time.Time) error {
	_, err := c.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       PublishWorkflowID(siteID, kind, key),
		TaskQueue:                cmp.Or(c.TaskQueue, DefaultTaskQueue),
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
	}, ScheduledPublish, PublishInput{SiteID: siteID, Kind: kind, Key: key, At: at})
	if err != nil {
		return sitecore.Unavailable("SchedulePublish", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("ScheduledPublish")
	}
	return nil
}

// CancelPublish stops the item's timer; none running is fine.
func (c *PublishClient) CancelPublish(ctx context.Context, siteID int64, kind, key string) error {
	err := c.Temporal.CancelWorkflow(ctx, PublishWorkflowID(siteID, kind, key), "")
	var nf *serviceerror.NotFound
	if err != nil && !errors.As(err, &nf) {
		return sitecore.Unavailable("CancelPublish", "temporal", err)
	}
	return nil
}
