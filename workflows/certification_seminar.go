package workflows

import (
	"strconv"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// Signals of the seminar workflow.
const (
	// SignalSeminarChanged says the seminar's record changed (dates, cancellation): the
	// workflow reloads it and moves its reminders.
	SignalSeminarChanged = "changed"
	// SignalSeminarPromoted carries the IDs of people who moved up from the waiting line,
	// to be told.
	SignalSeminarPromoted = "promoted"
)

// SeminarWorkflowID is the one workflow of a seminar.
func SeminarWorkflowID(seminarID int64) string { return "seminar/" + strconv.FormatInt(seminarID, 10) }

// SeminarInput starts a seminar's workflow.
type SeminarInput struct{ SeminarID int64 }

// Seminar sends a seminar's reminders on durable timers, a week and a day before it starts
// (Almaty calendar days: certification.Seminar.ReminderAt), to every confirmed registrant
// at that moment, and tells people who move up from the waiting line. A change of dates
// moves the timers (a reminder whose moment had passed when the date was set is skipped,
// so nobody is told "in a week" three days before); a cancelled seminar, or one that has
// started, ends the workflow. Only IDs and times enter the history.
func Seminar(ctx workflow.Context, in SeminarInput) error {
	ctx = certOptions(ctx)
	changed := workflow.GetSignalChannel(ctx, SignalSeminarChanged)
	promoted := workflow.GetSignalChannel(ctx, SignalSeminarPromoted)
	var plan activities.SeminarPlan
	load := func() error {
		return workflow.ExecuteLocalActivity(ctx, certActs.LoadSeminar, in.SeminarID).Get(ctx, &plan)
	}
	if err := load(); err != nil {
		return err
	}
	since := workflow.Now(ctx) // reminders due before this are skipped
	sent := map[int]bool{}
	tell := func(ids []int64) error {
		if len(ids) == 0 {
			return nil
		}
		return workflow.ExecuteActivity(ctx, certActs.NotifySeminar, activities.SeminarNotice{SeminarID: in.SeminarID,
			Kind: activities.SeminarMailPromoted, StartsAt: plan.StartsAt, UserIDs: ids}).Get(ctx, nil)
	}
	for {
		now := workflow.Now(ctx)
		if plan.Cancelled || !now.Before(plan.StartsAt) {
			// Promotions signalled before the end are still told.
			for {
				var ids []int64
				if !promoted.ReceiveAsync(&ids) {
					return nil
				}
				if err := tell(ids); err != nil {
					return err
				}
			}
		}
		at, days := plan.StartsAt, 0
		for _, d := range certification.SeminarReminders {
			t := (&certification.Seminar{StartsAt: plan.StartsAt}).ReminderAt(d)
			if !sent[d] && t.After(since) {
				at, days = t, d
				break
			}
		}
		tctx, cancel := workflow.WithCancel(ctx)
		timer := workflow.NewTimer(tctx, max(at.Sub(now), time.Millisecond))
		sel := workflow.NewSelector(ctx)
		fired, reload := false, false
		var moved []int64
		sel.AddFuture(timer, func(f workflow.Future) { fired = f.Get(ctx, nil) == nil })
		sel.AddReceive(changed, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil); reload = true })
		sel.AddReceive(promoted, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, &moved) })
		sel.Select(ctx)
		cancel()
		switch {
		case reload:
			was := plan.StartsAt
			if err := load(); err != nil {
				return err
			}
			if !plan.StartsAt.Equal(was) {
				since, sent = workflow.Now(ctx), map[int]bool{}
			}
		case moved != nil:
			if err := tell(moved); err != nil {
				return err
			}
		case fired && days > 0:
			if err := workflow.ExecuteActivity(ctx, certActs.NotifySeminar, activities.SeminarNotice{SeminarID: in.SeminarID,
				Kind: activities.SeminarMailReminder, Days: days, StartsAt: plan.StartsAt}).Get(ctx, nil); err != nil {
				return err
			}
			sent[days] = true
			workflow.GetLogger(ctx).Info("seminar reminder sent", "seminar", in.SeminarID, "days", days,
				"starts", plan.StartsAt.In(sitecore.Almaty).Format(time.DateTime))
		}
	}
}
