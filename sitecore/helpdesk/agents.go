package helpdesk

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// agentOnly refuses everyone but the support team.
func agentOnly(p *sitecore.Principal) error {
	switch {
	case p.SupportAgent():
		return nil
	case p == nil || !p.LoggedIn():
		return sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	return sitecore.Errorf(sitecore.EForbidden, "forbidden")
}

// leadOnly refuses everyone but team leads and operators.
func leadOnly(p *sitecore.Principal) error {
	if err := agentOnly(p); err != nil {
		return err
	}
	if !p.SupportLead() {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return nil
}

// operatorOnly refuses everyone but operators.
func operatorOnly(p *sitecore.Principal) error {
	if err := agentOnly(p); err != nil {
		return err
	}
	if !p.Operator() {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return nil
}

// SLAFilters are the values of the queue's SLA filter.
var SLAFilters = []string{"breached", "at_risk", "paused", "ok"}

// Queue lists tickets for the support team with the filter.
func (s *Service) Queue(ctx context.Context, p *sitecore.Principal, f sitecore.TicketFilter) ([]sitecore.Ticket, error) {
	if err := agentOnly(p); err != nil {
		return nil, err
	}
	if f.SLA != "" && !slices.Contains(SLAFilters, f.SLA) {
		return nil, sitecore.Invalid("sla", "helpdesk.sla", "value", f.SLA)
	}
	if f.Category != "" {
		if _, err := sitecore.ParseTicketCategory("category", string(f.Category)); err != nil {
			return nil, err
		}
	}
	for _, st := range f.Status {
		if !slices.Contains(sitecore.TicketStatuses, st) {
			return nil, sitecore.Invalid("status", "helpdesk.status", "value", string(st))
		}
	}
	return s.Store.ListTickets(ctx, f)
}

// agentTicket loads a ticket for an agent's action.
func (s *Service) agentTicket(ctx context.Context, p *sitecore.Principal, id int64) (*sitecore.Ticket, error) {
	if err := agentOnly(p); err != nil {
		return nil, err
	}
	return s.Store.FindTicket(ctx, id)
}

func agentAction(p *sitecore.Principal) sitecore.TicketAction {
	return sitecore.TicketAction{ActorID: p.UserID, Lead: p.SupportLead(), Agent: p.SupportAgent()}
}

// Assign gives the ticket to an agent; agentID 0 claims it for the caller. Claiming an
// unassigned ticket is open to every agent; otherwise the assignee hands over, or a lead
// reassigns.
func (s *Service) Assign(ctx context.Context, p *sitecore.Principal, id, agentID int64) (sitecore.TicketView, error) {
	t, err := s.agentTicket(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	if agentID == 0 {
		agentID = p.UserID
	}
	u, err := s.Accounts.FindUserByID(ctx, agentID)
	if err != nil || (u.PlatformRole != sitecore.PlatformSupport && u.PlatformRole != sitecore.PlatformSupportLead) {
		if err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound {
			return sitecore.TicketView{}, err
		}
		return sitecore.TicketView{}, sitecore.Invalid("agent_id", "helpdesk.not_agent")
	}
	a := agentAction(p)
	a.AgentID = agentID
	return s.act(ctx, t, sitecore.TicketActAssign, a)
}

// Waiting marks the ticket as waiting for the requester, pausing its SLA clock.
func (s *Service) Waiting(ctx context.Context, p *sitecore.Principal, id int64) (sitecore.TicketView, error) {
	t, err := s.agentTicket(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	return s.act(ctx, t, sitecore.TicketActWaiting, agentAction(p))
}

// Solve marks the ticket solved; the requester is asked to rate the agent.
func (s *Service) Solve(ctx context.Context, p *sitecore.Principal, id int64) (sitecore.TicketView, error) {
	t, err := s.agentTicket(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	return s.act(ctx, t, sitecore.TicketActSolve, agentAction(p))
}

// Change is a new category and/or priority ("" keeps).
type Change struct {
	Category string `json:"category"`
	Priority string `json:"priority"`
}

// Change sets the category and priority; the SLA targets follow the matching policy.
func (s *Service) Change(ctx context.Context, p *sitecore.Principal, id int64, in Change) (sitecore.TicketView, error) {
	t, err := s.agentTicket(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	a := agentAction(p)
	if in.Category != "" {
		if a.Category, err = sitecore.ParseTicketCategory("category", in.Category); err != nil {
			return sitecore.TicketView{}, err
		}
	}
	if in.Priority != "" {
		if a.Priority, err = sitecore.ParseTicketPriority("priority", in.Priority); err != nil {
			return sitecore.TicketView{}, err
		}
	}
	if in.Category == "" && in.Priority == "" {
		return sitecore.TicketView{}, sitecore.Invalid("category", "field.required")
	}
	return s.act(ctx, t, sitecore.TicketActChange, a)
}

// Merge closes a duplicate into the ticket that stays (which must be open).
func (s *Service) Merge(ctx context.Context, p *sitecore.Principal, id, into int64) (sitecore.TicketView, error) {
	t, err := s.agentTicket(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	if into == id {
		return sitecore.TicketView{}, sitecore.Invalid("into", "helpdesk.merge_self")
	}
	target, err := s.Store.FindTicket(ctx, into)
	switch {
	case sitecore.ErrorCode(err) == sitecore.ENotFound || into <= 0:
		return sitecore.TicketView{}, sitecore.Invalid("into", "helpdesk.merge_target")
	case err != nil:
		return sitecore.TicketView{}, err
	case target.Status == sitecore.TicketClosed || target.Status == sitecore.TicketSolved:
		return sitecore.TicketView{}, sitecore.Invalid("into", "helpdesk.merge_target")
	}
	a := agentAction(p)
	a.Into = into
	return s.act(ctx, t, sitecore.TicketActMerge, a)
}

// SetAway marks the calling agent away (no new tickets) or back on duty.
func (s *Service) SetAway(ctx context.Context, p *sitecore.Principal, away bool) error {
	if err := agentOnly(p); err != nil {
		return err
	}
	if p.UserID == 0 {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return s.Store.SetAway(ctx, p.UserID, away)
}

// Agents lists the support team with duty and load.
func (s *Service) Agents(ctx context.Context, p *sitecore.Principal) ([]sitecore.AgentDuty, error) {
	if err := agentOnly(p); err != nil {
		return nil, err
	}
	return s.Store.Agents(ctx)
}

// CannedResponses lists the prepared answers in lang ("" for every language).
func (s *Service) CannedResponses(ctx context.Context, p *sitecore.Principal, lang string) ([]sitecore.CannedResponse, error) {
	if err := agentOnly(p); err != nil {
		return nil, err
	}
	if lang != "" && !sitecore.Lang(lang).Supported() {
		return nil, sitecore.Invalid("lang", "lang.unsupported", "value", lang)
	}
	return s.Store.CannedResponses(ctx, sitecore.Lang(lang))
}

// NewCanned is a prepared answer.
type NewCanned struct {
	Lang  string `json:"lang"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// CreateCanned stores a prepared answer (leads).
func (s *Service) CreateCanned(ctx context.Context, p *sitecore.Principal, in NewCanned) (*sitecore.CannedResponse, error) {
	if err := leadOnly(p); err != nil {
		return nil, err
	}
	if !sitecore.Lang(in.Lang).Supported() {
		return nil, sitecore.Invalid("lang", "lang.unsupported", "value", in.Lang)
	}
	title, err := text("title", in.Title, MaxSubject, true)
	if err != nil {
		return nil, err
	}
	body, err := text("body", in.Body, MaxBody, true)
	if err != nil {
		return nil, err
	}
	c := &sitecore.CannedResponse{Lang: sitecore.Lang(in.Lang), Title: title, Body: body, CreatedBy: p.UserID}
	return c, s.Store.CreateCannedResponse(ctx, c)
}

// DeleteCanned removes a prepared answer (leads).
func (s *Service) DeleteCanned(ctx context.Context, p *sitecore.Principal, id int64) error {
	if err := leadOnly(p); err != nil {
		return err
	}
	return s.Store.DeleteCannedResponse(ctx, id)
}

// Policies lists the SLA policies (the support team).
func (s *Service) Policies(ctx context.Context, p *sitecore.Principal) ([]sitecore.SLAPolicy, error) {
	if err := agentOnly(p); err != nil {
		return nil, err
	}
	return s.Store.Policies(ctx)
}

// PolicyInput is an SLA policy as operators write it, durations in seconds.
type PolicyInput struct {
	Category       string `json:"category"`
	Priority       string `json:"priority"`
	FirstResponseS int64  `json:"first_response_seconds"`
	ResolutionS    int64  `json:"resolution_seconds"`
	ReminderPct    int    `json:"reminder_pct"`
	SecondPct      int    `json:"second_pct"`
	Calendar       string `json:"calendar"`
	AutoCloseS     int64  `json:"auto_close_seconds"`
	SolvedWindowS  int64  `json:"solved_window_seconds"`
}

// PutPolicy stores the policy of a category and priority (operators). New tickets and
// category or priority changes use it; running tickets keep the targets they started with.
func (s *Service) PutPolicy(ctx context.Context, p *sitecore.Principal, in PolicyInput) (*sitecore.SLAPolicy, error) {
	if err := operatorOnly(p); err != nil {
		return nil, err
	}
	pol := &sitecore.SLAPolicy{ReminderPct: in.ReminderPct, SecondPct: in.SecondPct, Calendar: in.Calendar}
	var err error
	if in.Category != "" {
		if pol.Category, err = sitecore.ParseTicketCategory("category", in.Category); err != nil {
			return nil, err
		}
	}
	if in.Priority != "" {
		if pol.Priority, err = sitecore.ParseTicketPriority("priority", in.Priority); err != nil {
			return nil, err
		}
	}
	const year = 366 * 24 * 3600
	secs := func(field string, v, def int64) (time.Duration, error) {
		if v == 0 && def > 0 {
			v = def
		}
		if v <= 0 || v > year {
			return 0, sitecore.Invalid(field, "helpdesk.duration")
		}
		return time.Duration(v) * time.Second, nil
	}
	if pol.FirstResponse, err = secs("first_response_seconds", in.FirstResponseS, 0); err != nil {
		return nil, err
	}
	if pol.Resolution, err = secs("resolution_seconds", in.ResolutionS, 0); err != nil {
		return nil, err
	}
	if pol.AutoClose, err = secs("auto_close_seconds", in.AutoCloseS, 7*24*3600); err != nil {
		return nil, err
	}
	if pol.SolvedWindow, err = secs("solved_window_seconds", in.SolvedWindowS, 7*24*3600); err != nil {
		return nil, err
	}
	if pol.ReminderPct == 0 {
		pol.ReminderPct = 75
	}
	if pol.SecondPct == 0 {
		pol.SecondPct = 150
	}
	switch {
	case pol.ReminderPct < 1 || pol.ReminderPct > 99:
		return nil, sitecore.Invalid("reminder_pct", "helpdesk.percent")
	case pol.SecondPct <= 100 || pol.SecondPct > 1000:
		return nil, sitecore.Invalid("second_pct", "helpdesk.percent")
	}
	if pol.Calendar == "" {
		pol.Calendar = sitecore.CalendarBusiness
	}
	if pol.Calendar != sitecore.CalendarBusiness && pol.Calendar != sitecore.Calendar24x7 {
		return nil, sitecore.Invalid("calendar", "helpdesk.calendar")
	}
	return pol, s.Store.PutPolicy(ctx, pol)
}

// CalendarView is the business calendar as operators read and write it.
type CalendarView struct {
	UTCOffsetMinutes int                `json:"utc_offset_minutes"`
	DayStart         string             `json:"day_start"` // "09:00"
	DayEnd           string             `json:"day_end"`   // "18:00"
	Weekdays         []int              `json:"weekdays"`  // 0 Sunday … 6 Saturday
	Holidays         []sitecore.Holiday `json:"holidays"`
}

// Calendar returns the business calendar (the support team).
func (s *Service) Calendar(ctx context.Context, p *sitecore.Principal) (*CalendarView, error) {
	if err := agentOnly(p); err != nil {
		return nil, err
	}
	h, hs, err := s.Store.WorkingHours(ctx)
	if err != nil {
		return nil, err
	}
	v := &CalendarView{UTCOffsetMinutes: h.UTCOffset / 60, DayStart: clock(h.DayStart), DayEnd: clock(h.DayEnd),
		Weekdays: []int{}, Holidays: hs}
	for _, d := range h.Weekdays {
		v.Weekdays = append(v.Weekdays, int(d))
	}
	if v.Holidays == nil {
		v.Holidays = []sitecore.Holiday{}
	}
	return v, nil
}

func clock(d time.Duration) string {
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(d).Format("15:04")
}

// PutCalendar replaces the business calendar (operators): working hours, working weekdays
// and the holidays (each "YYYY-MM-DD").
func (s *Service) PutCalendar(ctx context.Context, p *sitecore.Principal, in CalendarView) error {
	if err := operatorOnly(p); err != nil {
		return err
	}
	parse := func(field, v string) (time.Duration, error) {
		t, err := time.Parse("15:04", v)
		if v == "24:00" {
			return 24 * time.Hour, nil
		}
		if err != nil {
			return 0, sitecore.Invalid(field, "helpdesk.time")
		}
		return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
	}
	h := sitecore.WorkingHours{UTCOffset: in.UTCOffsetMinutes * 60}
	var err error
	if h.DayStart, err = parse("day_start", in.DayStart); err != nil {
		return err
	}
	if h.DayEnd, err = parse("day_end", in.DayEnd); err != nil {
		return err
	}
	if h.DayEnd <= h.DayStart {
		return sitecore.Invalid("day_end", "helpdesk.time")
	}
	if in.UTCOffsetMinutes < -12*60 || in.UTCOffsetMinutes > 14*60 {
		return sitecore.Invalid("utc_offset_minutes", "helpdesk.offset")
	}
	if len(in.Weekdays) == 0 {
		return sitecore.Invalid("weekdays", "field.required")
	}
	for _, d := range in.Weekdays {
		if d < 0 || d > 6 || slices.Contains(h.Weekdays, time.Weekday(d)) {
			return sitecore.Invalid("weekdays", "helpdesk.weekday")
		}
		h.Weekdays = append(h.Weekdays, time.Weekday(d))
	}
	for i, d := range in.Holidays {
		if _, err := time.Parse(time.DateOnly, d.Day); err != nil {
			return sitecore.Invalid("holidays["+strconv.Itoa(i)+"].day", "helpdesk.date")
		}
		if in.Holidays[i].Name, err = text("holidays["+strconv.Itoa(i)+"].name", d.Name, 100, false); err != nil {
			return err
		}
	}
	return s.Store.SetCalendar(ctx, h, in.Holidays)
}
