package workflows

import (
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
)

// Signals of the syndication workflows.
const (
	// SignalNewsChanged carries a news key whose public state changed (or is to be resent).
	SignalNewsChanged = "news-changed"
	// SignalPollNow asks a polling workflow to poll at once.
	SignalPollNow = "poll-now"
)

// RetrySettings bound how a delivery is retried. The defaults retry for three days with
// backoff from 30 seconds to an hour, each attempt given two minutes; tests shorten them.
// MaxAttempts is 0 (unlimited, bounded by For) in production; the SDK's test environment
// treats 0 as 10, so time-skipping tests set it.
type RetrySettings struct {
	Initial, Maximum, For, Attempt time.Duration
	MaxAttempts                    int32
}

func (r RetrySettings) withDefaults() RetrySettings {
	if r.Initial <= 0 {
		r.Initial = 30 * time.Second
	}
	if r.Maximum <= 0 {
		r.Maximum = time.Hour
	}
	if r.For <= 0 {
		r.For = 72 * time.Hour
	}
	if r.Attempt <= 0 {
		r.Attempt = 2 * time.Minute
	}
	return r
}

// OutboundInput names one destination of one site. Pending carries the items still waiting
// across continue-as-new.
type OutboundInput struct {
	SiteID        int64
	DestinationID int64
	Retry         RetrySettings
	Pending       []string
}

// OutboundWorkflowID is the one outbound process of a site and a destination.
func OutboundWorkflowID(siteID, destID int64) string {
	return "syndication-out/" + strconv.FormatInt(siteID, 10) + "/" + strconv.FormatInt(destID, 10)
}

// Outbound limits.
const (
	// outboundParallel is how many items of one destination are delivered at once; the
	// operations of one item never run at the same time.
	outboundParallel = 4
	// outboundIdle is how long an idle process waits for news before it ends (the next
	// change starts it again with signal-with-start).
	outboundIdle = 24 * time.Hour
	// outboundHistory is the history length after which the process continues as new.
	outboundHistory = 5000
)

// SyndicationOutbound delivers a site's news changes to one destination. It keeps only the
// keys of items waiting: each delivery compares the destination's copy with the item as it
// is then, so several changes of an item while it waits are one delivery, an update never
// overtakes the create, and an unpublish wins. A delivery is retried with backoff for days;
// when retries run out (or the partner refuses the item) it becomes a dead letter that a
// resend (the same signal) brings back.
func SyndicationOutbound(ctx workflow.Context, in OutboundInput) error {
	retry := in.Retry.withDefaults()
	var queue []string
	queued, running, dirty := map[string]bool{}, map[string]bool{}, map[string]bool{}
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
	signals := workflow.GetSignalChannel(ctx, SignalNewsChanged)
	done := workflow.NewChannel(ctx)
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    retry.Attempt,
		ScheduleToCloseTimeout: retry.For,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: retry.Initial, BackoffCoefficient: 2, MaximumInterval: retry.Maximum,
			MaximumAttempts: retry.MaxAttempts, NonRetryableErrorTypes: []string{activities.ErrPermanent}},
	})
	bctx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{MaximumInterval: 5 * time.Minute}})
	var a *activities.Syndication
	deliver := func(key string) {
		running[key] = true
		workflow.Go(ctx, func(gctx workflow.Context) {
			di := activities.DeliverInput{SiteID: in.SiteID, DestinationID: in.DestinationID, NewsKey: key}
			err := workflow.ExecuteActivity(actx, a.Deliver, di).Get(gctx, nil)
			if err != nil {
				workflow.GetLogger(gctx).Warn("syndication delivery failed for good", "site", in.SiteID,
					"destination", in.DestinationID, "news", key, "error", err)
				_ = workflow.ExecuteActivity(bctx, a.Bury, di, err.Error()).Get(gctx, nil)
			}
			done.Send(gctx, key)
		})
	}
	for {
		for len(queue) > 0 && len(running) < outboundParallel {
			key := queue[0]
			queue = queue[1:]
			delete(queued, key)
			deliver(key)
		}
		idle := len(queue) == 0 && len(running) == 0
		if idle && workflow.GetInfo(ctx).GetCurrentHistoryLength() > outboundHistory {
			drain(signals, add)
			if len(queue) == 0 {
				return workflow.NewContinueAsNewError(ctx, SyndicationOutbound, OutboundInput{SiteID: in.SiteID,
					DestinationID: in.DestinationID, Retry: in.Retry})
			}
			continue
		}
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(signals, func(c workflow.ReceiveChannel, _ bool) {
			var key string
			c.Receive(ctx, &key)
			add(key)
		})
		sel.AddReceive(done, func(c workflow.ReceiveChannel, _ bool) {
			var key string
			c.Receive(ctx, &key)
			delete(running, key)
			if dirty[key] {
				delete(dirty, key)
				add(key)
			}
		})
		expired := false
		var cancel workflow.CancelFunc
		if idle {
			var tctx workflow.Context
			tctx, cancel = workflow.WithCancel(ctx)
			sel.AddFuture(workflow.NewTimer(tctx, outboundIdle), func(workflow.Future) { expired = true })
		}
		sel.Select(ctx)
		if cancel != nil && !expired {
			cancel()
		}
		if expired {
			drain(signals, add)
			if len(queue) == 0 {
				return nil
			}
		}
	}
}

// drain takes every signal already received without blocking.
func drain(c workflow.ReceiveChannel, add func(string)) {
	var key string
	for c.ReceiveAsync(&key) {
		add(key)
	}
}

// PollInput names a subscription; Polls counts polls since the last continue-as-new.
type PollInput struct {
	SiteID         int64
	SubscriptionID int64
	Polls          int
}

// PollWorkflowID is the one polling process of a subscription.
func PollWorkflowID(siteID, subID int64) string {
	return "syndication-poll/" + strconv.FormatInt(siteID, 10) + "/" + strconv.FormatInt(subID, 10)
}

// pollsPerRun is how many polls one run makes before it continues as new (short history).
const pollsPerRun = 100

// SyndicationPoll polls a subscribed feed on a durable timer until the subscription is
// removed (or the process is cancelled). Each poll is a conditional GET; what it imports is
// decided in the activity.
func SyndicationPoll(ctx workflow.Context, in PollInput) error {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    2 * time.Minute,
		ScheduleToCloseTimeout: 30 * time.Minute,
		RetryPolicy:            &temporal.RetryPolicy{InitialInterval: 10 * time.Second, MaximumInterval: 5 * time.Minute},
	})
	now := workflow.GetSignalChannel(ctx, SignalPollNow)
	var a *activities.Syndication
	for polls := in.Polls; ; polls++ {
		var res activities.PollResult
		err := workflow.ExecuteActivity(actx, a.Poll, in.SiteID, in.SubscriptionID).Get(ctx, &res)
		switch {
		case err != nil && temporal.IsCanceledError(err):
			return nil
		case err != nil:
			workflow.GetLogger(ctx).Warn("feed poll failed", "site", in.SiteID, "subscription", in.SubscriptionID, "error", err)
			res.Interval = 15 * time.Minute
		case res.Gone:
			return nil
		}
		if polls+1 >= pollsPerRun {
			return workflow.NewContinueAsNewError(ctx, SyndicationPoll, PollInput{SiteID: in.SiteID, SubscriptionID: in.SubscriptionID})
		}
		tctx, cancel := workflow.WithCancel(ctx)
		sel := workflow.NewSelector(ctx)
		sel.AddFuture(workflow.NewTimer(tctx, res.Interval), func(workflow.Future) {})
		sel.AddReceive(now, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil) })
		sel.Select(ctx)
		cancel()
		if ctx.Err() != nil {
			return nil
		}
	}
}
