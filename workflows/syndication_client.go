package workflows

import (
	"cmp"
	"context"
	"errors"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

// SyndicationClient starts and signals the syndication workflows (syndication.Dispatcher).
type SyndicationClient struct {
	Temporal  client.Client
	TaskQueue string
	// Retry bounds deliveries (zero: three days of backoff up to an hour).
	Retry   RetrySettings
	OnStart func(workflowType string)
}

var _ syndication.Dispatcher = (*SyndicationClient)(nil)

// Changed signals the outbound process of each destination, starting it when it is not
// running, so a change is never lost between an idle process ending and the next one.
func (c *SyndicationClient) Changed(ctx context.Context, siteID int64, newsKey string, destIDs []int64) error {
	for _, dest := range destIDs {
		_, err := c.Temporal.SignalWithStartWorkflow(ctx, OutboundWorkflowID(siteID, dest), SignalNewsChanged, newsKey,
			client.StartWorkflowOptions{TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue),
				WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE},
			SyndicationOutbound, OutboundInput{SiteID: siteID, DestinationID: dest, Retry: c.Retry})
		if err != nil {
			return sitecore.Unavailable("syndication signal", "temporal", err)
		}
		if c.OnStart != nil {
			c.OnStart("SyndicationOutbound")
		}
	}
	return nil
}

// StartPolling starts the subscription's polling process; one running is fine.
func (c *SyndicationClient) StartPolling(ctx context.Context, siteID, subID int64) error {
	_, err := c.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: PollWorkflowID(siteID, subID),
		TaskQueue:                cmp.Or(c.TaskQueue, DefaultTaskQueue),
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, SyndicationPoll, PollInput{SiteID: siteID, SubscriptionID: subID})
	if err != nil {
		return sitecore.Unavailable("syndication poll start", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("SyndicationPoll")
	}
	return nil
}

// StopPolling cancels the subscription's polling process; none running is fine.
func (c *SyndicationClient) StopPolling(ctx context.Context, siteID, subID int64) error {
	err := c.Temporal.CancelWorkflow(ctx, PollWorkflowID(siteID, subID), "")
	var nf *serviceerror.NotFound
	if err != nil && !errors.As(err, &nf) {
		return sitecore.Unavailable("syndication poll stop", "temporal", err)
	}
	return nil
}

// PollNow asks the subscription's process to poll at once (tests, an admin's "refresh").
func (c *SyndicationClient) PollNow(ctx context.Context, siteID, subID int64) error {
	err := c.Temporal.SignalWorkflow(ctx, PollWorkflowID(siteID, subID), "", SignalPollNow, nil)
	if err != nil {
		return sitecore.Unavailable("syndication poll now", "temporal", err)
	}
	return nil
}
