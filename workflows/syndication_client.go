package workflows

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

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

// Changed signals the batching outbound process of each destination with the keys,
// starting it when it is not running, so a change is never lost between an idle process
// ending and the next one.
func (c *SyndicationClient) Changed(ctx context.Context, siteID int64, newsKeys []string, destIDs []int64) error {
	for _, dest := range destIDs {
		if err := c.signal(ctx, syndication.ChangeBatch{SiteID: siteID, DestinationID: dest, Keys: newsKeys}); err != nil {
			return err
		}
	}
	return nil
}

func (c *SyndicationClient) signal(ctx context.Context, b syndication.ChangeBatch) error {
	_, err := c.Temporal.SignalWithStartWorkflow(ctx, OutboundBatchWorkflowID(b.SiteID, b.DestinationID), SignalNewsBatch, b.Keys,
		client.StartWorkflowOptions{TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue),
			WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE},
		SyndicationOutboundBatch, OutboundBatchInput{SiteID: b.SiteID, DestinationID: b.DestinationID, Retry: c.Retry})
	if err != nil {
		return sitecore.Unavailable("syndication signal", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("SyndicationOutboundBatch")
	}
	return nil
}

// SyndicationRelay hands the change outbox (syndication.Store.QueueChanges, written by the
// CMS's hook) to the outbound processes: all changes of a site taken together become one
// signal-with-start per destination, so a school publishing ten items costs two signals,
// not twenty, and publishing never waits for Temporal. A crash between signalling and
// deleting the changes signals them again, which only makes the process look again.
type SyndicationRelay struct {
	Store  syndication.Store
	Client *SyndicationClient
	Log    *slog.Logger
	// Poll is how often the relay looks for changes (200 ms if zero); while there is a
	// backlog it does not wait at all.
	Poll time.Duration
	// Parallel is how many signals are in flight at once (16 if zero).
	Parallel int
}

// Run relays until ctx is done.
func (r *SyndicationRelay) Run(ctx context.Context) {
	tick := time.NewTicker(cmp.Or(r.Poll, 200*time.Millisecond))
	defer tick.Stop()
	for ctx.Err() == nil {
		n, err := r.Store.RelayChanges(ctx, 1000, r.send)
		if err != nil && ctx.Err() == nil {
			r.Log.Warn("syndication relay", "error", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
}

// send signals every batch, several at once; any failure fails the whole (the changes stay
// queued and are signalled again).
func (r *SyndicationRelay) send(ctx context.Context, batches []syndication.ChangeBatch) error {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		sem      = make(chan struct{}, cmp.Or(r.Parallel, 16))
	)
	for _, b := range batches {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := r.Client.signal(ctx, b); err != nil {
				mu.Lock()
				firstErr = cmp.Or(firstErr, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return firstErr
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
