package certification

import (
	"context"
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Seminar is a (yearly) seminar for site admins: dates, a place or an online link (or both),
// a capacity. People register; past the capacity they wait in line and move up, in the
// order they registered, when someone cancels. The trainer marks attendance, which renews
// the certificate of the seminar's kind. Reminders go out a week and a day before it starts
// (Asia/Almaty calendar days), from the seminar's workflow.
type Seminar struct {
	ID        int64                    `json:"id"`
	Kind      string                   `json:"kind"`
	Title     map[sitecore.Lang]string `json:"title"`
	StartsAt  time.Time                `json:"starts_at"`
	EndsAt    time.Time                `json:"ends_at"`
	Place     string                   `json:"place"`
	OnlineURL string                   `json:"online_url"`
	Capacity  int                      `json:"capacity"`
	CreatedBy int64                    `json:"created_by"`
	Cancelled bool                     `json:"cancelled"`
	// Confirmed and Waiting count the registrations; Mine is the caller's (nil if none).
	Confirmed int           `json:"confirmed"`
	Waiting   int           `json:"waiting"`
	Mine      *Registration `json:"mine,omitempty"`
	// Registrations are listed for trainers only.
	Registrations []*Registration `json:"registrations,omitempty"`
}

// RegStatus is where a registration stands.
type RegStatus string

// Registration statuses.
const (
	RegConfirmed RegStatus = "confirmed"
	RegWaiting   RegStatus = "waiting"
	RegCancelled RegStatus = "cancelled"
)

// Registration is one person's place at a seminar. Position is the place in the waiting
// line (1 = next), 0 when confirmed.
type Registration struct {
	SeminarID    int64     `json:"seminar_id"`
	UserID       int64     `json:"user_id"`
	Name         string    `json:"name,omitempty"` // for trainers' lists
	Status       RegStatus `json:"status"`
	Position     int       `json:"position,omitempty"`
	RegisteredAt time.Time `json:"registered_at"`
	Attended     bool      `json:"attended"`
}

// SeminarReminders are the reminders before a seminar: how many Almaty calendar days
// before its start, at the same time of day.
var SeminarReminders = []int{7, 1}

// ReminderAt is when the reminder days before the start goes out: the same Almaty wall
// clock time, days earlier (a calendar week, not 168 hours).
func (s *Seminar) ReminderAt(days int) time.Time {
	return s.StartsAt.In(sitecore.Almaty).AddDate(0, 0, -days)
}

// SeminarInput is what a trainer submits for a seminar; absent fields of a change keep
// their value.
type SeminarInput struct {
	Kind      *string                  `json:"kind"`
	Title     map[sitecore.Lang]string `json:"title"`
	StartsAt  *time.Time               `json:"starts_at"`
	EndsAt    *time.Time               `json:"ends_at"`
	Place     *string                  `json:"place"`
	OnlineURL *string                  `json:"online_url"`
	Capacity  *int                     `json:"capacity"`
	Cancelled *bool                    `json:"cancelled"`
}

// MaxCapacity bounds a seminar's capacity.
const MaxCapacity = 5000

// Apply validates in and writes it over sm (a new seminar is the zero Seminar); now is for
// refusing a start in the past. Nothing changes when in is refused.
func (in SeminarInput) Apply(sm *Seminar, kinds func(string) bool, now time.Time) error {
	n := *sm
	if in.Kind != nil {
		if !kinds(*in.Kind) {
			return sitecore.Invalid("kind", "cert.kind_unknown", "value", *in.Kind)
		}
		n.Kind = *in.Kind
	} else if n.Kind == "" {
		n.Kind = KindTemplates
	}
	if in.Title != nil || sm.ID == 0 {
		t, err := texts("title", in.Title, MaxTitle, true)
		if err != nil {
			return err
		}
		n.Title = t
	}
	if in.StartsAt != nil {
		if sm.ID == 0 && !in.StartsAt.After(now) {
			return sitecore.Invalid("starts_at", "cert.seminar_past")
		}
		n.StartsAt = *in.StartsAt
	} else if sm.ID == 0 {
		return sitecore.Invalid("starts_at", "field.required")
	}
	if in.EndsAt != nil {
		n.EndsAt = *in.EndsAt
	} else if sm.ID == 0 {
		return sitecore.Invalid("ends_at", "field.required")
	}
	if !n.EndsAt.After(n.StartsAt) || n.EndsAt.Sub(n.StartsAt) > 14*24*time.Hour {
		return sitecore.Invalid("ends_at", "cert.seminar_ends")
	}
	if in.Place != nil {
		p, err := text("place", *in.Place, 500, false)
		if err != nil {
			return err
		}
		n.Place = p
	}
	if in.OnlineURL != nil {
		u, err := sitecore.OnlineLink("online_url", "cert.seminar_url", *in.OnlineURL)
		if err != nil {
			return err
		}
		n.OnlineURL = u
	}
	if n.Place == "" && n.OnlineURL == "" {
		return sitecore.Invalid("place", "cert.seminar_where")
	}
	if in.Capacity != nil {
		if *in.Capacity < 1 || *in.Capacity > MaxCapacity {
			return sitecore.Invalid("capacity", "cert.seminar_capacity", "max", strconv.Itoa(MaxCapacity))
		}
		n.Capacity = *in.Capacity
	} else if sm.ID == 0 {
		return sitecore.Invalid("capacity", "field.required")
	}
	if in.Cancelled != nil {
		n.Cancelled = *in.Cancelled
	}
	*sm = n
	return nil
}

// SeminarStore keeps seminars and their registrations. Registering and cancelling lock the
// seminar, so the capacity holds with any number of people at once.
type SeminarStore interface {
	// CreateSeminar stores a new seminar and fills ID; UpdateSeminar stores sm's fields and
	// confirms people from the waiting line up to a raised capacity, returning them.
	CreateSeminar(ctx context.Context, sm *Seminar) error
	UpdateSeminar(ctx context.Context, sm *Seminar) (promoted []int64, err error)
	// FindSeminar returns a seminar with its counts (and, for userID, the caller's
	// registration); Seminars lists those ending after since, soonest first.
	FindSeminar(ctx context.Context, id, userID int64) (*Seminar, error)
	Seminars(ctx context.Context, since time.Time, userID int64) ([]*Seminar, error)
	// Registrations lists a seminar's registrations: confirmed, then the waiting line.
	Registrations(ctx context.Context, seminarID int64) ([]*Registration, error)
	// Register registers the user: confirmed while there is room, else at the end of the
	// waiting line. Registering again keeps the place.
	Register(ctx context.Context, seminarID, userID int64) (*Registration, error)
	// CancelRegistration cancels the user's registration; a confirmed place goes to the
	// first in the waiting line, whose ID is returned (0 if none).
	CancelRegistration(ctx context.Context, seminarID, userID int64) (promoted int64, err error)
	// MarkAttended records (or clears) a confirmed registrant's attendance; first reports
	// whether the person is marked attended for the first time.
	MarkAttended(ctx context.Context, seminarID, userID int64, attended bool, by int64) (first bool, err error)
	// SeminarRecipients returns the confirmed registrants, whom the reminders go to.
	SeminarRecipients(ctx context.Context, seminarID int64) ([]int64, error)
}

// SeminarProcess is the seminars' workflow seen from the service
// (workflows.SeminarClient): started when a seminar is created, told when it changes (so
// its reminder timers move) and when someone moves up from the waiting line (emailed).
type SeminarProcess interface {
	Changed(ctx context.Context, seminarID int64) error
	Promoted(ctx context.Context, seminarID int64, userIDs []int64) error
}
