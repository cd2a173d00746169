package helpdesk

import (
	"context"
	"slices"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// The agents' console reads through these methods: queue views with filters, the live SLA
// clocks of the rows shown, who else has a ticket open, the messages that arrived since an
// agent loaded a ticket, and the low ratings of a period. They check rights as the rest of
// the service does; actions on tickets go through the same methods as the JSON API.

// PresenceWindow is how long an agent counts as having a ticket open after the page last
// said so; the console's page reports every third of it.
const PresenceWindow = 30 * time.Second

// ConsoleQueue lists the tickets of a queue view for the support team.
func (s *Service) ConsoleQueue(ctx context.Context, p *sitecore.Principal, f sitecore.ConsoleFilter) ([]sitecore.QueueTicket, error) {
	if err := agentOnly(p); err != nil {
		return nil, err
	}
	if f.View == "" {
		f.View = sitecore.ViewTeam
	}
	if !slices.Contains(sitecore.ConsoleViews, f.View) {
		return nil, sitecore.Invalid("view", "helpdesk.view", "value", f.View)
	}
	if f.Category != "" {
		if _, err := sitecore.ParseTicketCategory("category", string(f.Category)); err != nil {
			return nil, err
		}
	}
	if f.Priority != "" {
		if _, err := sitecore.ParseTicketPriority("priority", string(f.Priority)); err != nil {
			return nil, err
		}
	}
	if f.Status != "" && !slices.Contains(sitecore.TicketStatuses, f.Status) {
		return nil, sitecore.Invalid("status", "helpdesk.status", "value", string(f.Status))
	}
	if f.SiteID < 0 || f.RegionID < 0 {
		return nil, sitecore.Invalid("site_id", "field.type", "want", "number")
	}
	if _, err := text("q", f.Query, MaxSubject, false); err != nil {
		return nil, err
	}
	f.AgentID = p.UserID
	return s.Store.ConsoleQueue(ctx, f)
}

// Clock states, as the console colours them.
const (
	ClockOK       = "ok"       // on track
	ClockReminder = "reminder" // the reminder threshold (75 %) has passed
	ClockBreached = "breached"
	ClockPaused   = "paused" // waiting for the requester, or not started
	ClockMet      = "met"    // solved or closed within the targets
)

// Clock is the SLA clock a ticket's row shows: the target that runs now (first response
// until the first answer, then resolution), its state and the working time left (negative:
// working time since it breached).
type Clock struct {
	TicketID int64         `json:"id"`
	Name     string        `json:"clock,omitempty"` // "first_response" or "resolution"
	State    string        `json:"state"`
	Due      *time.Time    `json:"due,omitempty"`
	Left     time.Duration `json:"left"`
}

// Clocks returns the clocks of the tickets at now, in working time of each ticket's
// calendar (the policy of its category and priority says business or 24×7).
func (s *Service) Clocks(ctx context.Context, p *sitecore.Principal, ids []int64, now time.Time) ([]Clock, error) {
	if err := agentOnly(p); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > 500 {
		return nil, sitecore.Invalid("ids", "field.too_long", "max", "500")
	}
	rows, err := s.Store.TicketClocks(ctx, ids)
	if err != nil {
		return nil, err
	}
	pols, err := s.Store.Policies(ctx)
	if err != nil {
		return nil, err
	}
	business, err := s.Store.BusinessCalendar(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Clock, 0, len(rows))
	for _, r := range rows {
		cal := business
		if pol, ok := sitecore.PickPolicy(pols, r.Category, r.Priority); ok && pol.Calendar == sitecore.Calendar24x7 {
			cal = sitecore.AlwaysCalendar
		}
		out = append(out, ClockOf(r, cal, now))
	}
	return out, nil
}

// ClockOf computes a ticket's clock at now on the calendar.
func ClockOf(r sitecore.ClockRow, cal sitecore.Calendar, now time.Time) Clock {
	c := Clock{TicketID: r.ID, Name: "resolution"}
	due, breached, level := r.ResolutionDue, r.ResolutionBreached, r.ResolutionLevel
	if r.FirstResponseAt == nil && r.FirstResponseDue != nil {
		c.Name, due, breached, level = "first_response", r.FirstResponseDue, r.FirstResponseBreached, r.FirstLevel
	}
	switch r.Status {
	case sitecore.TicketSolved, sitecore.TicketClosed:
		c.Name, c.State = "", ClockMet
		if r.FirstResponseBreached || r.ResolutionBreached {
			c.State = ClockBreached
		}
		return c
	case sitecore.TicketWaiting:
		c.Name, c.State = "", ClockPaused
		return c
	}
	if due == nil {
		c.Name, c.State = "", ClockPaused
		return c
	}
	c.Due = due
	if now.Before(*due) {
		c.Left = cal.Between(now, *due)
	} else {
		c.Left = -cal.Between(*due, now)
	}
	switch {
	case breached || level >= 2 || !now.Before(*due):
		c.State = ClockBreached
	case level >= 1:
		c.State = ClockReminder
	default:
		c.State = ClockOK
	}
	return c
}

// Present records that the agent has the ticket open and returns the other agents who
// have it open too.
func (s *Service) Present(ctx context.Context, p *sitecore.Principal, id int64, now time.Time) ([]sitecore.Viewer, error) {
	if _, err := s.agentTicket(ctx, p, id); err != nil {
		return nil, err
	}
	if p.UserID != 0 {
		if err := s.Store.TouchPresence(ctx, id, p.UserID, now); err != nil {
			return nil, err
		}
	}
	vs, err := s.Store.Viewers(ctx, id, now.Add(-PresenceWindow))
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(vs, func(v sitecore.Viewer) bool { return v.UserID == p.UserID }), nil
}

// Newer returns the messages (notes included) that others wrote on the ticket after the
// message after: what an agent has not seen when they send a reply written against an
// older state of the thread.
func (s *Service) Newer(ctx context.Context, p *sitecore.Principal, id, after int64) ([]sitecore.TicketMessage, error) {
	if _, err := s.agentTicket(ctx, p, id); err != nil {
		return nil, err
	}
	ms, err := s.Store.Messages(ctx, id, true)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ms, func(m sitecore.TicketMessage) bool { return m.ID <= after || m.AuthorID == p.UserID }), nil
}

// ReopenAsAgent reopens a solved ticket on the support team's side (its assignee or a
// lead), resuming the resolution clock where it stopped.
func (s *Service) ReopenAsAgent(ctx context.Context, p *sitecore.Principal, id int64) (sitecore.TicketView, error) {
	t, err := s.agentTicket(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	return s.act(ctx, t, sitecore.TicketActReopen, agentAction(p))
}

// RequesterTickets lists the requester's other tickets, the newest first (the support
// team).
func (s *Service) RequesterTickets(ctx context.Context, p *sitecore.Principal, requesterID int64) ([]sitecore.Ticket, error) {
	if err := agentOnly(p); err != nil {
		return nil, err
	}
	return s.Store.ListTickets(ctx, sitecore.TicketFilter{RequesterID: requesterID, Limit: 20})
}

// LowRatings returns the ratings of sitecore.LowRating stars or fewer given in [from, to)
// with their comments (leads and operators).
func (s *Service) LowRatings(ctx context.Context, p *sitecore.Principal, from, to time.Time) ([]sitecore.LowRatingRow, error) {
	if err := leadOnly(p); err != nil {
		return nil, err
	}
	if err := period(from, to); err != nil {
		return nil, err
	}
	return s.Store.LowRatings(ctx, from, to)
}

// SetAgentAway takes an agent out of the round-robin rotation or puts them back: agents
// for themselves, leads for anyone on the team.
func (s *Service) SetAgentAway(ctx context.Context, p *sitecore.Principal, userID int64, away bool) error {
	if err := agentOnly(p); err != nil {
		return err
	}
	if userID == 0 || userID == p.UserID {
		return s.SetAway(ctx, p, away)
	}
	if err := leadOnly(p); err != nil {
		return err
	}
	u, err := s.Accounts.FindUserByID(ctx, userID)
	if err != nil || (u.PlatformRole != sitecore.PlatformSupport && u.PlatformRole != sitecore.PlatformSupportLead) {
		if err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound {
			return err
		}
		return sitecore.Invalid("user_id", "helpdesk.not_agent")
	}
	return s.Store.SetAway(ctx, userID, away)
}
