package workflows

import (
	"strconv"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// Update names of the survey workflow. Each has a validator; each is recorded in PostgreSQL
// with its audit entry before the workflow acts on it.
const (
	UpdateSurveyCancel = "cancel" // stop before closing; nothing is counted
	UpdateSurveyExtend = "extend" // close later (never earlier, never in the past)
	UpdateSurveyClose  = "close"  // close now and count
)

// SurveyWorkflowID is the one workflow of a survey.
func SurveyWorkflowID(surveyID int64) string { return "survey/" + strconv.FormatInt(surveyID, 10) }

// SurveyInput starts the workflow of a scheduled survey. Only IDs: ballots go to
// PostgreSQL directly and never through Temporal.
type SurveyInput struct {
	SiteID, SurveyID int64
}

// SurveyAction is an author's update: who, and for an extension the new closing time.
type SurveyAction struct {
	ActorID  int64
	ClosesAt time.Time `json:",omitempty"`
}

// SurveyView is the survey's state as the workflow sees it.
type SurveyView struct {
	Status        survey.Status
	ClosesAt      time.Time
	RemindersSent int
	Results       *activities.ResultsSummary `json:",omitempty"`
}

var surveyActivityOptions = workflow.ActivityOptions{StartToCloseTimeout: time.Minute,
	HeartbeatTimeout: 30 * time.Second, RetryPolicy: ticketRetry}

// surveyRun is the running workflow's state.
type surveyRun struct {
	ref      activities.SurveyRef
	info     activities.SurveyInfo
	done     []bool // reminders of the plan that fired (sent or skipped)
	sent     int
	closeNow bool // closed early: count now
	loaded   bool // info has been loaded; until then every update is refused
	opening  bool // the OpenSurvey activity runs
	version  int
	results  *activities.ResultsSummary
}

// Survey runs one survey from scheduling to results: it opens the ballot box at OpensAt on a
// durable timer, sends each reminder of the plan once (to the listed audience who has not
// voted; a reminder that would fall before opening is skipped), closes the box at ClosesAt,
// computes the results once, publishes them when the survey says so and tells the owner.
// Authors cancel, extend or close early through updates.
func Survey(ctx workflow.Context, in SurveyInput) (SurveyView, error) {
	ctx = workflow.WithActivityOptions(ctx, surveyActivityOptions)
	var a *activities.Surveys
	w := &surveyRun{ref: activities.SurveyRef{SiteID: in.SiteID, SurveyID: in.SurveyID}}
	// The handlers are there from the first task, so an update that arrives while the survey
	// loads is refused as "starting" (a 409 to retry), not as an unknown update.
	if err := w.register(ctx); err != nil {
		return w.view(), err
	}
	if err := workflow.ExecuteActivity(ctx, a.LoadSurvey, w.ref).Get(ctx, &w.info); err != nil {
		return w.view(), err
	}
	w.done = make([]bool, len(w.info.Reminders))
	w.loaded = true
	for !w.finished() {
		now := workflow.Now(ctx)
		var at time.Time
		switch {
		case w.info.Status == survey.StatusScheduled && !now.Before(w.info.OpensAt):
			// While the box opens the record may already say "open": an early close is then
			// refused as "starting" (retried by the client), not as "scheduled".
			w.opening = true
			err := workflow.ExecuteActivity(ctx, a.OpenSurvey, w.ref).Get(ctx, nil)
			w.opening = false
			if err != nil {
				return w.view(), err
			}
			if w.info.Status == survey.StatusScheduled { // an update may have moved on meanwhile
				w.info.Status = survey.StatusOpen
			}
			continue
		case w.info.Status == survey.StatusScheduled:
			at = w.info.OpensAt
		case !now.Before(w.info.ClosesAt):
			w.closeNow = true
			continue
		default:
			i, due := w.nextReminder()
			if i >= 0 && !now.Before(due) {
				if err := w.remind(ctx, i, due); err != nil {
					return w.view(), err
				}
				continue
			}
			at = w.info.ClosesAt
			if i >= 0 && due.Before(at) {
				at = due
			}
		}
		seen := w.version
		if _, err := workflow.AwaitWithTimeout(ctx, at.Sub(now), func() bool { return w.version != seen }); err != nil {
			return w.view(), err
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return w.view(), err
	}
	if w.info.Status == survey.StatusCancelled {
		err := workflow.ExecuteActivity(ctx, a.NotifyOwner, activities.OwnerNotice{SurveyRef: w.ref, Kind: "cancelled"}).Get(ctx, nil)
		return w.view(), err
	}
	err := w.close(ctx) // before the view, which must show the results
	return w.view(), err
}

// finished reports whether the box is to be closed (or the survey was cancelled).
func (w *surveyRun) finished() bool {
	return w.closeNow || w.info.Status == survey.StatusCancelled || w.info.Status == survey.StatusClosed
}

func (w *surveyRun) view() SurveyView {
	return SurveyView{Status: w.info.Status, ClosesAt: w.info.ClosesAt, RemindersSent: w.sent, Results: w.results}
}

// nextReminder returns the first reminder of the plan that has not fired and when it is due,
// or -1.
func (w *surveyRun) nextReminder() (int, time.Time) {
	for i, h := range w.info.Reminders {
		if !w.done[i] {
			return i, w.info.ClosesAt.Add(-time.Duration(h) * time.Hour)
		}
	}
	return -1, time.Time{}
}

// remind sends reminder i, unless it was due before the survey opened (then it is skipped:
// the plan never sends more than it lists).
func (w *surveyRun) remind(ctx workflow.Context, i int, due time.Time) error {
	w.done[i] = true
	if due.Before(w.info.OpensAt) {
		return nil
	}
	var a *activities.Surveys
	var n int
	if err := workflow.ExecuteActivity(ctx, a.SendReminders, activities.ReminderInput{SurveyRef: w.ref, Index: i}).Get(ctx, &n); err != nil {
		return err
	}
	w.sent++
	return nil
}

// close closes the box, counts once, publishes if configured and tells the owner.
func (w *surveyRun) close(ctx workflow.Context) error {
	var a *activities.Surveys
	if err := workflow.ExecuteActivity(ctx, a.CloseSurvey, w.ref).Get(ctx, nil); err != nil {
		return err
	}
	w.info.Status = survey.StatusClosed
	var r activities.ResultsSummary
	if err := workflow.ExecuteActivity(ctx, a.ComputeResults, w.ref).Get(ctx, &r); err != nil {
		return err
	}
	w.results = &r
	if w.info.PublishResults {
		if err := workflow.ExecuteActivity(ctx, a.PublishResults, w.ref).Get(ctx, nil); err != nil {
			return err
		}
	}
	return workflow.ExecuteActivity(ctx, a.NotifyOwner, activities.OwnerNotice{SurveyRef: w.ref, Kind: "closed", Results: r}).Get(ctx, nil)
}

// surveyState is the refusal of an action the survey's status does not allow.
func surveyState(s survey.Status) *sitecore.Error {
	return sitecore.Conflictf("status", "survey.state", "value", string(s))
}

// register installs the update handlers. Validators see the state when the update arrives
// and refuse with domain errors (activities.Refusal).
func (w *surveyRun) register(ctx workflow.Context) error {
	running := func() error {
		if !w.loaded {
			return activities.Refusal(sitecore.Conflictf("status", "survey.starting"))
		}
		if w.finished() {
			return activities.Refusal(surveyState(w.info.Status))
		}
		return nil
	}
	apply := func(ctx workflow.Context, kind string, act SurveyAction) error {
		var a *activities.Surveys
		ctx = workflow.WithActivityOptions(ctx, surveyActivityOptions)
		return workflow.ExecuteActivity(ctx, a.ApplySurveyChange, activities.SurveyChange{SurveyRef: w.ref, Kind: kind,
			ActorID: act.ActorID, ClosesAt: act.ClosesAt}).Get(ctx, nil)
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateSurveyCancel,
		func(ctx workflow.Context, act SurveyAction) (SurveyView, error) {
			if err := apply(ctx, "cancel", act); err != nil {
				return w.view(), err
			}
			w.info.Status = survey.StatusCancelled
			w.version++
			return w.view(), nil
		}, workflow.UpdateHandlerOptions{Validator: func(act SurveyAction) error { return running() }}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateSurveyExtend,
		func(ctx workflow.Context, act SurveyAction) (SurveyView, error) {
			if err := apply(ctx, "extend", act); err != nil {
				return w.view(), err
			}
			w.info.ClosesAt = act.ClosesAt
			w.version++
			return w.view(), nil
		}, workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, act SurveyAction) error {
			if err := running(); err != nil {
				return err
			}
			if !act.ClosesAt.After(w.info.ClosesAt) || !act.ClosesAt.After(workflow.Now(ctx)) {
				return activities.Refusal(sitecore.Invalid("closes_at", "survey.extend"))
			}
			return nil
		}}); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateSurveyClose,
		func(ctx workflow.Context, act SurveyAction) (SurveyView, error) {
			if err := apply(ctx, "close", act); err != nil {
				return w.view(), err
			}
			w.closeNow = true
			w.version++
			return w.view(), nil
		}, workflow.UpdateHandlerOptions{Validator: func(act SurveyAction) error {
			if err := running(); err != nil {
				return err
			}
			if w.opening {
				return activities.Refusal(sitecore.Conflictf("status", "survey.starting"))
			}
			if w.info.Status != survey.StatusOpen {
				return activities.Refusal(surveyState(w.info.Status))
			}
			return nil
		}})
}
