package workflows

import (
	"slices"
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
)

// Update names of the admission workflow. Each has a validator that refuses requests the
// application's state does not allow, and returns the new state to the caller.
const (
	UpdateDocuments   = "documents"   // the school accepts or rejects the documents
	UpdateResubmitted = "resubmitted" // the parent fixed the rejected documents
	UpdateDecide      = "decide"      // admit, waitlist or decline
	UpdateRespond     = "respond"     // the parent accepts or declines an offered seat
	UpdateWithdraw    = "withdraw"    // the parent withdraws
	// UpdateResolveDispute is the school's resolution of a claim on the child's IIN.
	UpdateResolveDispute = "resolve_dispute"
)

// AdmissionWorkflowID is the one workflow of an application.
func AdmissionWorkflowID(appID int64) string { return "admission/" + strconv.FormatInt(appID, 10) }

// AdmissionInput starts (or continues) the workflow of a stored application.
type AdmissionInput struct {
	AppID int64
	// State is set when the workflow continues as new.
	State *AdmissionState
}

// AdmissionState is the little the workflow keeps; the record lives in PostgreSQL.
type AdmissionState struct {
	// AdmissionInfo is the status and the campaign's settings, loaded once.
	activities.AdmissionInfo
	// FixSince is when documents were rejected; Reminded says the reminder went out.
	FixSince time.Time
	Reminded bool
	// OfferExpiresAt is set once an offer reaches the family.
	OfferExpiresAt time.Time
}

// DocumentsDecision is the school's verdict on the documents.
type DocumentsDecision struct {
	OK     bool
	Remark string
	Actor  string
}

// Decision is the school's decision on an application.
type Decision struct {
	Kind     string // "admit", "waitlist", "decline"
	Position int    // waitlist position
	Reason   string // decline reason code
	Text     string // decline explanation
	Actor    string
}

// DisputeResolution is the school's resolution of the claims of other families on the
// application's child: Void declines the application at once (from any state that is not
// final, an offered seat included, which goes to the next family on the waiting list);
// otherwise the application stands. Every claimant and the family are emailed the outcome.
type DisputeResolution struct {
	Void  bool
	Text  string
	Actor string
}

// OfferResponse is the family's answer to an offered seat.
type OfferResponse struct {
	Accept bool
	Actor  string
}

// AdmissionView is what every update returns: the application's state after it.
type AdmissionView struct {
	Status         sitecore.AdmissionStatus
	Released       bool
	OfferExpiresAt time.Time
}

// DeclineReasons a school chooses from (plus free text).
var DeclineReasons = admissions.DeclineReasons

var admissionActivityOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2,
		MaximumInterval: time.Minute},
}

// Admission runs one application from submission to a final state: documents check,
// decision (held back until the campaign's results time), offer with a deadline, and
// enrollment. Every transition is recorded in PostgreSQL and emailed to the parent by
// activities; the school and the family act through updates.
func Admission(ctx workflow.Context, in AdmissionInput) (AdmissionView, error) {
	ctx = workflow.WithActivityOptions(ctx, admissionActivityOptions)
	var a *activities.Admissions
	w := &admission{appID: in.AppID, st: in.State, mu: workflow.NewMutex(ctx)}

	// Handlers first: an update that arrives while the application loads is refused as
	// "starting" (which clients retry), and one that arrives while the first transition runs
	// meets a validator and a clear refusal, never an unknown update.
	if err := w.register(ctx); err != nil {
		return w.view(), err
	}
	if w.st == nil {
		var info activities.AdmissionInfo
		if err := workflow.ExecuteActivity(ctx, a.LoadAdmission, in.AppID).Get(ctx, &info); err != nil {
			return AdmissionView{}, err
		}
		w.st = &AdmissionState{AdmissionInfo: info}
	}
	if w.st.Status == sitecore.AppSubmitted {
		if _, err := w.locked(ctx, func(ctx workflow.Context) error {
			return w.move(ctx, []sitecore.AdmissionStatus{sitecore.AppSubmitted}, sitecore.AppDocumentsCheck,
				sitecore.AppChange{}, "system", "", true)
		}); err != nil {
			return w.view(), err
		}
	}

	for {
		if w.st.Status.Final() {
			break
		}
		if workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				return w.view(), err
			}
			return w.view(), workflow.NewContinueAsNewError(ctx, Admission, AdmissionInput{AppID: in.AppID, State: w.st})
		}
		seen := w.version
		deadline, what := w.nextDeadline()
		var timedOut bool
		if deadline.IsZero() {
			if err := workflow.Await(ctx, func() bool { return w.version != seen }); err != nil {
				return w.view(), err
			}
		} else {
			wait := deadline.Sub(workflow.Now(ctx))
			ok, err := workflow.AwaitWithTimeout(ctx, max(wait, time.Millisecond), func() bool { return w.version != seen })
			if err != nil {
				return w.view(), err
			}
			timedOut = !ok
		}
		if timedOut {
			if err := w.onDeadline(ctx, what); err != nil {
				return w.view(), err
			}
		}
	}
	// Let updates that are still answering their callers finish.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return w.view(), err
	}
	return w.view(), nil
}

// admission is the running workflow's state and handlers.
type admission struct {
	appID   int64
	st      *AdmissionState
	mu      workflow.Mutex // one change at a time
	version int            // bumped on every change, wakes the main loop
}

func (w *admission) view() AdmissionView {
	if w.st == nil {
		return AdmissionView{}
	}
	return AdmissionView{Status: w.st.Status, Released: w.st.Released, OfferExpiresAt: w.st.OfferExpiresAt}
}

// nextDeadline is the next timer the state needs: the documents reminder or auto-withdraw,
// the release of results, or the offer's expiry.
func (w *admission) nextDeadline() (time.Time, string) {
	st := w.st
	switch {
	case st.Status == sitecore.AppDocumentsFix && !st.Reminded && st.ReminderDays > 0:
		return st.FixSince.Add(days(st.ReminderDays)), "remind"
	case st.Status == sitecore.AppDocumentsFix && st.WithdrawDays > 0:
		return st.FixSince.Add(days(st.WithdrawDays)), "auto_withdraw"
	case !st.Released && decided(st.Status):
		return st.ResultsAt, "release"
	case st.Status == sitecore.AppAdmitted && st.Released:
		return st.OfferExpiresAt, "offer_expired"
	}
	return time.Time{}, ""
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// decided reports whether the status is a decision that waits for the results time.
func decided(s sitecore.AdmissionStatus) bool {
	return s == sitecore.AppAdmitted || s == sitecore.AppWaitlisted || s == sitecore.AppDeclined
}

func (w *admission) onDeadline(ctx workflow.Context, what string) error {
	if err := w.mu.Lock(ctx); err != nil {
		return err
	}
	defer w.mu.Unlock()
	var a *activities.Admissions
	switch what {
	case "remind":
		if err := workflow.ExecuteActivity(ctx, a.NotifyParent, activities.NotifyInput{AppID: w.appID,
			Kind: "documents_reminder", Key: "reminder"}).Get(ctx, nil); err != nil {
			return err
		}
		w.st.Reminded = true
		w.version++
	case "auto_withdraw":
		return w.move(ctx, []sitecore.AdmissionStatus{sitecore.AppDocumentsFix}, sitecore.AppWithdrawn,
			sitecore.AppChange{}, "system", "documents not fixed in time", true)
	case "release":
		return w.release(ctx)
	case "offer_expired":
		if err := w.move(ctx, []sitecore.AdmissionStatus{sitecore.AppAdmitted}, sitecore.AppOfferExpired,
			sitecore.AppChange{}, "system", "", true); err != nil {
			return err
		}
		return w.promote(ctx)
	}
	return nil
}

// release tells the family the decision; an admitted family gets the offer's deadline.
func (w *admission) release(ctx workflow.Context) error {
	yes := true
	change := sitecore.AppChange{Released: &yes}
	if w.st.Status == sitecore.AppAdmitted {
		exp := workflow.Now(ctx).Add(days(w.st.OfferDays))
		change.OfferExpiresAt = &exp
		w.st.OfferExpiresAt = exp
	}
	w.st.Released = true
	return w.move(ctx, []sitecore.AdmissionStatus{w.st.Status}, w.st.Status, change, "system", "results released", true)
}

// move records a transition via an activity, updates the state and emails the parent when
// notify is set and the family may know (decisions only once released).
func (w *admission) move(ctx workflow.Context, from []sitecore.AdmissionStatus, to sitecore.AdmissionStatus,
	change sitecore.AppChange, actor, note string, notify bool) error {
	var a *activities.Admissions
	var ev activities.TransitionResult
	if err := workflow.ExecuteActivity(ctx, a.Transition, activities.TransitionInput{AppID: w.appID, From: from, To: to,
		Change: change, Actor: actor, Note: note}).Get(ctx, &ev); err != nil {
		return err
	}
	w.st.Status = to
	w.version++
	if notify && (!decided(to) || w.st.Released) {
		return workflow.ExecuteActivity(ctx, a.NotifyParent, activities.NotifyInput{AppID: w.appID, Kind: string(to),
			Key: "event-" + strconv.FormatInt(ev.EventID, 10)}).Get(ctx, nil)
	}
	return nil
}

// promote offers the freed seat to the next family on the waiting list.
func (w *admission) promote(ctx workflow.Context) error {
	var a *activities.Admissions
	return workflow.ExecuteActivity(ctx, a.PromoteNext, activities.PromoteInput{CampaignID: w.st.CampaignID,
		Grade: w.st.Grade, FreedBy: w.appID}).Get(ctx, nil)
}

// register installs the update handlers with their validators.
func (w *admission) register(ctx workflow.Context) error {
	in := func(s ...sitecore.AdmissionStatus) bool { return slices.Contains(s, w.st.Status) }
	starting := activities.Refusal(sitecore.Conflictf("status", "admission.starting"))
	refuse := func(what string) error {
		e := sitecore.Conflictf("status", "admission.state", "value", string(w.st.Status))
		e.Op = what
		return activities.Refusal(e)
	}
	// The actor's right is checked here too, from the update's data, not only by the HTTP
	// layer (admissions.Service): the family's actions must come from the family, the
	// school's from someone else — never the applying parent, even one who works at the
	// school. The data is what the sender says, so this guards against mistakes and
	// bypassed checks inside the platform; keeping strangers away from Temporal is mutual
	// TLS's job (docs/operations.md).
	family := func() string { return "user:" + strconv.FormatInt(w.st.ParentID, 10) }
	byFamily := func(actor string) error {
		if w.st.ParentID != 0 && actor != family() {
			return activities.Refusal(sitecore.Errorf(sitecore.EForbidden, "forbidden"))
		}
		return nil
	}
	bySchool := func(actor string) error {
		if w.st.ParentID != 0 && actor == family() {
			return activities.Refusal(sitecore.Errorf(sitecore.EForbidden, "forbidden"))
		}
		return nil
	}
	handlers := []struct {
		name      string
		handler   any
		validator any
	}{
		{UpdateDocuments, func(ctx workflow.Context, d DocumentsDecision) (AdmissionView, error) {
			return w.locked(ctx, func(ctx workflow.Context) error {
				if d.OK {
					return w.move(ctx, []sitecore.AdmissionStatus{sitecore.AppDocumentsCheck}, sitecore.AppUnderReview,
						sitecore.AppChange{}, d.Actor, d.Remark, true)
				}
				w.st.FixSince, w.st.Reminded = workflow.Now(ctx), false
				return w.move(ctx, []sitecore.AdmissionStatus{sitecore.AppDocumentsCheck}, sitecore.AppDocumentsFix,
					sitecore.AppChange{}, d.Actor, d.Remark, true)
			})
		}, func(d DocumentsDecision) error {
			if w.st == nil {
				return starting
			}
			// Submitted counts too: the handler waits for the first transition to finish.
			if !in(sitecore.AppDocumentsCheck, sitecore.AppSubmitted) {
				return refuse("a documents check")
			}
			return bySchool(d.Actor)
		}},
		{UpdateResubmitted, func(ctx workflow.Context, actor string) (AdmissionView, error) {
			return w.locked(ctx, func(ctx workflow.Context) error {
				return w.move(ctx, []sitecore.AdmissionStatus{sitecore.AppDocumentsFix}, sitecore.AppDocumentsCheck,
					sitecore.AppChange{}, actor, "documents resubmitted", true)
			})
		}, func(actor string) error {
			if w.st == nil {
				return starting
			}
			if !in(sitecore.AppDocumentsFix) {
				return refuse("resubmitting documents")
			}
			return byFamily(actor)
		}},
		{UpdateDecide, func(ctx workflow.Context, d Decision) (AdmissionView, error) {
			return w.locked(ctx, func(ctx workflow.Context) error { return w.decide(ctx, d) })
		}, func(d Decision) error {
			if w.st == nil {
				return starting
			}
			switch {
			case d.Kind == "admit" && in(sitecore.AppUnderReview, sitecore.AppWaitlisted):
			case d.Kind == "waitlist" && in(sitecore.AppUnderReview) && d.Position > 0:
			case d.Kind == "decline" && in(sitecore.AppUnderReview, sitecore.AppWaitlisted) && slices.Contains(DeclineReasons, d.Reason):
			case d.Kind == "decline" && d.Reason == admissions.ReasonDisputed && in(admissions.DeclineAnytime...):
				// Voiding a disputed application (another family claims the child) frees the
				// IIN before any review.
			case d.Kind == "waitlist" && d.Position <= 0:
				return activities.Refusal(sitecore.Invalid("position", "admission.position"))
			case d.Kind == "decline" && !slices.Contains(DeclineReasons, d.Reason):
				return activities.Refusal(sitecore.Invalid("reason", "admission.reason"))
			default:
				return refuse("decision " + d.Kind)
			}
			return bySchool(d.Actor)
		}},
		{UpdateRespond, func(ctx workflow.Context, r OfferResponse) (AdmissionView, error) {
			return w.locked(ctx, func(ctx workflow.Context) error {
				if r.Accept {
					if err := w.move(ctx, []sitecore.AdmissionStatus{sitecore.AppAdmitted}, sitecore.AppEnrolled,
						sitecore.AppChange{}, r.Actor, "", true); err != nil {
						return err
					}
					var a *activities.Admissions
					return workflow.ExecuteActivity(ctx, a.Enroll, w.appID).Get(ctx, nil)
				}
				if err := w.move(ctx, []sitecore.AdmissionStatus{sitecore.AppAdmitted}, sitecore.AppOfferDeclined,
					sitecore.AppChange{}, r.Actor, "", true); err != nil {
					return err
				}
				return w.promote(ctx)
			})
		}, func(r OfferResponse) error {
			if w.st == nil {
				return starting
			}
			if !in(sitecore.AppAdmitted) || !w.st.Released {
				return refuse("answering an offer")
			}
			return byFamily(r.Actor)
		}},
		{UpdateWithdraw, func(ctx workflow.Context, actor string) (AdmissionView, error) {
			return w.locked(ctx, func(ctx workflow.Context) error {
				held := w.st.Status == sitecore.AppAdmitted
				if err := w.move(ctx, []sitecore.AdmissionStatus{w.st.Status}, sitecore.AppWithdrawn,
					sitecore.AppChange{}, actor, "", true); err != nil {
					return err
				}
				if held {
					return w.promote(ctx)
				}
				return nil
			})
		}, func(actor string) error {
			if w.st == nil {
				return starting
			}
			if w.st.Status.Final() {
				return refuse("withdrawing")
			}
			return byFamily(actor)
		}},
	}
	handlers = append(handlers, struct {
		name      string
		handler   any
		validator any
	}{UpdateResolveDispute, func(ctx workflow.Context, r DisputeResolution) (AdmissionView, error) {
		return w.locked(ctx, func(ctx workflow.Context) error { return w.resolveDispute(ctx, r) })
	}, func(r DisputeResolution) error {
		if w.st == nil {
			return starting
		}
		if w.st.Status.Final() {
			return refuse("resolving a dispute")
		}
		return bySchool(r.Actor)
	}})
	for _, h := range handlers {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, h.name, h.handler,
			workflow.UpdateHandlerOptions{Validator: h.validator}); err != nil {
			return err
		}
	}
	return nil
}

// locked runs fn under the mutex, with the activity options (an update handler's context
// has none of its own), and returns the state after it.
func (w *admission) locked(ctx workflow.Context, fn func(ctx workflow.Context) error) (AdmissionView, error) {
	ctx = workflow.WithActivityOptions(ctx, admissionActivityOptions)
	if err := w.mu.Lock(ctx); err != nil {
		return w.view(), err
	}
	defer w.mu.Unlock()
	err := fn(ctx)
	return w.view(), err
}

// decide applies a decision. Admitting reserves a seat atomically in PostgreSQL, so two
// admissions can never overfill a grade; a full grade fails the update with the reason.
func (w *admission) decide(ctx workflow.Context, d Decision) error {
	from := []sitecore.AdmissionStatus{w.st.Status}
	switch d.Kind {
	case "admit":
		var a *activities.Admissions
		var ev activities.TransitionResult
		change := sitecore.AppChange{}
		if w.st.Released || !workflow.Now(ctx).Before(w.st.ResultsAt) {
			exp := workflow.Now(ctx).Add(days(w.st.OfferDays))
			yes := true
			change.Released, change.OfferExpiresAt = &yes, &exp
			w.st.Released, w.st.OfferExpiresAt = true, exp
		}
		if err := workflow.ExecuteActivity(ctx, a.ReserveSeat, activities.TransitionInput{AppID: w.appID, From: from,
			To: sitecore.AppAdmitted, Change: change, Actor: d.Actor}).Get(ctx, &ev); err != nil {
			w.st.Released = w.st.Released && change.Released == nil // undo the local release on failure
			return err
		}
		w.st.Status = sitecore.AppAdmitted
		w.version++
		if w.st.Released {
			return workflow.ExecuteActivity(ctx, a.NotifyParent, activities.NotifyInput{AppID: w.appID,
				Kind: string(sitecore.AppAdmitted), Key: "event-" + strconv.FormatInt(ev.EventID, 10)}).Get(ctx, nil)
		}
		return nil
	case "waitlist":
		pos := d.Position
		return w.move(ctx, from, sitecore.AppWaitlisted, w.releaseNow(ctx, sitecore.AppChange{WaitlistPosition: &pos}), d.Actor, "", true)
	default: // decline
		reason, text := d.Reason, d.Text
		return w.move(ctx, from, sitecore.AppDeclined, w.releaseNow(ctx, sitecore.AppChange{DeclineReason: &reason, DeclineText: &text}), d.Actor, "", true)
	}
}

// releaseNow marks a decision released when the results time has passed already.
func (w *admission) releaseNow(ctx workflow.Context, c sitecore.AppChange) sitecore.AppChange {
	if !w.st.Released && !workflow.Now(ctx).Before(w.st.ResultsAt) {
		yes := true
		c.Released = &yes
		w.st.Released = true
	}
	return c
}

// resolveDispute applies the school's resolution of an IIN dispute. Voiding declines the
// application (released at once, so the family sees it), emails the family, and offers a
// seat it held to the next family waiting; then the claims are settled and every claimant
// is emailed (activities.Admissions.SettleDispute), and, when the application stands, the
// family too.
func (w *admission) resolveDispute(ctx workflow.Context, r DisputeResolution) error {
	var a *activities.Admissions
	outcome := sitecore.DisputeStands
	if r.Void {
		outcome = sitecore.DisputeVoid
		if w.st.Status.Final() { // an update that held the lock before this one ended it
			return activities.Refusal(sitecore.Conflictf("status", "admission.state", "value", string(w.st.Status)))
		}
		held := w.st.Status == sitecore.AppAdmitted
		reason, text, yes := admissions.ReasonDisputed, r.Text, true
		var ev activities.TransitionResult
		if err := workflow.ExecuteActivity(ctx, a.Transition, activities.TransitionInput{AppID: w.appID,
			From: []sitecore.AdmissionStatus{w.st.Status}, To: sitecore.AppDeclined,
			Change: sitecore.AppChange{Released: &yes, DeclineReason: &reason, DeclineText: &text},
			Actor:  r.Actor, Note: "IIN dispute: voided"}).Get(ctx, &ev); err != nil {
			return err
		}
		w.st.Status, w.st.Released = sitecore.AppDeclined, true
		w.version++
		if err := workflow.ExecuteActivity(ctx, a.NotifyParent, activities.NotifyInput{AppID: w.appID,
			Kind: activities.MailVoided, Key: "event-" + strconv.FormatInt(ev.EventID, 10)}).Get(ctx, nil); err != nil {
			return err
		}
		if held {
			if err := w.promote(ctx); err != nil {
				return err
			}
		}
	}
	return workflow.ExecuteActivity(ctx, a.SettleDispute, activities.SettleInput{AppID: w.appID, Outcome: outcome,
		Actor: r.Actor}).Get(ctx, nil)
}
