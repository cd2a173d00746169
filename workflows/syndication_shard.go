package workflows

import (
	"slices"
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
)

// SignalShardItems carries items of several sites whose public state changed (or which are
// to be resent): the relay's signal to SyndicationOutboundShard, one per shard and relay
// round.
const SignalShardItems = "items-changed"

// DefaultShards is how many outbound shards each destination has unless configured
// (MEKTEP_SYNDICATION_SHARDS).
const DefaultShards = 32

// ShardOf is the shard of a site at a destination with n shards. Every item of a site is
// always in the same shard, so one item is never in two shard processes at once (as long
// as n does not change while deliveries are pending: docs/syndication.md).
func ShardOf(siteID int64, n int) int {
	if n <= 0 {
		n = DefaultShards
	}
	return int(uint64(siteID) % uint64(n))
}

// OutboundShardWorkflowID is the outbound process of one shard of a destination. It
// differs from the IDs of the older types (SyndicationOutbound, SyndicationOutboundBatch),
// which drain undisturbed: nothing signals them any more and they end when idle.
func OutboundShardWorkflowID(destID int64, shard int) string {
	return "syndication-shard/" + strconv.FormatInt(destID, 10) + "/" + strconv.Itoa(shard)
}

// ItemWait is an item waiting to be tried again after a failed delivery.
type ItemWait struct {
	Item     activities.ItemRef
	Attempts int
	First    time.Time // the first failure: retries end For after it
	Next     time.Time
	Error    string
}

// OutboundShardInput names one shard of one destination; Pending and Waiting carry the
// items still to deliver across continue-as-new.
type OutboundShardInput struct {
	DestinationID int64
	Shard         int
	Retry         RetrySettings
	Pending       []activities.ItemRef
	Waiting       []ItemWait
}

// Shard batching limits.
const (
	// shardBatchSize is how many items (of any sites) one DeliverShard activity takes.
	shardBatchSize = 100
	// shardParallel is how many batches of one shard run at once; an item is in at most
	// one of them.
	shardParallel = 2
	// shardHistoryBytes is the history size after which the process continues as new
	// (besides outboundHistory events): signals and batches carry item keys.
	shardHistoryBytes = 4 << 20
)

// SyndicationOutboundShard delivers the news changes of every site of one shard to one
// destination: a batch spans sites (the items of many schools), so the number of
// processes and of workflow tasks no longer grows with the number of schools. Otherwise it
// is SyndicationOutboundBatch item for item: each delivery carries the item's current state
// under its own delivery key (syndication.Decide), so an update never overtakes the create
// and an unpublish wins; an item is never in two running batches at once, and a change
// arriving while it is being delivered runs again after; items that failed wait with
// backoff (per item, kept here) for Retry.For from their first failure, then become dead
// letters; a partner's refusal is a dead letter at once; a resend (the same signal) brings
// a dead item back.
func SyndicationOutboundShard(ctx workflow.Context, in OutboundShardInput) error {
	retry := in.Retry.withDefaults()
	type ref = activities.ItemRef
	var queue []ref
	queued, running, dirty := map[ref]bool{}, map[ref]bool{}, map[ref]bool{}
	// waiting is a slice, not a map: a workflow must not depend on map order.
	waiting := slices.Clone(in.Waiting)
	findWaiting := func(it ref) int {
		return slices.IndexFunc(waiting, func(w ItemWait) bool { return w.Item == it })
	}
	dropWaiting := func(it ref) {
		if i := findWaiting(it); i >= 0 {
			waiting = slices.Delete(waiting, i, i+1)
		}
	}
	add := func(it ref) {
		switch {
		case running[it]:
			dirty[it] = true
		case !queued[it]:
			queued[it] = true
			queue = append(queue, it)
		}
	}
	for _, it := range in.Pending {
		add(it)
	}
	signals := workflow.GetSignalChannel(ctx, SignalShardItems)
	receive := func(c workflow.ReceiveChannel) {
		var items []ref
		c.Receive(ctx, &items)
		for _, it := range items {
			add(it)
		}
	}
	type finished struct {
		items []ref
		retry []activities.ItemOutcome
		err   error
	}
	done := workflow.NewChannel(ctx)
	// The activity retries as a whole only when it could not run at all (the database is
	// down); failures of single items come back as outcomes.
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    4 * retry.Attempt,
		ScheduleToCloseTimeout: retry.For,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: retry.Initial, BackoffCoefficient: 2, MaximumInterval: retry.Maximum,
			MaximumAttempts: retry.MaxAttempts},
	})
	bctx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{MaximumInterval: 5 * time.Minute}})
	var a *activities.Syndication
	inFlight := 0
	startBatch := func(items []ref) {
		inFlight++
		for _, it := range items {
			running[it] = true
		}
		workflow.Go(ctx, func(gctx workflow.Context) {
			var res activities.DeliverShardResult
			err := workflow.ExecuteActivity(actx, a.DeliverShard, activities.DeliverShardInput{DestinationID: in.DestinationID,
				Items: items}).Get(gctx, &res)
			done.Send(gctx, finished{items: items, retry: res.Retry, err: err})
		})
	}
	bury := func(items []ref, msg string) {
		if len(items) == 0 {
			return
		}
		workflow.GetLogger(ctx).Warn("syndication deliveries failed for good", "destination", in.DestinationID,
			"shard", in.Shard, "items", len(items), "error", msg)
		_ = workflow.ExecuteActivity(bctx, a.BuryShard, activities.DeliverShardInput{DestinationID: in.DestinationID,
			Items: items}, msg).Get(ctx, nil)
	}
	// failed puts an item to wait for its next attempt, or buries it when its time is up.
	failed := func(o activities.ItemOutcome, now time.Time) (buried bool) {
		it := ref{SiteID: o.SiteID, Key: o.Key}
		i := findWaiting(it)
		w := ItemWait{Item: it, First: now}
		if i >= 0 {
			w = waiting[i]
		}
		w.Attempts++
		w.Error = o.Error
		if now.Sub(w.First) >= retry.For || (retry.MaxAttempts > 0 && w.Attempts >= int(retry.MaxAttempts)) {
			dropWaiting(it)
			return true
		}
		delay := retry.Initial
		for i := 1; i < w.Attempts && delay < retry.Maximum; i++ {
			delay *= 2
		}
		delay = min(delay, retry.Maximum)
		if o.RetryAfter > 0 {
			delay = o.RetryAfter
		}
		w.Next = now.Add(delay)
		if i >= 0 {
			waiting[i] = w
		} else {
			waiting = append(waiting, w)
		}
		return false
	}
	finish := func(f finished) {
		inFlight--
		now := workflow.Now(ctx)
		var dead []ref
		msg := ""
		if f.err != nil {
			// The whole batch failed for good (retries of the activity ran out).
			dead, msg = f.items, f.err.Error()
			for _, it := range f.items {
				dropWaiting(it)
			}
		} else {
			// Items not asked to retry are done (delivered, nothing due, dead already).
			if len(waiting) > 0 {
				settled := make(map[ref]bool, len(f.items))
				for _, it := range f.items {
					settled[it] = true
				}
				for _, o := range f.retry {
					delete(settled, ref{SiteID: o.SiteID, Key: o.Key})
				}
				waiting = slices.DeleteFunc(waiting, func(w ItemWait) bool { return settled[w.Item] })
			}
			for _, o := range f.retry {
				if failed(o, now) {
					dead = append(dead, ref{SiteID: o.SiteID, Key: o.Key})
					msg = o.Error
				}
			}
		}
		for _, it := range f.items {
			delete(running, it)
			if dirty[it] {
				delete(dirty, it)
				add(it)
			}
		}
		bury(dead, msg)
	}
	// due moves the waiting items whose time came to the queue.
	due := func(now time.Time) {
		for _, w := range waiting {
			if !w.Next.After(now) && !running[w.Item] && !queued[w.Item] {
				add(w.Item)
			}
		}
	}
	for {
		for len(queue) > 0 && inFlight < shardParallel {
			n := min(len(queue), shardBatchSize)
			items := slices.Clone(queue[:n])
			queue = slices.Delete(queue, 0, n)
			for _, it := range items {
				delete(queued, it)
			}
			startBatch(items)
		}
		idle := len(queue) == 0 && inFlight == 0
		info := workflow.GetInfo(ctx)
		if inFlight == 0 && (info.GetCurrentHistoryLength() > outboundHistory || info.GetCurrentHistorySize() > shardHistoryBytes) {
			drainShard(signals, add)
			next := OutboundShardInput{DestinationID: in.DestinationID, Shard: in.Shard, Retry: in.Retry, Pending: queue, Waiting: waiting}
			return workflow.NewContinueAsNewError(ctx, SyndicationOutboundShard, next)
		}
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(signals, func(c workflow.ReceiveChannel, _ bool) { receive(c) })
		sel.AddReceive(done, func(c workflow.ReceiveChannel, _ bool) {
			var f finished
			c.Receive(ctx, &f)
			finish(f)
		})
		// One timer: the next retry when items wait, the idle timeout when nothing does.
		var wake time.Time
		for _, w := range waiting {
			if !running[w.Item] && !queued[w.Item] && (wake.IsZero() || w.Next.Before(wake)) {
				wake = w.Next
			}
		}
		now := workflow.Now(ctx)
		expired, timer := false, false
		var cancel workflow.CancelFunc
		switch {
		case !wake.IsZero():
			var tctx workflow.Context
			tctx, cancel = workflow.WithCancel(ctx)
			sel.AddFuture(workflow.NewTimer(tctx, max(wake.Sub(now), time.Millisecond)), func(workflow.Future) { timer = true })
		case idle && len(waiting) == 0:
			var tctx workflow.Context
			tctx, cancel = workflow.WithCancel(ctx)
			sel.AddFuture(workflow.NewTimer(tctx, outboundIdle), func(workflow.Future) { expired = true })
		}
		sel.Select(ctx)
		if cancel != nil && !expired && !timer {
			cancel()
		}
		if timer {
			due(workflow.Now(ctx))
		}
		if expired {
			drainShard(signals, add)
			if len(queue) == 0 {
				return nil
			}
		}
	}
}

// drainShard takes every shard signal already received without blocking.
func drainShard(c workflow.ReceiveChannel, add func(activities.ItemRef)) {
	var items []activities.ItemRef
	for c.ReceiveAsync(&items) {
		for _, it := range items {
			add(it)
		}
		items = nil
	}
}
