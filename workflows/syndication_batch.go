package workflows

import (
	"slices"
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
)

// SignalNewsBatch carries the keys of several items whose public state changed (or which
// are to be resent): the relay's signal to SyndicationOutboundBatch.
const SignalNewsBatch = "news-changed-batch"

// OutboundBatchWorkflowID is the one batching outbound process of a site and a destination.
// It differs from OutboundWorkflowID so processes of the older type (SyndicationOutbound)
// drain undisturbed: nothing signals them any more, and they end when idle.
func OutboundBatchWorkflowID(siteID, destID int64) string {
	return "syndication-outbound/" + strconv.FormatInt(siteID, 10) + "/" + strconv.FormatInt(destID, 10)
}

// KeyRetry is an item waiting to be tried again after a failed delivery.
type KeyRetry struct {
	Key      string
	Attempts int
	First    time.Time // the first failure: retries end For after it
	Next     time.Time
	Error    string
}

// OutboundBatchInput names one destination of one site; Pending and Waiting carry the
// items still to deliver across continue-as-new.
type OutboundBatchInput struct {
	SiteID        int64
	DestinationID int64
	Retry         RetrySettings
	Pending       []string
	Waiting       []KeyRetry
}

// Batching limits.
const (
	// batchSize is how many items one DeliverBatch activity takes.
	batchSize = 25
	// batchParallel is how many batches of one destination run at once; an item is in at
	// most one of them.
	batchParallel = 2
)

// SyndicationOutboundBatch delivers a site's news changes to one destination, several items
// per activity: the activity reads the destination, the rules, the site and what the
// destination holds once per batch and each item once, then sends the items concurrently,
// each under its own delivery key (syndication.Decide, as in SyndicationOutbound: a delivery
// carries the item's current state, so an update never overtakes the create and an
// unpublish wins). An item is never in two running batches at once; a change arriving while
// its item is being delivered runs again after. Items that failed wait with backoff (kept
// here, per item, so one failing item does not hold the others back) for Retry.For from
// their first failure, then become dead letters; a partner's refusal is a dead letter at
// once; a resend (the same signal) brings a dead item back.
func SyndicationOutboundBatch(ctx workflow.Context, in OutboundBatchInput) error {
	retry := in.Retry.withDefaults()
	var queue []string
	queued, running, dirty := map[string]bool{}, map[string]bool{}, map[string]bool{}
	// waiting is a slice, not a map: a workflow must not depend on map order.
	waiting := slices.Clone(in.Waiting)
	findWaiting := func(key string) int {
		return slices.IndexFunc(waiting, func(w KeyRetry) bool { return w.Key == key })
	}
	dropWaiting := func(key string) {
		if i := findWaiting(key); i >= 0 {
			waiting = slices.Delete(waiting, i, i+1)
		}
	}
	add := func(key string) {
		switch {
		case running[key]:
			dirty[key] = true
		case !queued[key]:
			queued[key] = true
			queue = append(queue, key)
		}
	}
	for _, k := range in.Pending {
		add(k)
	}
	signals := workflow.GetSignalChannel(ctx, SignalNewsBatch)
	receive := func(c workflow.ReceiveChannel) {
		var keys []string
		c.Receive(ctx, &keys)
		for _, k := range keys {
			add(k)
		}
	}
	type finished struct {
		keys     []string
		outcomes []activities.ItemOutcome
		err      error
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
	startBatch := func(keys []string) {
		inFlight++
		for _, k := range keys {
			running[k] = true
		}
		workflow.Go(ctx, func(gctx workflow.Context) {
			var res activities.DeliverBatchResult
			err := workflow.ExecuteActivity(actx, a.DeliverBatch, activities.DeliverBatchInput{SiteID: in.SiteID,
				DestinationID: in.DestinationID, NewsKeys: keys}).Get(gctx, &res)
			done.Send(gctx, finished{keys: keys, outcomes: res.Items, err: err})
		})
	}
	bury := func(keys []string, msg string) {
		if len(keys) == 0 {
			return
		}
		workflow.GetLogger(ctx).Warn("syndication deliveries failed for good", "site", in.SiteID,
			"destination", in.DestinationID, "news", keys, "error", msg)
		_ = workflow.ExecuteActivity(bctx, a.BuryBatch, activities.DeliverBatchInput{SiteID: in.SiteID,
			DestinationID: in.DestinationID, NewsKeys: keys}, msg).Get(ctx, nil)
	}
	// failed puts an item to wait for its next attempt, or buries it when its time is up.
	failed := func(o activities.ItemOutcome, now time.Time) (buried bool) {
		i := findWaiting(o.Key)
		w := KeyRetry{Key: o.Key, First: now}
		if i >= 0 {
			w = waiting[i]
		}
		w.Attempts++
		w.Error = o.Error
		if now.Sub(w.First) >= retry.For || (retry.MaxAttempts > 0 && w.Attempts >= int(retry.MaxAttempts)) {
			dropWaiting(o.Key)
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
		var dead []string
		msg := ""
		if f.err != nil {
			// The whole batch failed for good (retries of the activity ran out).
			dead, msg = f.keys, f.err.Error()
			for _, k := range f.keys {
				dropWaiting(k)
			}
		}
		for _, o := range f.outcomes {
			switch o.Result {
			case activities.ItemRetry:
				if failed(o, now) {
					dead = append(dead, o.Key)
					msg = o.Error
				}
			default: // delivered, nothing due, or dead already
				dropWaiting(o.Key)
			}
		}
		for _, k := range f.keys {
			delete(running, k)
			if dirty[k] {
				delete(dirty, k)
				add(k)
			}
		}
		bury(dead, msg)
	}
	// due moves the waiting items whose time came (or that changed again) to the queue.
	due := func(now time.Time) {
		for _, w := range waiting {
			if !w.Next.After(now) && !running[w.Key] && !queued[w.Key] {
				add(w.Key)
			}
		}
	}
	for {
		for len(queue) > 0 && inFlight < batchParallel {
			n := min(len(queue), batchSize)
			keys := slices.Clone(queue[:n])
			queue = queue[n:]
			for _, k := range keys {
				delete(queued, k)
			}
			startBatch(keys)
		}
		idle := len(queue) == 0 && inFlight == 0
		if inFlight == 0 && workflow.GetInfo(ctx).GetCurrentHistoryLength() > outboundHistory {
			drainBatches(signals, add)
			next := OutboundBatchInput{SiteID: in.SiteID, DestinationID: in.DestinationID, Retry: in.Retry, Pending: queue, Waiting: waiting}
			return workflow.NewContinueAsNewError(ctx, SyndicationOutboundBatch, next)
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
			if !running[w.Key] && !queued[w.Key] && (wake.IsZero() || w.Next.Before(wake)) {
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
			drainBatches(signals, add)
			if len(queue) == 0 {
				return nil
			}
		}
	}
}

// drainBatches takes every batch signal already received without blocking.
func drainBatches(c workflow.ReceiveChannel, add func(string)) {
	var keys []string
	for c.ReceiveAsync(&keys) {
		for _, k := range keys {
			add(k)
		}
		keys = nil
	}
}
