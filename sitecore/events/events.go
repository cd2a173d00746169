// Package events is a school's events calendar with sign-up (issue #15, 3.2.15): events with
// a title and description in each language, a time in Asia/Almaty, a place or an online
// link and a capacity. Accounts sign up (parents may sign up their confirmed children);
// past the capacity they wait in line and move up, in order, when someone cancels.
// PostgreSQL is the arbiter of seats (Store.SignUp is one conditional update); the event's
// workflow (workflows.Event) drives the reminders a day and an hour before, the promotions
// from the waiting line and the notices of a cancelled event.
package events

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// Event is one event of a school's calendar.
type Event struct {
	ID             int64                    `json:"id"`
	SiteID         int64                    `json:"site_id"`
	Title          map[sitecore.Lang]string `json:"title"`
	Description    map[sitecore.Lang]string `json:"description"` // sanitized HTML
	StartsAt       time.Time                `json:"starts_at"`
	EndsAt         time.Time                `json:"ends_at"`
	SignupClosesAt time.Time                `json:"signup_closes_at"`
	Place          string                   `json:"place"`
	OnlineURL      string                   `json:"online_url"`
	Capacity       int                      `json:"capacity"`
	// Taken counts the confirmed sign-ups, Waiting the waiting line.
	Taken     int       `json:"taken"`
	Waiting   int       `json:"waiting"`
	Cancelled bool      `json:"cancelled"`
	CreatedBy int64     `json:"created_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Open reports whether sign-up is open at now.
func (e *Event) Open(now time.Time) bool { return !e.Cancelled && now.Before(e.SignupClosesAt) }

// Text returns a text in lang, else in the first of langs that has one.
func Text(m map[sitecore.Lang]string, lang sitecore.Lang, langs []sitecore.Lang) string {
	if t := m[lang]; t != "" {
		return t
	}
	for _, l := range langs {
		if t := m[l]; t != "" {
			return t
		}
	}
	for _, l := range []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English} {
		if t := m[l]; t != "" {
			return t
		}
	}
	return ""
}

// Status is where a sign-up stands.
type Status string

// Sign-up statuses.
const (
	Confirmed Status = "confirmed"
	Waiting   Status = "waiting"
	Cancelled Status = "cancelled"
)

// SignUp is one attendee's place at an event. Position is the place in the waiting line
// (1 = next), 0 otherwise.
type SignUp struct {
	EventID      int64     `json:"event_id"`
	AttendeeID   int64     `json:"attendee_id"`
	AttendeeName string    `json:"attendee_name"`
	SignedBy     int64     `json:"signed_by"`
	SignerName   string    `json:"signer_name"`
	Status       Status    `json:"status"`
	Position     int       `json:"position"`
	QueuedAt     time.Time `json:"queued_at"`
	Attended     bool      `json:"attended"`
}

// Limits of an event.
const (
	MaxTitle       = 300
	MaxDescription = 20000
	MaxPlace       = 500
	MaxCapacity    = 10000
	MaxLength      = 14 * 24 * time.Hour
)

// Langs are the languages an event may have texts in.
var Langs = []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English}

// Input is what an admin submits for an event; absent fields of a change keep their value.
type Input struct {
	Title          map[sitecore.Lang]string `json:"title"`
	Description    map[sitecore.Lang]string `json:"description"`
	StartsAt       *time.Time               `json:"starts_at"`
	EndsAt         *time.Time               `json:"ends_at"`
	SignupClosesAt *time.Time               `json:"signup_closes_at"`
	Place          *string                  `json:"place"`
	OnlineURL      *string                  `json:"online_url"`
	Capacity       *int                     `json:"capacity"`
}

func texts(field string, in map[sitecore.Lang]string, max int, rich bool) (map[sitecore.Lang]string, error) {
	out := map[sitecore.Lang]string{}
	for l, s := range in {
		if !slices.Contains(Langs, l) {
			return nil, sitecore.Invalid(field+"."+string(l), "lang.unsupported", "value", string(l))
		}
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) > max {
			return nil, sitecore.Invalid(field+"."+string(l), "field.too_long", "max", strconv.Itoa(max))
		}
		if rich && s != "" {
			s = cms.RichText(s)
		} else {
			s = strings.Join(strings.Fields(s), " ")
		}
		if s != "" {
			out[l] = s
		}
	}
	return out, nil
}

// Apply validates in and writes it over e (a new event is the zero Event); now refuses a
// start in the past. Nothing changes when in is refused.
func (in Input) Apply(e *Event, now time.Time) error {
	n := *e
	if in.Title != nil || e.ID == 0 {
		t, err := texts("title", in.Title, MaxTitle, false)
		if err != nil {
			return err
		}
		if len(t) == 0 {
			return sitecore.Invalid("title.kk", "field.required")
		}
		n.Title = t
	}
	if in.Description != nil || e.ID == 0 {
		d, err := texts("description", in.Description, MaxDescription, true)
		if err != nil {
			return err
		}
		n.Description = d
	}
	if in.StartsAt != nil {
		if !in.StartsAt.After(now) && (e.ID == 0 || !in.StartsAt.Equal(e.StartsAt)) {
			return sitecore.Invalid("starts_at", "events.past")
		}
		n.StartsAt = in.StartsAt.UTC()
	} else if e.ID == 0 {
		return sitecore.Invalid("starts_at", "field.required")
	}
	if in.EndsAt != nil {
		n.EndsAt = in.EndsAt.UTC()
	} else if e.ID == 0 {
		n.EndsAt = n.StartsAt.Add(time.Hour)
	}
	if !n.EndsAt.After(n.StartsAt) || n.EndsAt.Sub(n.StartsAt) > MaxLength {
		return sitecore.Invalid("ends_at", "events.ends")
	}
	if in.SignupClosesAt != nil {
		n.SignupClosesAt = in.SignupClosesAt.UTC()
	} else if e.ID == 0 || n.SignupClosesAt.After(n.StartsAt) {
		n.SignupClosesAt = n.StartsAt
	}
	if n.SignupClosesAt.After(n.StartsAt) {
		return sitecore.Invalid("signup_closes_at", "events.signup_closes")
	}
	if in.Place != nil {
		p := strings.Join(strings.Fields(*in.Place), " ")
		if utf8.RuneCountInString(p) > MaxPlace {
			return sitecore.Invalid("place", "field.too_long", "max", strconv.Itoa(MaxPlace))
		}
		n.Place = p
	}
	if in.OnlineURL != nil {
		u, err := sitecore.OnlineLink("online_url", "events.url", *in.OnlineURL)
		if err != nil {
			return err
		}
		n.OnlineURL = u
	}
	if n.Place == "" && n.OnlineURL == "" {
		return sitecore.Invalid("place", "events.where")
	}
	if in.Capacity != nil {
		if *in.Capacity < 1 || *in.Capacity > MaxCapacity {
			return sitecore.Invalid("capacity", "events.capacity", "max", strconv.Itoa(MaxCapacity))
		}
		n.Capacity = *in.Capacity
	} else if e.ID == 0 {
		return sitecore.Invalid("capacity", "field.required")
	}
	*e = n
	return nil
}

// Store keeps events and their sign-ups. Every call is scoped by the site: an event of
// another site is ENotFound.
type Store interface {
	// CreateEvent stores a new event and fills ID.
	CreateEvent(ctx context.Context, e *Event) error
	// UpdateEvent stores e's fields; a capacity below the seats taken is refused
	// (EInvalid on capacity).
	UpdateEvent(ctx context.Context, e *Event) error
	// CancelEvent marks the event cancelled; false when it already was.
	CancelEvent(ctx context.Context, siteID, id int64) (bool, error)
	FindEvent(ctx context.Context, siteID, id int64) (*Event, error)
	// Events lists the site's events starting in [from, to), soonest first.
	Events(ctx context.Context, siteID int64, from, to time.Time) ([]*Event, error)
	// SignUps lists an event's sign-ups: confirmed, the waiting line, then the cancelled.
	SignUps(ctx context.Context, siteID, eventID int64) ([]*SignUp, error)
	// SignUpsBy lists the sign-ups made by the account or for it at the event.
	SignUpsBy(ctx context.Context, siteID, eventID, userID int64) ([]*SignUp, error)
	// SignUp signs the attendee up: confirmed when a seat is free and nobody waits, else at
	// the end of the waiting line, decided by PostgreSQL in one transaction. Signing up
	// again keeps the place. Sign-up closed (or the event cancelled) is EConflict.
	SignUp(ctx context.Context, siteID, eventID, attendeeID, signedBy int64, now time.Time) (*SignUp, error)
	// CancelSignUp cancels the attendee's sign-up; a confirmed seat becomes free for the
	// workflow to promote the next in line.
	CancelSignUp(ctx context.Context, siteID, eventID, attendeeID int64) (freed bool, err error)
	// Promote confirms the first people of the waiting line while seats are free and returns
	// them (attendee IDs).
	Promote(ctx context.Context, siteID, eventID int64) ([]int64, error)
	// MarkAttended records (or clears) a confirmed attendee's attendance.
	MarkAttended(ctx context.Context, siteID, eventID, attendeeID int64, attended bool, by int64) error
	// EventRecipients returns the accounts to email about the event: attendees with the given
	// statuses and those who signed them up (attendee IDs given: only theirs).
	EventRecipients(ctx context.Context, siteID, eventID int64, statuses []Status, attendees []int64) ([]Recipient, error)
}

// Recipient is an account to email about an event, with the attendee it is about.
type Recipient struct {
	UserID       int64
	AttendeeID   int64
	AttendeeName string
}

// Process is the events' workflows seen from the service (workflows.EventClient).
type Process interface {
	// Start starts the event's workflow (one already running is fine).
	Start(ctx context.Context, siteID, eventID int64) error
	// Changed tells the workflow the event's record changed (times, capacity): it moves its
	// reminders and promotes people into new seats.
	Changed(ctx context.Context, siteID, eventID int64) error
	// Freed tells the workflow a seat was freed: it promotes the next in line and emails them.
	Freed(ctx context.Context, siteID, eventID int64) error
	// Cancel cancels the event through its workflow, which tells everyone signed up.
	Cancel(ctx context.Context, siteID, eventID, actorID int64) error
}
