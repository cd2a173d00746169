package workflows

import (
	"strconv"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
)

// Update names of the event workflow. Each has a validator that refuses (activities.Refusal)
// while the event loads, once it is cancelled and once it has ended.
const (
	UpdateEventChanged = "changed" // the record changed: reload, move reminders, fill new seats
	UpdateEventFreed   = "freed"   // a confirmed seat was given back: promote the next in line
	UpdateEventCancel  = "cancel"  // cancel the event and tell everyone signed up
)

// EventWorkflowID is the one workflow of an event.
func EventWorkflowID(eventID int64) string { return "event/" + strconv.FormatInt(eventID, 10) }

// EventInput starts an event's workflow. Only IDs: sign-ups go to PostgreSQL directly.
type EventInput struct{ SiteID, EventID int64 }

// EventAction is who sends an update.
type EventAction struct{ ActorID int64 }

// EventView is the event's state as its workflow sees it.
type EventView struct {
	Cancelled bool
	Promoted  int      // attendees moved up from the waiting line so far
	Reminders []string // reminders sent ("day", "hour")
}

// EventReminders are the reminders before an event: their kind and how long before the
// start they go out.
var EventReminders = []struct {
	Kind   string
	Before time.Duration
}{{activities.EventMailDay, 24 * time.Hour}, {activities.EventMailHour, time.Hour}}

// eventActivityOptions are those of the event's short database activities: a worker that
// dies in one is noticed within 30 s. NotifyEvent, which may send thousands of emails,
// heartbeats instead (eventMailOptions).
var (
	eventActivityOptions = workflow.ActivityOptions{StartToCloseTimeout: 30 * time.Second, RetryPolicy: ticketRetry}
	eventMailOptions     = workflow.ActivityOptions{StartToCloseTimeout: time.Hour, HeartbeatTimeout: 30 * time.Second, RetryPolicy: ticketRetry}
)

// eventRun is the running workflow's state.
type eventRun struct {
	ref       activities.EventRef
	plan      activities.EventPlan
	loaded    bool
	since     time.Time // reminders due before this moment are skipped
	sent      map[string]bool
	promote   bool // a seat may be free: promote before waiting again
	cancelled bool // cancelled through the update: tell everyone
	version   int
	view      EventView
}

// Event runs one event from creation to its end: the reminders a day and an hour before
// the start (on durable timers, to everyone confirmed at that moment; a reminder whose
// moment had passed when the event was created or moved is skipped), the promotions from
// the waiting line when a seat is freed or the capacity grows (PostgreSQL decides who, in
// order; the workflow emails them), and the cancellation, which emails everyone signed up.
// It ends when the event ends or is cancelled.
func Event(ctx workflow.Context, in EventInput) (EventView, error) {
	ctx = workflow.WithActivityOptions(ctx, eventActivityOptions)
	var a *activities.Events
	w := &eventRun{ref: activities.EventRef{SiteID: in.SiteID, EventID: in.EventID}, sent: map[string]bool{}}
	// The handlers are there from the first task, so an update that arrives while the event
	// loads is refused as "starting" (retried by sendUpdate), not as an unknown update.
	if err := w.register(ctx); err != nil {
		return w.view, err
	}
	if err := workflow.ExecuteActivity(ctx, a.LoadEvent, w.ref).Get(ctx, &w.plan); err != nil {
		return w.view, err
	}
	w.loaded, w.since, w.promote = true, workflow.Now(ctx), true
	for !w.plan.Cancelled {
		now := workflow.Now(ctx)
		if !now.Before(w.plan.EndsAt) {
			break
		}
		if w.promote {
			w.promote = false
			if err := w.promoteLine(ctx); err != nil {
				return w.view, err
			}
			continue
		}
		wake := w.plan.EndsAt
		if kind, at := w.nextReminder(); kind != "" {
			if !now.Before(at) {
				if err := w.remind(ctx, kind); err != nil {
					return w.view, err
				}
				continue
			}
			wake = at
		}
		if workflow.GetInfo(ctx).GetContinueAsNewSuggested() && workflow.AllHandlersFinished(ctx) {
			// A long history (many cancellations) starts afresh: reminders due before the new
			// run's start were sent by this one, and a promotion runs first thing there.
			return w.view, workflow.NewContinueAsNewError(ctx, Event, in)
		}
		seen := w.version
		if _, err := workflow.AwaitWithTimeout(ctx, wake.Sub(now), func() bool { return w.version != seen }); err != nil {
			return w.view, err
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return w.view, err
	}
	if w.cancelled {
		var n int
		err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, eventMailOptions), a.NotifyEvent, activities.EventNotice{EventRef: w.ref,
			Kind: activities.EventMailCancelled, StartsAt: w.plan.StartsAt}).Get(ctx, &n)
		return w.view, err
	}
	return w.view, nil
}

// nextReminder is the first reminder not sent whose moment is after w.since.
func (w *eventRun) nextReminder() (string, time.Time) {
	for _, r := range EventReminders {
		at := w.plan.StartsAt.Add(-r.Before)
		if !w.sent[r.Kind] && at.After(w.since) {
			return r.Kind, at
		}
	}
	return "", time.Time{}
}

func (w *eventRun) remind(ctx workflow.Context, kind string) error {
	var a *activities.Events
	var n int
	if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, eventMailOptions), a.NotifyEvent, activities.EventNotice{EventRef: w.ref, Kind: kind,
		StartsAt: w.plan.StartsAt}).Get(ctx, &n); err != nil {
		return err
	}
	w.sent[kind] = true
	w.view.Reminders = append(w.view.Reminders, kind)
	workflow.GetLogger(ctx).Info("event reminder sent", "site", w.ref.SiteID, "event", w.ref.EventID, "kind", kind, "emails", n)
	return nil
}

// promoteLine confirms the first of the waiting line into free seats and emails them.
func (w *eventRun) promoteLine(ctx workflow.Context) error {
	var a *activities.Events
	var ids []int64
	if err := workflow.ExecuteActivity(ctx, a.PromoteEvent, w.ref).Get(ctx, &ids); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	w.view.Promoted += len(ids)
	var n int
	return workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, eventMailOptions), a.NotifyEvent, activities.EventNotice{EventRef: w.ref,
		Kind: activities.EventMailPromoted, StartsAt: w.plan.StartsAt, Attendees: ids}).Get(ctx, &n)
}

// register installs the update handlers; validators see the state when the update arrives.
func (w *eventRun) register(ctx workflow.Context) error {
	running := func(ctx workflow.Context) error {
		switch {
		case !w.loaded:
			return activities.Refusal(sitecore.Conflictf("event", "events.starting"))
		case w.plan.Cancelled:
			return activities.Refusal(sitecore.Conflictf("event", "events.cancelled"))
		case !workflow.Now(ctx).Before(w.plan.EndsAt):
			return activities.Refusal(sitecore.Conflictf("event", "events.ended"))
		}
		return nil
	}
	opts := workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, _ EventAction) error { return running(ctx) }}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateEventChanged,
		func(ctx workflow.Context, _ EventAction) (EventView, error) {
			var a *activities.Events
			var p activities.EventPlan
			ctx = workflow.WithActivityOptions(ctx, eventActivityOptions)
			if err := workflow.ExecuteActivity(ctx, a.LoadEvent, w.ref).Get(ctx, &p); err != nil {
				return w.view, err
			}
			if !p.StartsAt.Equal(w.plan.StartsAt) {
				w.since, w.sent = workflow.Now(ctx), map[string]bool{}
			}
			w.plan, w.promote = p, true
			w.version++
			return w.view, nil
		}, opts); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateEventFreed,
		func(ctx workflow.Context, _ EventAction) (EventView, error) {
			w.promote = true
			w.version++
			return w.view, nil
		}, opts); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateEventCancel,
		func(ctx workflow.Context, _ EventAction) (EventView, error) {
			var a *activities.Events
			ctx = workflow.WithActivityOptions(ctx, eventActivityOptions)
			if err := workflow.ExecuteActivity(ctx, a.CancelEvent, w.ref).Get(ctx, nil); err != nil {
				return w.view, err
			}
			w.plan.Cancelled, w.cancelled, w.view.Cancelled = true, true, true
			w.version++
			return w.view, nil
		}, opts)
}
