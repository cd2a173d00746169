package workflows_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

// ticketEnv runs the ticket workflow with its activities replaced by recorders.
type ticketEnv struct {
	*testsuite.TestWorkflowEnvironment
	start       time.Time
	changes     []string // kind:status
	escalations []string // clock/level@offset
	// escalationMails counts the emails activities that followed the recorded escalations.
	escalationMails int
	notices         []string
	ratingAsks      int
	ratings         []int
	policies        int
}

const agent, lead, requester = int64(11), int64(12), int64(21)

func policy24x7() sitecore.SLAPolicy {
	return sitecore.SLAPolicy{FirstResponse: time.Hour, Resolution: 4 * time.Hour, ReminderPct: 75, SecondPct: 150,
		Calendar: sitecore.Calendar24x7, AutoClose: 48 * time.Hour, SolvedWindow: 72 * time.Hour}
}

func newTicketEnv(t *testing.T, start time.Time, p sitecore.SLAPolicy, cal sitecore.Calendar) *ticketEnv {
	var s testsuite.WorkflowTestSuite
	e := &ticketEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), start: start}
	e.SetStartTime(start)
	a := &activities.Helpdesk{}
	e.RegisterActivity(a)
	e.RegisterWorkflow(workflows.Ticket)
	info := activities.TicketInfo{Status: sitecore.TicketNew, RequesterID: requester, Category: sitecore.CategoryAccount,
		Priority: sitecore.PriorityNormal, CreatedAt: start, TicketPolicy: activities.TicketPolicy{Policy: p, Calendar: cal}}
	e.OnActivity(a.LoadTicket, mock.Anything, mock.Anything).Return(info, nil)
	e.OnActivity(a.LoadPolicy, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.PolicyInput) (activities.TicketPolicy, error) {
		e.policies++
		q := p
		if in.Priority == sitecore.PriorityUrgent {
			q.FirstResponse, q.Resolution = 10*time.Minute, 30*time.Minute
		}
		return activities.TicketPolicy{Policy: q, Calendar: cal}, nil
	})
	e.OnActivity(a.AutoAssign, mock.Anything, mock.Anything).Return(agent, nil)
	e.OnActivity(a.ApplyTicketChange, mock.Anything, mock.Anything).Return(func(_ context.Context, ch sitecore.TicketChange) error {
		e.changes = append(e.changes, ch.Kind+":"+string(ch.To))
		return nil
	})
	e.OnActivity(a.RecordEscalation, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.EscalateInput) ([]int64, error) {
		if !in.DueAt.Equal(e.Now()) {
			t.Errorf("escalation %s/%d fired at %s, due %s", in.Clock, in.Level, e.Now(), in.DueAt)
		}
		e.escalations = append(e.escalations, fmt.Sprintf("%s/%d@%s", in.Clock, in.Level, e.Now().Sub(e.start)))
		return []int64{lead}, nil
	})
	e.OnActivity(a.SendEscalation, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.EscalationNotice) error {
		if !slices.Equal(in.To, []int64{lead}) {
			t.Errorf("escalation %s/%d emailed to %v, want the lead", in.Clock, in.Level, in.To)
		}
		e.escalationMails++
		return nil
	})
	e.OnActivity(a.Notify, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.NoticeInput) error {
		e.notices = append(e.notices, in.Kind)
		return nil
	})
	e.OnActivity(a.SendRatingRequest, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.RatingRequestInput) error {
		e.ratingAsks++
		return nil
	})
	e.OnActivity(a.RecordRating, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.RatingInput) error {
		e.ratings = append(e.ratings, in.Stars)
		return nil
	})
	e.SetTestTimeout(30 * time.Second)
	return e
}

// noticeList is the emails in the order sent, except that the two of registration
// ("received" to the requester, "assigned" to the agent) go out together, in either order:
// they come first, sorted.
func (e *ticketEnv) noticeList() []string {
	n := slices.Clone(e.notices)
	if len(n) >= 2 && n[0] != "reply" {
		slices.Sort(n[:2])
	}
	return n
}

func (e *ticketEnv) run(t *testing.T) sitecore.TicketView {
	t.Helper()
	e.ExecuteWorkflow(workflows.Ticket, workflows.TicketInput{TicketID: 7})
	if err := e.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var v sitecore.TicketView
	if err := e.GetWorkflowResult(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// Nobody answers: both clocks climb the whole ladder on time — reminder at 75 %, breach at
// 100 %, the operator at 150 % — each once, in order.
func TestTicketEscalationLadder(t *testing.T) {
	e := newTicketEnv(t, time.Date(2026, 4, 6, 4, 0, 0, 0, time.UTC), policy24x7(), sitecore.AlwaysCalendar)
	updateAt(t, e.TestWorkflowEnvironment, 10*time.Hour, workflows.UpdateTicketClose, sitecore.TicketAction{ActorID: requester}, "")
	v := e.run(t)
	want := []string{"first_response/1@45m0s", "first_response/2@1h0m0s", "first_response/3@1h30m0s",
		"resolution/1@3h0m0s", "resolution/2@4h0m0s", "resolution/3@6h0m0s"}
	if !slices.Equal(e.escalations, want) {
		t.Errorf("escalations %v, want %v", e.escalations, want)
	}
	if e.escalationMails != len(want) {
		t.Errorf("%d escalation emails activities, want %d", e.escalationMails, len(want))
	}
	if v.Status != sitecore.TicketClosed || v.AssigneeID != agent {
		t.Errorf("view %+v", v)
	}
	if !slices.Equal(e.changes, []string{"start:open", "close:closed"}) || !slices.Equal(e.noticeList(), []string{"assigned", "received"}) {
		t.Errorf("changes %v notices %v", e.changes, e.notices)
	}
}

// Two steps due at the same instant (first response 150 % = resolution 75 % when the
// resolution target is twice the first) fire together, on time, each once.
func TestTicketCoincidentEscalations(t *testing.T) {
	p := policy24x7()
	p.FirstResponse, p.Resolution = time.Hour, 2*time.Hour
	e := newTicketEnv(t, time.Date(2026, 4, 6, 4, 0, 0, 0, time.UTC), p, sitecore.AlwaysCalendar)
	updateAt(t, e.TestWorkflowEnvironment, 5*time.Hour, workflows.UpdateTicketClose, sitecore.TicketAction{ActorID: requester}, "")
	e.run(t)
	want := []string{"first_response/1@45m0s", "first_response/2@1h0m0s", "first_response/3@1h30m0s",
		"resolution/1@1h30m0s", "resolution/2@2h0m0s", "resolution/3@3h0m0s"}
	if !slices.Equal(e.escalations, want) {
		t.Errorf("escalations %v, want %v", e.escalations, want)
	}
}

// On the business calendar the ladder follows working hours: a ticket opened on Friday at
// 17:00 Almaty with a 4-hour first-response target is reminded on Monday at 11:00, breaches
// at 12:00 and goes to the operator at 14:00 — not over the weekend, nor on the holiday.
func TestTicketEscalationBusinessHours(t *testing.T) {
	// Friday 2026-03-06 17:00 in Almaty is 12:00 UTC; Monday 9 March is a working day, but
	// make it a holiday to check holidays, so the ladder lands on Tuesday.
	start := time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC)
	p := policy24x7()
	p.FirstResponse, p.Resolution, p.Calendar = 4*time.Hour, 100*time.Hour, sitecore.CalendarBusiness
	e := newTicketEnv(t, start, p, sitecore.BusinessCalendar("2026-03-09"))
	updateAt(t, e.TestWorkflowEnvironment, 5*24*time.Hour, workflows.UpdateTicketSolve, sitecore.TicketAction{ActorID: agent}, "")
	updateAt(t, e.TestWorkflowEnvironment, 5*24*time.Hour+time.Minute, workflows.UpdateTicketRate, sitecore.TicketAction{ActorID: requester, Stars: 5}, "")
	e.run(t)
	// Friday 1 h (17–18), then Tuesday 09:00 onwards: 75 % = 3 h → Tue 11:00 = start + 90 h.
	want := []string{"first_response/1@90h0m0s", "first_response/2@91h0m0s", "first_response/3@93h0m0s"}
	if !slices.Equal(e.escalations, want) {
		t.Errorf("escalations %v, want %v", e.escalations, want)
	}
}

// Waiting for the requester pauses the clocks; silence closes the ticket after AutoClose
// with a notice, and nothing escalates meanwhile.
func TestTicketAutoClose(t *testing.T) {
	e := newTicketEnv(t, time.Date(2026, 4, 6, 4, 0, 0, 0, time.UTC), policy24x7(), sitecore.AlwaysCalendar)
	updateAt(t, e.TestWorkflowEnvironment, 30*time.Minute, workflows.UpdateTicketReply, sitecore.TicketAction{ActorID: agent, Body: "Which school?", Wait: true}, "")
	v := e.run(t)
	if len(e.escalations) != 0 {
		t.Errorf("escalated while waiting: %v", e.escalations)
	}
	if v.Status != sitecore.TicketClosed || !slices.Equal(e.changes, []string{"start:open", "reply:waiting", "auto_close:closed"}) {
		t.Errorf("status %s changes %v", v.Status, e.changes)
	}
	if !slices.Equal(e.noticeList(), []string{"assigned", "received", "reply", "auto_closed"}) {
		t.Errorf("notices %v", e.notices)
	}
	if d := e.Now().Sub(e.start); d != 30*time.Minute+48*time.Hour {
		t.Errorf("closed after %s, want 48h30m", d)
	}
}

// A pause keeps the time already counted: waiting set at 30 minutes (before any answer),
// the requester answering at 5 hours, the first-response reminder (45 minutes) fires at
// 5 h 15 min.
func TestTicketPauseResumesClock(t *testing.T) {
	e := newTicketEnv(t, time.Date(2026, 4, 6, 4, 0, 0, 0, time.UTC), policy24x7(), sitecore.AlwaysCalendar)
	updateAt(t, e.TestWorkflowEnvironment, 30*time.Minute, workflows.UpdateTicketWaiting, sitecore.TicketAction{ActorID: agent}, "")
	updateAt(t, e.TestWorkflowEnvironment, 5*time.Hour, workflows.UpdateTicketRequesterReply, sitecore.TicketAction{ActorID: requester, Body: "School 12"}, "")
	updateAt(t, e.TestWorkflowEnvironment, 5*time.Hour+20*time.Minute, workflows.UpdateTicketReply, sitecore.TicketAction{ActorID: agent, Body: "Done"}, "")
	updateAt(t, e.TestWorkflowEnvironment, 5*time.Hour+21*time.Minute, workflows.UpdateTicketClose, sitecore.TicketAction{ActorID: requester}, "")
	e.run(t)
	if want := []string{"first_response/1@5h15m0s"}; !slices.Equal(e.escalations, want) {
		t.Errorf("escalations %v, want %v", e.escalations, want)
	}
}

// After solving, the requester is asked for a rating; without one the ticket closes when
// the solved window ends.
func TestTicketRatingTimeout(t *testing.T) {
	e := newTicketEnv(t, time.Date(2026, 4, 6, 4, 0, 0, 0, time.UTC), policy24x7(), sitecore.AlwaysCalendar)
	updateAt(t, e.TestWorkflowEnvironment, 10*time.Minute, workflows.UpdateTicketReply, sitecore.TicketAction{ActorID: agent, Body: "Reset it"}, "")
	updateAt(t, e.TestWorkflowEnvironment, 20*time.Minute, workflows.UpdateTicketSolve, sitecore.TicketAction{ActorID: agent}, "")
	v := e.run(t)
	if e.ratingAsks != 1 || len(e.ratings) != 0 || v.Status != sitecore.TicketClosed {
		t.Errorf("asks %d ratings %v status %s", e.ratingAsks, e.ratings, v.Status)
	}
	if d := e.Now().Sub(e.start); d != 20*time.Minute+72*time.Hour {
		t.Errorf("closed after %s, want the solved window (72h) after solving", d)
	}
	if want := []string{"start:open", "reply:", "solve:solved", "close:closed"}; !slices.Equal(e.changes, want) {
		t.Errorf("changes %v, want %v", e.changes, want)
	}
}

// Solved, reopened by the requester within the window (the resolution clock continues),
// solved again and rated: one rating, recorded, and the workflow completes.
func TestTicketReopenAndRate(t *testing.T) {
	e := newTicketEnv(t, time.Date(2026, 4, 6, 4, 0, 0, 0, time.UTC), policy24x7(), sitecore.AlwaysCalendar)
	updateAt(t, e.TestWorkflowEnvironment, 10*time.Minute, workflows.UpdateTicketSolve, sitecore.TicketAction{ActorID: agent}, "")
	updateAt(t, e.TestWorkflowEnvironment, 20*time.Hour, workflows.UpdateTicketReopen, sitecore.TicketAction{ActorID: requester, Body: "Still broken"}, "")
	updateAt(t, e.TestWorkflowEnvironment, 20*time.Hour+time.Minute, workflows.UpdateTicketReopen, sitecore.TicketAction{ActorID: requester}, "helpdesk.state")
	// 10 minutes counted before solving; 2 h 50 min after reopening the reminder (3 h) fires.
	updateAt(t, e.TestWorkflowEnvironment, 23*time.Hour, workflows.UpdateTicketSolve, sitecore.TicketAction{ActorID: agent}, "")
	updateAt(t, e.TestWorkflowEnvironment, 23*time.Hour+time.Minute, workflows.UpdateTicketRate, sitecore.TicketAction{ActorID: requester, Stars: 6}, "helpdesk.stars")
	updateAt(t, e.TestWorkflowEnvironment, 23*time.Hour+2*time.Minute, workflows.UpdateTicketRate, sitecore.TicketAction{ActorID: agent, Stars: 5}, "not_found.ticket")
	updateAt(t, e.TestWorkflowEnvironment, 23*time.Hour+3*time.Minute, workflows.UpdateTicketRate, sitecore.TicketAction{ActorID: requester, Stars: 2, Reason: "slow"}, "")
	v := e.run(t)
	if !slices.Equal(e.ratings, []int{2}) || e.ratingAsks != 2 || v.Status != sitecore.TicketClosed {
		t.Errorf("ratings %v asks %d status %s", e.ratings, e.ratingAsks, v.Status)
	}
	if want := []string{"resolution/1@22h50m0s"}; !slices.Equal(e.escalations, want) {
		t.Errorf("escalations %v, want %v", e.escalations, want)
	}
	if d := e.Now().Sub(e.start); d != 23*time.Hour+3*time.Minute {
		t.Errorf("completed after %s, want right after the rating", d)
	}
}

// Validators: only the assignee or a lead answers publicly or solves; any agent (and only an
// agent) may note;
// claiming an assigned ticket needs a lead; a solved ticket takes no agent reply; merging
// into itself is refused; a priority change takes the new policy's targets.
func TestTicketValidators(t *testing.T) {
	e := newTicketEnv(t, time.Date(2026, 4, 6, 4, 0, 0, 0, time.UTC), policy24x7(), sitecore.AlwaysCalendar)
	other := int64(13)
	updateAt(t, e.TestWorkflowEnvironment, time.Minute, workflows.UpdateTicketReply, sitecore.TicketAction{ActorID: other, Body: "hi"}, "helpdesk.not_assignee")
	updateAt(t, e.TestWorkflowEnvironment, 2*time.Minute, workflows.UpdateTicketReply, sitecore.TicketAction{ActorID: other, Agent: true, Body: "note", Internal: true}, "")
	updateAt(t, e.TestWorkflowEnvironment, 2*time.Minute+30*time.Second, workflows.UpdateTicketReply, sitecore.TicketAction{ActorID: requester, Body: "forged note", Internal: true}, "forbidden")
	updateAt(t, e.TestWorkflowEnvironment, 3*time.Minute, workflows.UpdateTicketAssign, sitecore.TicketAction{ActorID: other, AgentID: other}, "helpdesk.not_assignee")
	updateAt(t, e.TestWorkflowEnvironment, 4*time.Minute, workflows.UpdateTicketSolve, sitecore.TicketAction{ActorID: other}, "helpdesk.not_assignee")
	updateAt(t, e.TestWorkflowEnvironment, 5*time.Minute, workflows.UpdateTicketMerge, sitecore.TicketAction{ActorID: agent, Into: 7}, "helpdesk.merge_self")
	updateAt(t, e.TestWorkflowEnvironment, 6*time.Minute, workflows.UpdateTicketAssign, sitecore.TicketAction{ActorID: lead, Lead: true, AgentID: other}, "")
	updateAt(t, e.TestWorkflowEnvironment, 7*time.Minute, workflows.UpdateTicketChange, sitecore.TicketAction{ActorID: other, Priority: sitecore.PriorityUrgent}, "")
	// Urgent: first response 10 minutes → reminder at 7.5 min, breach at 10 min.
	updateAt(t, e.TestWorkflowEnvironment, 11*time.Minute, workflows.UpdateTicketReply, sitecore.TicketAction{ActorID: lead, Lead: true, Body: "lead answers"}, "")
	updateAt(t, e.TestWorkflowEnvironment, 12*time.Minute, workflows.UpdateTicketSolve, sitecore.TicketAction{ActorID: other}, "")
	updateAt(t, e.TestWorkflowEnvironment, 13*time.Minute, workflows.UpdateTicketReply, sitecore.TicketAction{ActorID: other, Body: "more"}, "helpdesk.state")
	updateAt(t, e.TestWorkflowEnvironment, 14*time.Minute, workflows.UpdateTicketSolve, sitecore.TicketAction{ActorID: other}, "helpdesk.state")
	updateAt(t, e.TestWorkflowEnvironment, 15*time.Minute, workflows.UpdateTicketClose, sitecore.TicketAction{ActorID: other}, "not_found.ticket")
	updateAt(t, e.TestWorkflowEnvironment, 16*time.Minute, workflows.UpdateTicketClose, sitecore.TicketAction{ActorID: requester}, "")
	v := e.run(t)
	if v.AssigneeID != other || v.Priority != sitecore.PriorityUrgent {
		t.Errorf("view %+v", v)
	}
	if want := []string{"first_response/1@7m30s", "first_response/2@10m0s"}; !slices.Equal(e.escalations, want) {
		t.Errorf("escalations %v, want %v", e.escalations, want)
	}
	if !strings.Contains(strings.Join(e.changes, ","), "note:,assign:,change:,reply:,solve:solved,close:closed") {
		t.Errorf("changes %v", e.changes)
	}
}

// TestTicketReplay replays tickets recorded from real runs (internal/app's
// TestHelpdeskEndToEnd with MEKTEP_RECORD_HISTORY=1 writes ticket-local.json) against the
// current workflow code: ticket.json was recorded before the database steps became local
// activities and must still replay, ticket-local.json after.
func TestTicketReplay(t *testing.T) {
	for _, name := range []string{"ticket.json", "ticket-local.json"} {
		t.Run(name, func(t *testing.T) {
			r := worker.NewWorkflowReplayer()
			r.RegisterWorkflow(workflows.Ticket)
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/"+name); err != nil {
				t.Fatalf("replay: %v", err)
			}
		})
	}
}
