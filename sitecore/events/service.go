package events

import (
	"context"
	"slices"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Service implements the events calendar: admins (the section "events") create, change
// and cancel events and mark attendance; the school's accounts sign up themselves and
// their confirmed children.
type Service struct {
	Store   Store
	Process Process
	// Links gives a parent's confirmed children.
	Links interface {
		ParentLinks(ctx context.Context, userID int64) ([]sitecore.ParentLink, error)
	}
	Accounts interface {
		FindUserByID(ctx context.Context, id int64) (*sitecore.User, error)
	}
	Audit interface {
		Audit(ctx context.Context, a *sitecore.AuditEntry) error
	}
	// Now is time.Now unless a test fixes it.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

var section = sitecore.Resource{Section: sitecore.SectionEvents}

// MayManage reports whether p may create and change the site's events.
func MayManage(p *sitecore.Principal, siteID int64) bool {
	return sitecore.Authorize(p, siteID, sitecore.ActionEdit, section) == nil
}

// Calendar lists the site's events starting in [from, to), for the public pages.
func (s *Service) Calendar(ctx context.Context, siteID int64, from, to time.Time) ([]*Event, error) {
	return s.Store.Events(ctx, siteID, from, to)
}

// Public returns an event for the public pages.
func (s *Service) Public(ctx context.Context, siteID, id int64) (*Event, error) {
	return s.Store.FindEvent(ctx, siteID, id)
}

// View is an event as the API answers it: the caller's sign-ups and, for admins, all.
type View struct {
	Event   *Event    `json:"event"`
	Mine    []*SignUp `json:"mine"`
	SignUps []*SignUp `json:"signups,omitempty"`
}

// known refuses a principal that does not know the site (ENotFound).
func known(p *sitecore.Principal, siteID int64) error {
	if !p.LoggedIn() || !p.Knows(siteID) {
		return sitecore.NotFound("site")
	}
	return nil
}

// List lists the site's events from a day ago on, for the school's accounts.
func (s *Service) List(ctx context.Context, p *sitecore.Principal, siteID int64) ([]*Event, error) {
	if err := known(p, siteID); err != nil {
		return nil, err
	}
	now := s.now()
	return s.Store.Events(ctx, siteID, now.AddDate(0, 0, -1), now.AddDate(2, 0, 0))
}

// Get returns an event with the caller's sign-ups (and everyone's for admins).
func (s *Service) Get(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*View, error) {
	if err := known(p, siteID); err != nil {
		return nil, err
	}
	e, err := s.Store.FindEvent(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	v := &View{Event: e}
	if v.Mine, err = s.Store.SignUpsBy(ctx, siteID, id, p.UserID); err != nil {
		return nil, err
	}
	if MayManage(p, siteID) {
		if v.SignUps, err = s.Store.SignUps(ctx, siteID, id); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// SignUps lists the event's sign-ups for admins (the attendance list).
func (s *Service) SignUps(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Event, []*SignUp, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return nil, nil, err
	}
	e, err := s.Store.FindEvent(ctx, siteID, id)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.Store.SignUps(ctx, siteID, id)
	return e, list, err
}

func (s *Service) audit(ctx context.Context, a sitecore.Actor, siteID int64, action string, e *Event) {
	if s.Audit == nil {
		return
	}
	_ = s.Audit.Audit(ctx, &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID, ActorName: a.Name, Action: action,
		Target: "event:" + itoa(e.ID), IP: ip(a), UserAgent: a.UserAgent})
}

// Create stores an event and starts its workflow.
func (s *Service) Create(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in Input) (*Event, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return nil, err
	}
	e := &Event{SiteID: siteID}
	if err := in.Apply(e, s.now()); err != nil {
		return nil, err
	}
	e.CreatedBy = p.UserID
	if err := s.Store.CreateEvent(ctx, e); err != nil {
		return nil, err
	}
	if err := s.Process.Start(ctx, siteID, e.ID); err != nil {
		return nil, err
	}
	s.audit(ctx, a, siteID, "event.create", e)
	return e, nil
}

// Update changes an event that is not cancelled and has not ended; its workflow moves the
// reminders and fills new seats from the waiting line.
func (s *Service) Update(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64, in Input) (*Event, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return nil, err
	}
	e, err := s.Store.FindEvent(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if err := ended(e, s.now()); err != nil {
		return nil, err
	}
	if err := in.Apply(e, s.now()); err != nil {
		return nil, err
	}
	if err := s.Store.UpdateEvent(ctx, e); err != nil {
		return nil, err
	}
	if err := s.Process.Changed(ctx, siteID, id); err != nil {
		return nil, err
	}
	s.audit(ctx, a, siteID, "event.update", e)
	return s.Store.FindEvent(ctx, siteID, id)
}

// ended refuses a change of a cancelled or finished event.
func ended(e *Event, now time.Time) error {
	switch {
	case e.Cancelled:
		return sitecore.Conflictf("event", "events.cancelled")
	case !now.Before(e.EndsAt):
		return sitecore.Conflictf("event", "events.ended")
	}
	return nil
}

// Cancel cancels an event through its workflow, which emails everyone signed up.
func (s *Service) Cancel(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64) (*Event, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return nil, err
	}
	e, err := s.Store.FindEvent(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if err := ended(e, s.now()); err != nil {
		return nil, err
	}
	if err := s.Process.Cancel(ctx, siteID, id, p.UserID); err != nil {
		return nil, err
	}
	s.audit(ctx, a, siteID, "event.cancel", e)
	return s.Store.FindEvent(ctx, siteID, id)
}

// Attendee is someone the caller may sign up: themself or a confirmed child.
type Attendee struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Self bool   `json:"self"`
}

// Attendees returns whom the caller may sign up: themself, then their confirmed children.
func (s *Service) Attendees(ctx context.Context, p *sitecore.Principal) ([]Attendee, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	out := []Attendee{{ID: p.UserID, Name: p.Name, Self: true}}
	links, err := s.Links.ParentLinks(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if l.ParentID != p.UserID || l.ConfirmedAt == nil {
			continue
		}
		u, err := s.Accounts.FindUserByID(ctx, l.ChildID)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Attendee{ID: u.ID, Name: u.FullName})
	}
	return out, nil
}

// mayAct checks that the caller may sign up or cancel for attendeeID (0: themself) and
// returns the attendee's ID.
func (s *Service) mayAct(ctx context.Context, p *sitecore.Principal, attendeeID int64) (int64, error) {
	if attendeeID == 0 || attendeeID == p.UserID {
		return p.UserID, nil
	}
	as, err := s.Attendees(ctx, p)
	if err != nil {
		return 0, err
	}
	if !slices.ContainsFunc(as, func(a Attendee) bool { return a.ID == attendeeID }) {
		return 0, sitecore.Invalid("attendee_id", "events.not_your_child")
	}
	return attendeeID, nil
}

// SignUp signs the caller (attendeeID 0) or their confirmed child up for the event:
// confirmed while seats are free, else on the waiting line.
func (s *Service) SignUp(ctx context.Context, p *sitecore.Principal, siteID, id, attendeeID int64) (*SignUp, error) {
	if err := known(p, siteID); err != nil {
		return nil, err
	}
	if p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	who, err := s.mayAct(ctx, p, attendeeID)
	if err != nil {
		return nil, err
	}
	return s.Store.SignUp(ctx, siteID, id, who, p.UserID, s.now())
}

// CancelSignUp cancels the sign-up of the caller (attendeeID 0) or their child, or, for
// admins, anyone's; a freed seat goes to the first on the waiting line through the
// event's workflow.
func (s *Service) CancelSignUp(ctx context.Context, p *sitecore.Principal, siteID, id, attendeeID int64) error {
	if err := known(p, siteID); err != nil {
		return err
	}
	e, err := s.Store.FindEvent(ctx, siteID, id)
	if err != nil {
		return err
	}
	if err := ended(e, s.now()); err != nil {
		return err
	}
	who := attendeeID
	if !MayManage(p, siteID) {
		if who, err = s.mayAct(ctx, p, attendeeID); err != nil {
			return err
		}
	}
	freed, err := s.Store.CancelSignUp(ctx, siteID, id, who)
	if err != nil || !freed {
		return err
	}
	return s.Process.Freed(ctx, siteID, id)
}

// Mark is an admin's attendance mark of one attendee.
type Mark struct {
	AttendeeID int64 `json:"attendee_id"`
	Attended   bool  `json:"attended"`
}

// MarkAttended records a confirmed attendee's attendance.
func (s *Service) MarkAttended(ctx context.Context, p *sitecore.Principal, siteID, id int64, m Mark) error {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return err
	}
	if m.AttendeeID <= 0 {
		return sitecore.Invalid("attendee_id", "field.required")
	}
	return s.Store.MarkAttended(ctx, siteID, id, m.AttendeeID, m.Attended, p.UserID)
}
