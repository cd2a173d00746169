package workflows

import (
	"slices"
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

// Update names of the olympiad workflow.
const (
	// UpdateOlympiadAppeal files a participant's appeal (activities.AppealRequest) and
	// returns its ID.
	UpdateOlympiadAppeal = "appeal"
	// UpdateOlympiadDecide records a jury member's decision (olympiad.Decision) and returns
	// the appeal's status.
	UpdateOlympiadDecide = "decide_appeal"
)

// olympiadUpdatesPerRun bounds the updates one run accepts before it continues as new: the
// server refuses updates past a per-run limit, and a round with many appeals would reach it.
const olympiadUpdatesPerRun = 500

// OlympiadWorkflowID is the one workflow of an olympiad.
func OlympiadWorkflowID(olympiadID int64) string {
	return "olympiad/" + strconv.FormatInt(olympiadID, 10)
}

// OlympiadInput starts (or continues) an olympiad's workflow at a round (1 for the first).
type OlympiadInput struct {
	SiteID, OlympiadID int64
	Round              int
}

var olympiadActivityOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Minute, // a round's start or emails over thousands of participants
	HeartbeatTimeout:    2 * time.Minute,
	RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: 5 * time.Minute},
}

// olympiadUpdateOptions are for the activities of updates, for which someone waits.
var olympiadUpdateOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: 10 * time.Second},
}

// Olympiad drives one olympiad, one round per run, on durable timers: registration opens
// and closes; participants are reminded NotifyBefore the start; at the start the round's
// attempts are made in bulk, as rows without workflows of their own, and this run holds
// their deadlines (holdDeadlines: a timer per distinct deadline, the attempts closed and
// graded in batches; runs recorded before this started attempt workflows through the
// AttemptRelay); results are
// released, and the participants told, at ResultsAt; appeals (UpdateOlympiadAppeal, from
// participants with a result, while the window is open) are decided by jury members
// (UpdateOlympiadDecide) until the ranking is frozen — when the window has closed and every
// appeal is decided, at the latest at FreezeBy; then the qualifiers are invited to the next
// round and told, and the diplomas are issued, published and announced. The run then
// continues as new with the next round, so each history holds one round.
//
// Each step is guarded by the round's stored status, so a run that continues as new in the
// middle of the appeals (many updates, or a long history) goes on where it was. Only IDs
// and times enter the history; names and addresses are read by the activities.
func Olympiad(ctx workflow.Context, in OlympiadInput) error {
	ctx = workflow.WithActivityOptions(ctx, olympiadActivityOptions)
	var a *activities.Olympiad
	if in.Round == 0 {
		in.Round = 1
	}
	w := &olympiadRun{in: in}
	// The handlers are there from the first task: an appeal that arrives while a run loads its
	// round (the first run, or one continued as new in the middle of the appeals) is refused
	// as "starting", which clients retry, not as an unknown update.
	if err := w.register(ctx); err != nil {
		return err
	}
	if err := workflow.ExecuteActivity(ctx, a.LoadRound, activities.RoundRef{SiteID: in.SiteID, OlympiadID: in.OlympiadID,
		Number: in.Round}).Get(ctx, &w.plan); err != nil {
		return err
	}
	w.status = w.plan.Status
	w.loaded = true
	p := &w.plan
	step := func(at time.Time, to olympiad.RoundStatus, do func() error) error {
		if w.status.Reached(to) {
			return nil
		}
		if err := sleepUntil(ctx, at); err != nil {
			return err
		}
		if do != nil {
			if err := do(); err != nil {
				return err
			}
		}
		return w.advance(ctx, to)
	}
	if err := step(p.RegistrationOpens, olympiad.RoundRegistration, nil); err != nil {
		return err
	}
	if err := step(p.RegistrationCloses, olympiad.RoundRegClosed, nil); err != nil {
		return err
	}
	if p.NotifyBefore > 0 && !w.status.Reached(olympiad.RoundRunning) {
		if err := sleepUntil(ctx, p.StartsAt.Add(-p.NotifyBefore)); err != nil {
			return err
		}
		if err := w.notify(ctx, olympiad.MailReminder); err != nil {
			return err
		}
	}
	hold := false
	if err := step(p.StartsAt, olympiad.RoundRunning, func() error {
		// Since roundDeadlinesVersion the round's attempts have no workflows of their own:
		// this run holds their deadlines (holdDeadlines).
		hold = workflow.GetVersion(ctx, roundDeadlinesChange, workflow.DefaultVersion, roundDeadlinesVersion) == roundDeadlinesVersion
		in := w.stepIn(ctx)
		in.HoldDeadlines = hold
		return workflow.ExecuteActivity(ctx, a.StartRound, in).Get(ctx, nil)
	}); err != nil {
		return err
	}
	if hold {
		if err := w.holdDeadlines(ctx); err != nil {
			return err
		}
	}
	if err := step(p.ResultsAt, olympiad.RoundResults, func() error {
		var rel activities.Released
		if err := workflow.ExecuteActivity(ctx, a.ReleaseResults, w.stepIn(ctx)).Get(ctx, &rel); err != nil {
			return err
		}
		if err := w.setParticipants(rel); err != nil {
			return err
		}
		w.status = olympiad.RoundResults
		return w.notify(ctx, olympiad.MailResults)
	}); err != nil {
		return err
	}
	if !w.status.Reached(olympiad.RoundFrozen) && w.participants == nil {
		// A run continued as new: reload who may appeal and what the jury has open.
		var rel activities.Released
		if err := workflow.ExecuteActivity(ctx, a.RoundParticipants, w.stepIn(ctx)).Get(ctx, &rel); err != nil {
			return err
		}
		if err := w.setParticipants(rel); err != nil {
			return err
		}
		if err := workflow.ExecuteActivity(ctx, a.OpenRoundAppeals, w.stepIn(ctx)).Get(ctx, &w.open); err != nil {
			return err
		}
	}
	// Appeals: filed until AppealsClose, decided until everything is decided or FreezeBy.
	if !w.status.Reached(olympiad.RoundAppealsOver) {
		if cont, err := w.waitUntil(ctx, p.AppealsClose, func() bool { return false }); err != nil || cont {
			return w.continueOrFail(ctx, err)
		}
		if err := w.advance(ctx, olympiad.RoundAppealsOver); err != nil {
			return err
		}
	}
	if !w.status.Reached(olympiad.RoundFrozen) {
		// An appeal filed just before the window closed may still be in its handler: wait for it.
		done := func() bool { return len(w.open) == 0 && workflow.AllHandlersFinished(ctx) }
		if cont, err := w.waitUntil(ctx, p.FreezeBy, done); err != nil || cont {
			return w.continueOrFail(ctx, err)
		}
		w.freezing = true // validators refuse decisions from here on
		if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
			return err
		}
		if len(w.open) > 0 {
			if err := workflow.ExecuteActivity(ctx, a.CloseAppeals, w.stepIn(ctx)).Get(ctx, nil); err != nil {
				return err
			}
		}
		var fr activities.Frozen
		if err := workflow.ExecuteActivity(ctx, a.FreezeRound, activities.FreezeInput{SiteID: in.SiteID,
			RoundID: p.RoundID, NextRoundID: p.NextRoundID}).Get(ctx, &fr); err != nil {
			return err
		}
		w.status = olympiad.RoundFrozen
		if p.NextRoundID != 0 {
			if err := w.notify(ctx, olympiad.MailQualified); err != nil {
				return err
			}
		}
	}
	w.freezing = true
	if !w.status.Reached(olympiad.RoundPublished) {
		if err := workflow.ExecuteActivity(ctx, a.IssueDiplomas, w.stepIn(ctx)).Get(ctx, nil); err != nil {
			return err
		}
		w.status = olympiad.RoundPublished
		if err := w.notify(ctx, olympiad.MailDiploma); err != nil {
			return err
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	if p.NextRoundID != 0 {
		next := in
		next.Round++
		return workflow.NewContinueAsNewError(ctx, Olympiad, next)
	}
	return nil
}

// roundDeadlinesChange marks where a round began to hold its attempts' deadlines instead of
// starting one workflow per attempt (a round of 20,000 took the dev server 5-6 minutes to
// start); runs recorded before it replay the old way.
const (
	roundDeadlinesChange  = "round-holds-deadlines"
	roundDeadlinesVersion = 1
)

// holdDeadlines is the deadline of every attempt of the round: a durable timer until the
// earliest save cutoff of the open attempts, then one activity that closes all attempts due
// by then in batches and grades them, and so on until none is open. Every participant of a
// test task starts at the round's start, so a round has as many deadlines as tests (plus
// late grace cutoffs), not as participants; a history holds a few events per deadline.
func (w *olympiadRun) holdDeadlines(ctx workflow.Context) error {
	var a *activities.Olympiad
	at := workflow.Now(ctx)
	for {
		var d activities.DueClosed
		if err := workflow.ExecuteActivity(ctx, a.CloseDueAttempts, activities.CloseDueInput{SiteID: w.in.SiteID,
			RoundID: w.plan.RoundID, At: at}).Get(ctx, &d); err != nil {
			return err
		}
		if d.Next.IsZero() {
			return nil
		}
		if !d.Next.After(at) && d.Closed == 0 {
			d.Next = at.Add(time.Second) // never spin on an attempt that cannot be closed
		}
		at = d.Next
		if err := sleepUntil(ctx, at); err != nil {
			return err
		}
	}
}

// olympiadRun is the state of one run (one round).
type olympiadRun struct {
	in           OlympiadInput
	plan         activities.RoundPlan
	status       olympiad.RoundStatus
	participants []int64 // sorted; who may appeal (decoded from an olympiad.IDSet)
	open         []int64 // appeals waiting for the jury
	updates      int     // updates accepted by this run
	freezing     bool
	loaded       bool // the round's plan is read; until then updates are refused as starting
}

func (w *olympiadRun) stepIn(ctx workflow.Context) activities.RoundStep {
	return activities.RoundStep{SiteID: w.in.SiteID, RoundID: w.plan.RoundID, At: workflow.Now(ctx)}
}

func (w *olympiadRun) setParticipants(rel activities.Released) error {
	ids, err := rel.Participants.IDs()
	if err != nil {
		return err
	}
	w.participants = ids
	if w.participants == nil {
		w.participants = []int64{}
	}
	return nil
}

// advance moves the round's stored status forward.
func (w *olympiadRun) advance(ctx workflow.Context, to olympiad.RoundStatus) error {
	var a *activities.Olympiad
	var s olympiad.RoundStatus
	if err := workflow.ExecuteActivity(ctx, a.AdvanceRound, activities.AdvanceRoundInput{SiteID: w.in.SiteID,
		RoundID: w.plan.RoundID, To: to}).Get(ctx, &s); err != nil {
		return err
	}
	w.status = s
	return nil
}

// notify queues the emails of a kind to the round's participants.
func (w *olympiadRun) notify(ctx workflow.Context, kind string) error {
	var a *activities.Olympiad
	return workflow.ExecuteActivity(ctx, a.NotifyParticipants, activities.OlympiadNotifyInput{SiteID: w.in.SiteID,
		OlympiadID: w.in.OlympiadID, RoundID: w.plan.RoundID, Kind: kind}).Get(ctx, nil)
}

// waitUntil waits until the time or until done; it reports true when the run should rather
// continue as new (too many updates, or the server suggests it).
func (w *olympiadRun) waitUntil(ctx workflow.Context, at time.Time, done func() bool) (bool, error) {
	cont := func() bool {
		return w.updates >= olympiadUpdatesPerRun || workflow.GetInfo(ctx).GetContinueAsNewSuggested()
	}
	d := at.Sub(workflow.Now(ctx))
	if d <= 0 {
		return cont(), nil
	}
	ok, err := workflow.AwaitWithTimeout(ctx, d, func() bool { return done() || cont() })
	if err != nil || !ok {
		return false, err
	}
	return cont() && !done(), nil
}

// continueOrFail continues the run as new at the same round once its handlers are done.
func (w *olympiadRun) continueOrFail(ctx workflow.Context, err error) error {
	if err != nil {
		return err
	}
	w.freezing = true // refuse new updates while draining
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	return workflow.NewContinueAsNewError(ctx, Olympiad, w.in)
}

// sleepUntil waits on a durable timer until the time (not at all if it is past).
func sleepUntil(ctx workflow.Context, at time.Time) error {
	if d := at.Sub(workflow.Now(ctx)); d > 0 {
		return workflow.Sleep(ctx, d)
	}
	return nil
}

// register installs the appeal and decision handlers; their validators refuse, without
// touching the history, what the round's state does not allow.
func (w *olympiadRun) register(ctx workflow.Context) error {
	var a *activities.Olympiad
	refuse := func(e *sitecore.Error) error { return activities.Refusal(e) }
	closed := sitecore.Conflictf("appeal", "olympiad.appeals_closed")
	starting := sitecore.Conflictf("appeal", "olympiad.starting")
	maxText := strconv.Itoa(olympiad.MaxAppealText)
	err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateOlympiadAppeal,
		func(ctx workflow.Context, r activities.AppealRequest) (int64, error) {
			ctx = workflow.WithActivityOptions(ctx, olympiadUpdateOptions)
			w.updates++
			var id int64
			err := workflow.ExecuteActivity(ctx, a.FileAppeal, activities.FileAppealInput{SiteID: w.in.SiteID,
				RoundID: w.plan.RoundID, Appeal: r}).Get(ctx, &id)
			if err == nil && !slices.Contains(w.open, id) {
				w.open = append(w.open, id)
			}
			return id, err
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, r activities.AppealRequest) error {
			now := workflow.Now(ctx)
			switch {
			case !w.loaded:
				return refuse(starting)
			case w.freezing || w.status != olympiad.RoundResults || w.participants == nil ||
				now.Before(w.plan.ResultsAt) || !now.Before(w.plan.AppealsClose):
				return refuse(closed)
			case !olympiad.Contains(w.participants, r.ParticipantID) || r.RegistrationID <= 0:
				return refuse(sitecore.Errorf(sitecore.ENotFound, "olympiad.not_participant"))
			case r.QuestionID <= 0:
				return refuse(sitecore.Invalid("question_id", "olympiad.appeal_question"))
			case len(r.Text) == 0 || len([]rune(r.Text)) > olympiad.MaxAppealText:
				return refuse(sitecore.Invalid("text", "olympiad.appeal_text", "max", maxText))
			}
			return nil
		}})
	if err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateOlympiadDecide,
		func(ctx workflow.Context, d olympiad.Decision) (olympiad.AppealStatus, error) {
			ctx = workflow.WithActivityOptions(ctx, olympiadUpdateOptions)
			w.updates++
			var s olympiad.AppealStatus
			err := workflow.ExecuteActivity(ctx, a.DecideAppeal, activities.DecideAppealInput{SiteID: w.in.SiteID,
				RoundID: w.plan.RoundID, Decision: d, At: workflow.Now(ctx)}).Get(ctx, &s)
			if err == nil {
				w.open = slices.DeleteFunc(w.open, func(id int64) bool { return id == d.AppealID })
			}
			return s, err
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, d olympiad.Decision) error {
			switch {
			case !w.loaded:
				return refuse(starting)
			case w.freezing || (w.status != olympiad.RoundResults && w.status != olympiad.RoundAppealsOver):
				return refuse(closed)
			case !slices.Contains(w.plan.Jury, d.JuryMemberID):
				return refuse(sitecore.Errorf(sitecore.EForbidden, "olympiad.not_jury"))
			case !slices.Contains(w.open, d.AppealID):
				return refuse(sitecore.Conflictf("appeal", "olympiad.appeal_decided"))
			case d.Points < 0 || d.Points != d.Points:
				return refuse(sitecore.Invalid("points", "olympiad.points_negative"))
			case len([]rune(d.Comment)) > olympiad.MaxAppealText:
				return refuse(sitecore.Invalid("comment", "olympiad.appeal_text", "max", maxText))
			}
			return nil
		}})
}
