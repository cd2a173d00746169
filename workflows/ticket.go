package workflows

import (
	"fmt"
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
)

// Update names of the ticket workflow. Each has a validator that refuses what the ticket's
// state or the actor's role does not allow, and returns the ticket's state after it.
const (
	UpdateTicketReply          = sitecore.TicketActReply
	UpdateTicketRequesterReply = sitecore.TicketActRequesterReply
	UpdateTicketAssign         = sitecore.TicketActAssign
	UpdateTicketWaiting        = sitecore.TicketActWaiting
	UpdateTicketSolve          = sitecore.TicketActSolve
	UpdateTicketReopen         = sitecore.TicketActReopen
	UpdateTicketClose          = sitecore.TicketActClose
	UpdateTicketChange         = sitecore.TicketActChange
	UpdateTicketMerge          = sitecore.TicketActMerge
	UpdateTicketRate           = sitecore.TicketActRate
)

// SLA clocks and escalation levels.
const (
	ClockFirstResponse = "first_response"
	ClockResolution    = "resolution"
)

var ticketClocks = [2]string{ClockFirstResponse, ClockResolution}

// TicketWorkflowID is the one workflow of a ticket.
func TicketWorkflowID(ticketID int64) string { return "ticket/" + strconv.FormatInt(ticketID, 10) }

// TicketInput starts (or continues) the workflow of a stored ticket.
type TicketInput struct {
	TicketID int64
	State    *TicketState // set when the workflow continues as new
}

// TicketState is the little the workflow keeps: the ticket lives in PostgreSQL.
type TicketState struct {
	activities.TicketInfo
	// Clocks: first response, resolution; Fired marks the escalation levels that fired.
	Clocks       [2]sitecore.SLAClock
	Fired        [2][3]bool
	WaitingSince time.Time
	SolvedAt     time.Time
	Seq          int // numbers recorded actions, for their idempotency keys
}

var ticketRetry = &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute}

var ticketActivityOptions = workflow.ActivityOptions{StartToCloseTimeout: 30 * time.Second, RetryPolicy: ticketRetry}

// ticketLocalOptions are those of the steps that only touch PostgreSQL. They run as local
// activities: in the worker, inside the workflow task that needs them, with their result
// kept as one marker in the history. A timer firing is then one workflow task instead of
// two tasks and an activity task; registering a ticket three fewer activities. A step that
// keeps failing is retried by the SDK (on a durable timer once the backoff is long).
var ticketLocalOptions = workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second, RetryPolicy: ticketRetry}

// ticketLocalSteps is the version from which the database steps are local activities.
const ticketLocalSteps = "ticket-local-steps"

// Ticket runs one ticket from registration to closing: round-robin assignment, the SLA
// clocks with their escalation ladder (reminder at ReminderPct, breach at 100 %, the
// operator at SecondPct) on durable timers, pauses while waiting for the requester with an
// auto-close, and after solving the rating request, waiting for a rating or the end of the
// solved window. People act through updates; every action is recorded in PostgreSQL.
func Ticket(ctx workflow.Context, in TicketInput) (sitecore.TicketView, error) {
	ctx = workflow.WithActivityOptions(ctx, ticketActivityOptions)
	ctx = workflow.WithLocalActivityOptions(ctx, ticketLocalOptions)
	var a *activities.Helpdesk
	w := &ticket{id: in.TicketID, st: in.State, mu: workflow.NewMutex(ctx),
		local: workflow.GetVersion(ctx, ticketLocalSteps, workflow.DefaultVersion, 1) == 1}
	// The handlers are there from the first task: until the ticket is loaded they refuse
	// as "starting" (a 409 to retry), not as an unknown update.
	if err := w.register(ctx); err != nil {
		return sitecore.TicketView{}, err
	}
	if w.st == nil {
		var info activities.TicketInfo
		if err := w.step(ctx, a.LoadTicket, in.TicketID, &info); err != nil {
			return sitecore.TicketView{}, err
		}
		st := &TicketState{TicketInfo: info}
		st.Clocks[0] = sitecore.NewSLAClock(info.Policy.FirstResponse, info.CreatedAt)
		st.Clocks[1] = sitecore.NewSLAClock(info.Policy.Resolution, info.CreatedAt)
		w.st = st
	}
	st := w.st
	if st.Status == sitecore.TicketNew {
		if _, err := w.locked(ctx, w.start); err != nil {
			return w.view(), err
		}
	}
	for st.Status != sitecore.TicketClosed {
		if workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				return w.view(), err
			}
			return w.view(), workflow.NewContinueAsNewError(ctx, Ticket, TicketInput{TicketID: in.TicketID, State: w.st})
		}
		seen := w.version
		d := w.next()
		if d.at.IsZero() {
			if err := workflow.Await(ctx, func() bool { return w.version != seen }); err != nil {
				return w.view(), err
			}
			continue
		}
		wait := d.at.Sub(workflow.Now(ctx))
		ok, err := workflow.AwaitWithTimeout(ctx, max(wait, time.Millisecond), func() bool { return w.version != seen })
		if err != nil {
			return w.view(), err
		}
		if !ok {
			if err := w.onDeadline(ctx); err != nil {
				return w.view(), err
			}
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return w.view(), err
	}
	return w.view(), nil
}

// ticket is the running workflow's state and handlers.
type ticket struct {
	id      int64
	st      *TicketState
	mu      workflow.Mutex // one action at a time
	version int            // bumped on every change; wakes the main loop
	local   bool           // database steps run as local activities (ticketLocalSteps)
}

// step runs one database step of the ticket: a local activity, or an activity in runs
// started before ticketLocalSteps.
func (w *ticket) step(ctx workflow.Context, fn, arg, out any) error {
	if w.local {
		return workflow.ExecuteLocalActivity(ctx, fn, arg).Get(ctx, out)
	}
	return workflow.ExecuteActivity(ctx, fn, arg).Get(ctx, out)
}

func (w *ticket) view() sitecore.TicketView {
	return sitecore.TicketView{Status: w.st.Status, AssigneeID: w.st.AssigneeID, Category: w.st.Category, Priority: w.st.Priority}
}

// deadline is the next thing a timer waits for.
type deadline struct {
	at    time.Time
	kind  string // "escalate", "auto_close", "solved_window"
	clock int
	level int // 0..2
}

// pcts are the escalation thresholds in percent of a target.
func (w *ticket) pcts() [3]int {
	p := w.st.Policy
	return [3]int{p.ReminderPct, 100, p.SecondPct}
}

// next returns the earliest deadline of the state, or a zero one.
func (w *ticket) next() deadline {
	var best deadline
	consider := func(d deadline) {
		if !d.at.IsZero() && (best.at.IsZero() || d.at.Before(best.at)) {
			best = d
		}
	}
	st := w.st
	switch st.Status {
	case sitecore.TicketWaiting:
		consider(deadline{at: st.WaitingSince.Add(st.Policy.AutoClose), kind: "auto_close"})
	case sitecore.TicketSolved:
		consider(deadline{at: st.SolvedAt.Add(st.Policy.SolvedWindow), kind: "solved_window"})
	}
	for c := range st.Clocks {
		for l, pct := range w.pcts() {
			if !st.Fired[c][l] {
				consider(deadline{at: st.Clocks[c].Due(st.Calendar, pct), kind: "escalate", clock: c, level: l})
				break // a level fires only after the ones below it
			}
		}
	}
	return best
}

// dues are the breach instants of the clocks, for the queue (nil when not running).
func (w *ticket) dues() (first, resolution *time.Time) {
	due := func(c int) *time.Time {
		if t := w.st.Clocks[c].Due(w.st.Calendar, 100); !t.IsZero() {
			return &t
		}
		return nil
	}
	return due(0), due(1)
}

func (w *ticket) onDeadline(ctx workflow.Context) error {
	if err := w.mu.Lock(ctx); err != nil {
		return err
	}
	defer w.mu.Unlock()
	for {
		d := w.next() // an update may have changed the state since the timer was set
		if d.at.IsZero() || workflow.Now(ctx).Before(d.at) || w.st.Status == sitecore.TicketClosed {
			return nil
		}
		if err := w.fire(ctx, d); err != nil {
			return err
		}
		if !w.local {
			return nil // such runs took one deadline per timer
		}
		// Deadlines that fell due together (the first-response clock's 150 % is often the
		// resolution clock's 75 %) fire in this task, not one timer later.
	}
}

// fire acts on a deadline that is due.
func (w *ticket) fire(ctx workflow.Context, d deadline) error {
	var a *activities.Helpdesk
	switch d.kind {
	case "escalate":
		in := activities.EscalateInput{TicketID: w.id, Clock: ticketClocks[d.clock], Level: d.level + 1, DueAt: d.at}
		if w.local {
			var to []int64
			if err := w.step(ctx, a.RecordEscalation, in, &to); err != nil {
				return err
			}
			if len(to) > 0 {
				notice := activities.EscalationNotice{EscalateInput: in, To: to}
				if err := workflow.ExecuteActivity(ctx, a.SendEscalation, notice).Get(ctx, nil); err != nil {
					return err
				}
			}
		} else if err := workflow.ExecuteActivity(ctx, a.Escalate, in).Get(ctx, nil); err != nil {
			return err
		}
		w.st.Fired[d.clock][d.level] = true
		w.version++
		return nil
	case "auto_close":
		w.stopClocks(ctx)
		if err := w.apply(ctx, sitecore.TicketChange{Kind: "auto_close", To: sitecore.TicketClosed}, sitecore.TicketClosed); err != nil {
			return err
		}
		return w.notify(ctx, "auto_closed", 0)
	default: // the solved window ended without a rating or a reopen
		return w.apply(ctx, sitecore.TicketChange{Kind: "close", To: sitecore.TicketClosed}, sitecore.TicketClosed)
	}
}

// start registers a new ticket: it is assigned round-robin and opened; the requester hears
// it was received and the agent that it is theirs.
func (w *ticket) start(ctx workflow.Context) error {
	var a *activities.Helpdesk
	var agent int64
	if err := w.step(ctx, a.AutoAssign, w.id, &agent); err != nil {
		return err
	}
	w.st.AssigneeID = agent
	if err := w.apply(ctx, sitecore.TicketChange{Kind: "start", To: sitecore.TicketOpen, AssigneeID: &agent}, sitecore.TicketOpen); err != nil {
		return err
	}
	received := w.notifyAsync(ctx, "received", 0)
	if !w.local { // the two emails one after the other, as such runs recorded them
		if err := received.Get(ctx, nil); err != nil {
			return err
		}
	}
	var assigned workflow.Future
	if agent != 0 {
		assigned = w.notifyAsync(ctx, "assigned", agent)
	}
	if err := received.Get(ctx, nil); err != nil {
		return err
	}
	if assigned != nil {
		return assigned.Get(ctx, nil)
	}
	return nil
}

// apply records the change with the SLA state after it and moves the status to to ("" keeps
// it). The state is restored if the change cannot be recorded.
func (w *ticket) apply(ctx workflow.Context, ch sitecore.TicketChange, to sitecore.TicketStatus) error {
	var a *activities.Helpdesk
	w.st.Seq++
	ch.TicketID, ch.Key, ch.At = w.id, fmt.Sprintf("ticket/%d/%d", w.id, w.st.Seq), workflow.Now(ctx)
	ch.FirstResponseDue, ch.ResolutionDue = w.dues()
	if err := w.step(ctx, a.ApplyTicketChange, ch, nil); err != nil {
		return err
	}
	if to != "" {
		w.st.Status = to
	}
	w.version++
	return nil
}

// notify emails the requester (or the agent, for "assigned") once per recorded action.
func (w *ticket) notify(ctx workflow.Context, kind string, agent int64) error {
	return w.notifyAsync(ctx, kind, agent).Get(ctx, nil)
}

func (w *ticket) notifyAsync(ctx workflow.Context, kind string, agent int64) workflow.Future {
	var a *activities.Helpdesk
	return workflow.ExecuteActivity(ctx, a.Notify, activities.NoticeInput{TicketID: w.id, Kind: kind, AgentID: agent,
		Into: 0, Key: fmt.Sprintf("helpdesk/%d/%d-%s", w.id, w.st.Seq, kind)})
}

func (w *ticket) stopClocks(ctx workflow.Context) {
	now := workflow.Now(ctx)
	for c := range w.st.Clocks {
		w.st.Clocks[c].Stop(w.st.Calendar, now)
	}
}

func (w *ticket) pauseClocks(ctx workflow.Context) {
	now := workflow.Now(ctx)
	for c := range w.st.Clocks {
		w.st.Clocks[c].Pause(w.st.Calendar, now)
	}
}

func (w *ticket) resumeClocks(ctx workflow.Context) {
	now := workflow.Now(ctx)
	for c := range w.st.Clocks {
		if c == 0 && w.st.Clocks[c].Stopped {
			continue // a first response given stays given
		}
		w.st.Clocks[c].Resume(now)
	}
}

// locked runs fn under the mutex with the (local) activity options, restoring the state if fn
// fails, and returns the state after it.
func (w *ticket) locked(ctx workflow.Context, fn func(ctx workflow.Context) error) (sitecore.TicketView, error) {
	ctx = workflow.WithActivityOptions(ctx, ticketActivityOptions)
	ctx = workflow.WithLocalActivityOptions(ctx, ticketLocalOptions)
	if err := w.mu.Lock(ctx); err != nil {
		return w.view(), err
	}
	defer w.mu.Unlock()
	saved := *w.st
	if err := fn(ctx); err != nil {
		seq := w.st.Seq
		*w.st = saved
		w.st.Seq = seq // keys once used are never reused
		return w.view(), err
	}
	return w.view(), nil
}
