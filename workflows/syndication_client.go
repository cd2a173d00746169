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

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

// SyndicationClient starts and signals the syndication workflows (syndication.Dispatcher).
type SyndicationClient struct {
	Temporal  client.Client
	TaskQueue string
	// Retry bounds deliveries (zero: three days of backoff up to an hour).
	Retry RetrySettings
	// Shards is how many outbound processes each destination has (DefaultShards if zero);
	// a site's items always go to the same one (ShardOf).
	Shards  int
	OnStart func(workflowType string)
}

var _ syndication.Dispatcher = (*SyndicationClient)(nil)

// Changed signals the outbound shard process of the site at each destination with the
// keys, starting it when it is not running, so a change is never lost between an idle
// process ending and the next one.
func (c *SyndicationClient) Changed(ctx context.Context, siteID int64, newsKeys []string, destIDs []int64) error {
	for _, dest := range destIDs {
		items := make([]activities.ItemRef, len(newsKeys))
		for i, k := range newsKeys {
			items[i] = activities.ItemRef{SiteID: siteID, Key: k}
		}
		if err := c.signalShard(ctx, dest, ShardOf(siteID, c.Shards), items); err != nil {
			return err
		}
	}
	return nil
}

// shardBatch is the items of one relay round for one shard of a destination.
type shardBatch struct {
	dest  int64
	shard int
	items []activities.ItemRef
}

// shardBatches regroups the relay's batches (per site and destination) per destination and
// shard, in the order they first appear.
func (c *SyndicationClient) shardBatches(batches []syndication.ChangeBatch) []*shardBatch {
	type destShard struct {
		dest  int64
		shard int
	}
	var out []*shardBatch
	at := map[destShard]*shardBatch{}
	for _, b := range batches {
		k := destShard{b.DestinationID, ShardOf(b.SiteID, c.Shards)}
		sb := at[k]
		if sb == nil {
			sb = &shardBatch{dest: k.dest, shard: k.shard}
			at[k] = sb
			out = append(out, sb)
		}
		for _, key := range b.Keys {
			sb.items = append(sb.items, activities.ItemRef{SiteID: b.SiteID, Key: key})
		}
	}
	return out
}

func (c *SyndicationClient) signalShard(ctx context.Context, dest int64, shard int, items []activities.ItemRef) error {
	_, err := c.Temporal.SignalWithStartWorkflow(ctx, OutboundShardWorkflowID(dest, shard), SignalShardItems, items,
		client.StartWorkflowOptions{TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue),
			WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE},
		SyndicationOutboundShard, OutboundShardInput{DestinationID: dest, Shard: shard, Retry: c.Retry})
	if err != nil {
		return sitecore.Unavailable("syndication signal", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("SyndicationOutboundShard")
	}
	return nil
}

// SyndicationRelay hands the change outbox (syndication.Store.QueueChanges, written by the
// CMS's hook) to the outbound processes: all changes of a relay round (up to 1,000) become
// one signal-with-start per destination and shard, whatever the number of schools, and
// publishing never waits for Temporal. A crash between signalling and
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

// send signals every shard of the round once, several at once; any failure fails the whole
// (the changes stay queued and are signalled again).
func (r *SyndicationRelay) send(ctx context.Context, batches []syndication.ChangeBatch) error {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		sem      = make(chan struct{}, cmp.Or(r.Parallel, 16))
	)
	for _, b := range r.Client.shardBatches(batches) {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := r.Client.signalShard(ctx, b.dest, b.shard, b.items); err != nil {
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
