package workflows

import (
	"fmt"
	"slices"

	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
)

// register installs the update handlers with their validators. Validators see the state
// as it is when the update arrives; a new ticket counts as open (its handler waits for the
// registration to finish); before the ticket has loaded every update is refused as
// starting.
func (w *ticket) register(ctx workflow.Context) error {
	in := func(s ...sitecore.TicketStatus) bool {
		st := w.st.Status
		if st == sitecore.TicketNew {
			st = sitecore.TicketOpen
		}
		return slices.Contains(s, st)
	}
	refuse := func(what string) error {
		e := sitecore.Conflictf("status", "helpdesk.state", "value", string(w.st.Status))
		e.Op = what
		return activities.Refusal(e)
	}
	// The actor's right is checked from the update's data (who acts, and whether as an
	// agent or a lead, as helpdesk.Service found), not only by the HTTP layer: a requester's
	// reply cannot become an internal note, and nobody but an agent claims a ticket. The
	// data is what the sender says; keeping strangers away from Temporal is mutual TLS's
	// job (docs/operations.md).
	agent := func(a sitecore.TicketAction) error {
		if !a.Agent && !a.Lead {
			return activities.Refusal(sitecore.Errorf(sitecore.EForbidden, "forbidden"))
		}
		return nil
	}
	// handles reports whether the actor works this ticket: its assignee, or a lead.
	handles := func(a sitecore.TicketAction) error {
		if a.Lead || (a.ActorID != 0 && a.ActorID == w.st.AssigneeID) {
			return nil
		}
		return activities.Refusal(sitecore.Errorf(sitecore.EForbidden, "helpdesk.not_assignee"))
	}
	requester := func(a sitecore.TicketAction) error {
		if a.ActorID != w.st.RequesterID {
			return activities.Refusal(sitecore.NotFound("ticket"))
		}
		return nil
	}
	open := []sitecore.TicketStatus{sitecore.TicketOpen, sitecore.TicketWaiting}
	handlers := []struct {
		name      string
		handle    func(ctx workflow.Context, a sitecore.TicketAction) error
		validator func(a sitecore.TicketAction) error
	}{
		{UpdateTicketReply, w.reply, func(a sitecore.TicketAction) error {
			switch {
			case !in(open...):
				return refuse("a reply")
			case a.Internal:
				return agent(a) // any agent may leave a note
			}
			return handles(a)
		}},
		{UpdateTicketRequesterReply, w.requesterReply, func(a sitecore.TicketAction) error {
			if !in(sitecore.TicketOpen, sitecore.TicketWaiting, sitecore.TicketSolved) {
				return refuse("a reply")
			}
			return requester(a)
		}},
		{UpdateTicketAssign, w.assign, func(a sitecore.TicketAction) error {
			switch {
			case !in(open...):
				return refuse("assigning")
			case a.AgentID == 0:
				return activities.Refusal(sitecore.Invalid("agent_id", "field.required"))
			case a.AgentID == a.ActorID && w.st.AssigneeID == 0: // claiming an unassigned ticket
				return agent(a)
			}
			return handles(a)
		}},
		{UpdateTicketWaiting, w.waiting, func(a sitecore.TicketAction) error {
			if !in(sitecore.TicketOpen) {
				return refuse("waiting for the requester")
			}
			return handles(a)
		}},
		{UpdateTicketSolve, w.solve, func(a sitecore.TicketAction) error {
			if !in(open...) {
				return refuse("solving")
			}
			return handles(a)
		}},
		{UpdateTicketReopen, w.reopen, func(a sitecore.TicketAction) error {
			if !in(sitecore.TicketSolved) {
				return refuse("reopening")
			}
			if a.Agent || a.Lead { // the console: its assignee or a lead (validators are not replayed)
				return handles(a)
			}
			return requester(a)
		}},
		{UpdateTicketClose, w.close, func(a sitecore.TicketAction) error {
			if !in(sitecore.TicketOpen, sitecore.TicketWaiting, sitecore.TicketSolved) {
				return refuse("closing")
			}
			if a.Lead {
				return nil
			}
			return requester(a)
		}},
		{UpdateTicketChange, w.change, func(a sitecore.TicketAction) error {
			if !in(open...) {
				return refuse("changing the category or priority")
			}
			return handles(a)
		}},
		{UpdateTicketMerge, w.merge, func(a sitecore.TicketAction) error {
			switch {
			case !in(open...):
				return refuse("merging")
			case a.Into == 0 || a.Into == w.id:
				return activities.Refusal(sitecore.Invalid("into", "helpdesk.merge_self"))
			}
			return handles(a)
		}},
		{UpdateTicketRate, w.rate, func(a sitecore.TicketAction) error {
			switch {
			case !in(sitecore.TicketSolved):
				return refuse("rating")
			case a.Stars < 1 || a.Stars > 5:
				return activities.Refusal(sitecore.Invalid("stars", "helpdesk.stars"))
			case a.TokenHash != nil:
				return nil // the token is bound to this ticket; the store checks it
			}
			return requester(a)
		}},
	}
	for _, h := range handlers {
		handle, validate := h.handle, h.validator
		if err := workflow.SetUpdateHandlerWithOptions(ctx, h.name,
			func(ctx workflow.Context, a sitecore.TicketAction) (sitecore.TicketView, error) {
				return w.locked(ctx, func(ctx workflow.Context) error { return handle(ctx, a) })
			}, workflow.UpdateHandlerOptions{Validator: func(a sitecore.TicketAction) error {
				if w.st == nil { // the ticket is still loading
					return activities.Refusal(sitecore.Conflictf("status", "helpdesk.starting"))
				}
				return validate(a)
			}}); err != nil {
			return err
		}
	}
	return nil
}

func (w *ticket) reply(ctx workflow.Context, a sitecore.TicketAction) error {
	if a.Internal {
		return w.apply(ctx, sitecore.TicketChange{Kind: "note", ActorID: a.ActorID, Body: a.Body, Internal: true}, "")
	}
	ch := sitecore.TicketChange{Kind: "reply", ActorID: a.ActorID, Body: a.Body}
	if !w.st.Clocks[0].Stopped {
		w.st.Clocks[0].Stop(w.st.Calendar, workflow.Now(ctx))
		ch.FirstResponse = true
	}
	to := sitecore.TicketStatus("")
	if a.Wait && w.st.Status == sitecore.TicketOpen {
		w.pauseClocks(ctx)
		w.st.WaitingSince = workflow.Now(ctx)
		ch.To, to = sitecore.TicketWaiting, sitecore.TicketWaiting
	}
	if err := w.apply(ctx, ch, to); err != nil {
		return err
	}
	return w.notify(ctx, "reply", 0)
}

func (w *ticket) requesterReply(ctx workflow.Context, a sitecore.TicketAction) error {
	ch := sitecore.TicketChange{Kind: "requester_reply", ActorID: a.ActorID, Body: a.Body}
	to := sitecore.TicketStatus("")
	if w.st.Status != sitecore.TicketOpen { // waiting or solved: the ball is with support again
		w.resumeClocks(ctx)
		ch.To, to = sitecore.TicketOpen, sitecore.TicketOpen
	}
	return w.apply(ctx, ch, to)
}

func (w *ticket) assign(ctx workflow.Context, a sitecore.TicketAction) error {
	agent := a.AgentID
	w.st.AssigneeID = agent
	if err := w.apply(ctx, sitecore.TicketChange{Kind: "assign", ActorID: a.ActorID, AssigneeID: &agent}, ""); err != nil {
		return err
	}
	if agent != a.ActorID {
		return w.notify(ctx, "assigned", agent)
	}
	return nil
}

func (w *ticket) waiting(ctx workflow.Context, a sitecore.TicketAction) error {
	w.pauseClocks(ctx)
	w.st.WaitingSince = workflow.Now(ctx)
	if err := w.apply(ctx, sitecore.TicketChange{Kind: "waiting", ActorID: a.ActorID, To: sitecore.TicketWaiting}, sitecore.TicketWaiting); err != nil {
		return err
	}
	return w.notify(ctx, "waiting", 0)
}

func (w *ticket) solve(ctx workflow.Context, a sitecore.TicketAction) error {
	ch := sitecore.TicketChange{Kind: "solve", ActorID: a.ActorID, To: sitecore.TicketSolved, FirstResponse: true}
	w.stopClocks(ctx)
	w.st.SolvedAt = workflow.Now(ctx)
	if err := w.apply(ctx, ch, sitecore.TicketSolved); err != nil {
		return err
	}
	var h *activities.Helpdesk
	return workflow.ExecuteActivity(ctx, h.SendRatingRequest, activities.RatingRequestInput{TicketID: w.id,
		Key: fmt.Sprintf("helpdesk/%d/%d-solved", w.id, w.st.Seq), Expires: w.st.SolvedAt.Add(w.st.Policy.SolvedWindow)}).Get(ctx, nil)
}

func (w *ticket) reopen(ctx workflow.Context, a sitecore.TicketAction) error {
	w.resumeClocks(ctx)
	return w.apply(ctx, sitecore.TicketChange{Kind: "reopen", ActorID: a.ActorID, To: sitecore.TicketOpen, Body: a.Body}, sitecore.TicketOpen)
}

func (w *ticket) close(ctx workflow.Context, a sitecore.TicketAction) error {
	w.stopClocks(ctx)
	return w.apply(ctx, sitecore.TicketChange{Kind: "close", ActorID: a.ActorID, To: sitecore.TicketClosed}, sitecore.TicketClosed)
}

// change sets the category and priority and takes the targets of their policy; clocks keep
// the time already counted and levels already fired.
func (w *ticket) change(ctx workflow.Context, a sitecore.TicketAction) error {
	var h *activities.Helpdesk
	cat, prio := a.Category, a.Priority
	if cat == "" {
		cat = w.st.Category
	}
	if prio == "" {
		prio = w.st.Priority
	}
	var p activities.TicketPolicy
	if err := w.step(ctx, h.LoadPolicy, activities.PolicyInput{Category: cat, Priority: prio}, &p); err != nil {
		return err
	}
	now := workflow.Now(ctx)
	for c := range w.st.Clocks { // bank the time counted on the old calendar
		if w.st.Clocks[c].Running() {
			w.st.Clocks[c].Pause(w.st.Calendar, now)
			w.st.Clocks[c].Resume(now)
		}
	}
	w.st.TicketPolicy = p
	w.st.Clocks[0].Target, w.st.Clocks[1].Target = p.Policy.FirstResponse, p.Policy.Resolution
	w.st.Category, w.st.Priority = cat, prio
	return w.apply(ctx, sitecore.TicketChange{Kind: "change", ActorID: a.ActorID, Category: cat, Priority: prio}, "")
}

func (w *ticket) merge(ctx workflow.Context, a sitecore.TicketAction) error {
	w.stopClocks(ctx)
	if err := w.apply(ctx, sitecore.TicketChange{Kind: "merge", ActorID: a.ActorID, To: sitecore.TicketClosed, MergedInto: a.Into}, sitecore.TicketClosed); err != nil {
		return err
	}
	var h *activities.Helpdesk
	return workflow.ExecuteActivity(ctx, h.Notify, activities.NoticeInput{TicketID: w.id, Kind: "merged", Into: a.Into,
		Key: fmt.Sprintf("helpdesk/%d/%d-merged", w.id, w.st.Seq)}).Get(ctx, nil)
}

// rate records the rating (the store consumes the link's token in the same transaction) and
// closes the ticket.
func (w *ticket) rate(ctx workflow.Context, a sitecore.TicketAction) error {
	var h *activities.Helpdesk
	if err := w.step(ctx, h.RecordRating, activities.RatingInput{TicketID: w.id, Stars: a.Stars,
		Comment: a.Comment, Reason: a.Reason, TokenHash: a.TokenHash}, nil); err != nil {
		return err
	}
	return w.apply(ctx, sitecore.TicketChange{Kind: "rated", ActorID: a.ActorID, To: sitecore.TicketClosed}, sitecore.TicketClosed)
}
