package sitecore

import (
	"context"
	"io"
	"slices"
	"time"
)

// PlatformSupportLead leads the support team: sees every ticket like an agent, reassigns,
// answers any ticket, manages canned responses and hears about breached SLAs.
const PlatformSupportLead PlatformRole = "support_lead"

// SupportAgent reports whether the principal works the helpdesk queue: an agent, a team lead
// or an operator (not through a site-scoped API token).
func (p *Principal) SupportAgent() bool {
	if p == nil || p.TokenSite != 0 {
		return false
	}
	return p.PlatformRole == PlatformSupport || p.PlatformRole == PlatformSupportLead || p.PlatformRole == PlatformOperator
}

// SupportLead reports whether the principal is a team lead or an operator.
func (p *Principal) SupportLead() bool {
	return p.SupportAgent() && (p.PlatformRole == PlatformSupportLead || p.PlatformRole == PlatformOperator)
}

// TicketStatus is where a ticket is.
type TicketStatus string

// Ticket statuses. A ticket is new until its workflow has registered and assigned it.
const (
	TicketNew     TicketStatus = "new"
	TicketOpen    TicketStatus = "open"
	TicketWaiting TicketStatus = "waiting" // for the requester; the SLA clock is paused
	TicketSolved  TicketStatus = "solved"  // the requester may reopen or rate it
	TicketClosed  TicketStatus = "closed"
)

// TicketStatuses lists every status.
var TicketStatuses = []TicketStatus{TicketNew, TicketOpen, TicketWaiting, TicketSolved, TicketClosed}

// TicketCategory is what a request is about.
type TicketCategory string

// Ticket categories.
const (
	CategoryAccount    TicketCategory = "account"    // account and password
	CategoryContent    TicketCategory = "content"    // site content
	CategoryAdmissions TicketCategory = "admissions" // admissions
	CategoryTests      TicketCategory = "tests"      // tests and olympiads
	CategorySurveys    TicketCategory = "surveys"    // surveys and EDS
	CategoryOther      TicketCategory = "other"
)

// TicketCategories lists every category in the form's order.
var TicketCategories = []TicketCategory{CategoryAccount, CategoryContent, CategoryAdmissions, CategoryTests, CategorySurveys, CategoryOther}

// TicketPriority orders the queue and picks the SLA policy.
type TicketPriority string

// Ticket priorities.
const (
	PriorityLow    TicketPriority = "low"
	PriorityNormal TicketPriority = "normal"
	PriorityHigh   TicketPriority = "high"
	PriorityUrgent TicketPriority = "urgent"
)

// TicketPriorities lists every priority from the lowest.
var TicketPriorities = []TicketPriority{PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent}

// RatingReasons are what a requester picks when rating 1 or 2 stars.
var RatingReasons = []string{"slow", "not_solved", "unclear", "impolite", "other"}

// LowRating is the highest number of stars that asks for a reason.
const LowRating = 2

// ParseTicketCategory validates a category.
func ParseTicketCategory(field, s string) (TicketCategory, error) {
	if !slices.Contains(TicketCategories, TicketCategory(s)) {
		return "", Invalid(field, "helpdesk.category", "value", s)
	}
	return TicketCategory(s), nil
}

// ParseTicketPriority validates a priority.
func ParseTicketPriority(field, s string) (TicketPriority, error) {
	if !slices.Contains(TicketPriorities, TicketPriority(s)) {
		return "", Invalid(field, "helpdesk.priority", "value", s)
	}
	return TicketPriority(s), nil
}

// Ticket is one request of a registered user.
type Ticket struct {
	ID          int64          `json:"id"`
	SiteID      int64          `json:"site_id,omitempty"` // the school it concerns; 0: the platform
	RequesterID int64          `json:"requester_id"`
	AssigneeID  int64          `json:"assignee_id,omitempty"`
	Category    TicketCategory `json:"category"`
	Priority    TicketPriority `json:"priority"`
	Subject     string         `json:"subject"`
	Description string         `json:"description"`
	Status      TicketStatus   `json:"status"`
	Lang        Lang           `json:"lang"` // the requester's language for email
	MergedInto  int64          `json:"merged_into,omitempty"`
	// SLA: the instants at which the targets breach (nil while paused or met), when they were
	// met, and whether they were breached.
	FirstResponseDue      *time.Time `json:"first_response_due,omitempty"`
	ResolutionDue         *time.Time `json:"resolution_due,omitempty"`
	FirstResponseAt       *time.Time `json:"first_response_at,omitempty"`
	SolvedAt              *time.Time `json:"solved_at,omitempty"`
	SolvedBy              int64      `json:"solved_by,omitempty"`
	ClosedAt              *time.Time `json:"closed_at,omitempty"`
	FirstResponseBreached bool       `json:"first_response_breached"`
	ResolutionBreached    bool       `json:"resolution_breached"`
	EscalationLevel       int        `json:"escalation_level"`
	CreatedAt             time.Time  `json:"created_at"`
	UpdatedAt             time.Time  `json:"updated_at"`
	// Filled by lists.
	RequesterName string `json:"requester_name,omitempty"`
	AssigneeName  string `json:"assignee_name,omitempty"`
}

// TicketMessage is one entry of a ticket's conversation. Internal notes are for agents only.
type TicketMessage struct {
	ID         int64     `json:"id"`
	TicketID   int64     `json:"ticket_id"`
	AuthorID   int64     `json:"author_id,omitempty"` // 0: the system
	AuthorName string    `json:"author_name,omitempty"`
	Internal   bool      `json:"internal"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// TicketAttachment is a file attached to a ticket; the bytes are in GridFS.
type TicketAttachment struct {
	ID          int64     `json:"id"`
	TicketID    int64     `json:"ticket_id"`
	UploaderID  int64     `json:"uploader_id"`
	FileID      string    `json:"-"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

// TicketRating is the requester's rating of the agent who solved the ticket.
type TicketRating struct {
	TicketID  int64     `json:"ticket_id"`
	AgentID   int64     `json:"agent_id"`
	Stars     int       `json:"stars"`
	Comment   string    `json:"comment,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// SLAPolicy gives the targets of tickets of a category and priority ("" matches any).
type SLAPolicy struct {
	ID            int64          `json:"id"`
	Category      TicketCategory `json:"category"`
	Priority      TicketPriority `json:"priority"`
	FirstResponse time.Duration  `json:"first_response"` // working time
	Resolution    time.Duration  `json:"resolution"`     // working time
	ReminderPct   int            `json:"reminder_pct"`   // the assignee is reminded (75)
	SecondPct     int            `json:"second_pct"`     // the operator is told (150)
	Calendar      string         `json:"calendar"`       // "business" or "24x7"
	AutoClose     time.Duration  `json:"auto_close"`     // waiting for the requester → closed after
	SolvedWindow  time.Duration  `json:"solved_window"`  // reopen and rating window after solving
}

// Calendars the policies may name.
const (
	CalendarBusiness = "business"
	Calendar24x7     = "24x7"
)

// Matches reports whether the policy applies to the category and priority.
func (p SLAPolicy) Matches(c TicketCategory, pr TicketPriority) bool {
	return (p.Category == "" || p.Category == c) && (p.Priority == "" || p.Priority == pr)
}

// specificity ranks policies: an exact category and priority beat a category alone, which
// beats a priority alone, which beats the catch-all.
func (p SLAPolicy) specificity() int {
	n := 0
	if p.Category != "" {
		n += 2
	}
	if p.Priority != "" {
		n++
	}
	return n
}

// PickPolicy returns the most specific policy matching the category and priority, or
// false.
func PickPolicy(ps []SLAPolicy, c TicketCategory, pr TicketPriority) (SLAPolicy, bool) {
	best, found := SLAPolicy{}, false
	for _, p := range ps {
		if p.Matches(c, pr) && (!found || p.specificity() > best.specificity()) {
			best, found = p, true
		}
	}
	return best, found
}

// WorkingHours is the business calendar without its holidays, as operators edit it.
type WorkingHours struct {
	UTCOffset int            `json:"utc_offset"`
	DayStart  time.Duration  `json:"day_start"`
	DayEnd    time.Duration  `json:"day_end"`
	Weekdays  []time.Weekday `json:"weekdays"`
}

// Holiday is a non-working day of the business calendar.
type Holiday struct {
	Day  string `json:"day"` // "2006-01-02"
	Name string `json:"name"`
}

// AgentDuty is an agent and whether they take new tickets.
type AgentDuty struct {
	UserID         int64        `json:"user_id"`
	Name           string       `json:"name"`
	Email          string       `json:"email"`
	Role           PlatformRole `json:"role"`
	Away           bool         `json:"away"`
	LastAssignedAt *time.Time   `json:"last_assigned_at,omitempty"`
	OpenTickets    int          `json:"open_tickets"`
}

// CannedResponse is a prepared answer in one language.
type CannedResponse struct {
	ID        int64     `json:"id"`
	Lang      Lang      `json:"lang"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// TicketFilter selects tickets for the queue, the requester's list and exports.
type TicketFilter struct {
	RequesterID int64 // a requester's own list
	AssigneeID  int64 // -1: unassigned
	SiteID      int64
	Status      []TicketStatus
	Category    TicketCategory
	SLA         string    // "breached", "at_risk", "paused", "ok"
	From, To    time.Time // created in [From, To)
	Limit       int
	AfterID     int64 // keyset paging, by ID descending (the newest first)
	Ascending   bool  // exports: oldest first, AfterID continues upwards
}

// TicketChange is one recorded action on a ticket. Key makes it idempotent: a change whose
// key was recorded before is not applied again (a retried activity).
type TicketChange struct {
	TicketID   int64
	Key        string
	ActorID    int64
	Kind       string       // "start", "reply", "note", "requester_reply", "assign", ...
	To         TicketStatus // "" keeps the status
	Body       string       // a message, when not empty
	Internal   bool
	AssigneeID *int64
	Category   TicketCategory // "" keeps
	Priority   TicketPriority // "" keeps
	MergedInto int64
	// FirstResponse records the first public answer of an agent (once).
	FirstResponse bool
	// The SLA state after the change.
	FirstResponseDue, ResolutionDue *time.Time
	At                              time.Time // when it happened (workflow time)
}

// TicketEvent is one entry of a ticket's history.
type TicketEvent struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	ActorID int64     `json:"actor_id,omitempty"`
	Kind    string    `json:"kind"`
	To      string    `json:"to,omitempty"`
}

// Escalation is a step of the SLA ladder that fired.
type Escalation struct {
	TicketID int64     `json:"ticket_id"`
	Clock    string    `json:"clock"` // "first_response" or "resolution"
	Level    int       `json:"level"` // 1 reminder, 2 breach, 3 second escalation
	DueAt    time.Time `json:"due_at"`
	FiredAt  time.Time `json:"fired_at"`
}

// AgentReport is one agent's (or, with AgentID 0, the team's) figures over a period.
type AgentReport struct {
	AgentID              int64     `json:"agent_id"`
	Name                 string    `json:"name"`
	Solved               int       `json:"solved"`
	MedianFirstResponseS float64   `json:"median_first_response_seconds"`
	MedianResolutionS    float64   `json:"median_resolution_seconds"`
	WithinSLAPct         float64   `json:"within_sla_pct"`
	AverageRating        float64   `json:"average_rating"`
	Ratings              [5]int    `json:"ratings"` // how many 1..5 star ratings
	From                 time.Time `json:"-"`
}

// HelpdeskStore keeps tickets and everything around them in PostgreSQL, the system of
// record. Lists and reports read it; workflows write it through activities.
type HelpdeskStore interface {
	HelpdeskConsoleStore // the agents' console (helpdesk_console.go)

	// CreateTicket stores a new ticket, its first message and its intake row in one
	// transaction, filling ID, Status, CreatedAt and UpdatedAt.
	CreateTicket(ctx context.Context, t *Ticket) error
	// FindTicket returns a ticket or ENotFound.
	FindTicket(ctx context.Context, id int64) (*Ticket, error)
	ListTickets(ctx context.Context, f TicketFilter) ([]Ticket, error)
	// Messages returns the conversation, oldest first; internal notes only when asked.
	Messages(ctx context.Context, ticketID int64, internal bool) ([]TicketMessage, error)
	// ApplyTicketChange records a change once per key; applied is false for a repeat.
	ApplyTicketChange(ctx context.Context, ch TicketChange) (applied bool, err error)
	TicketEvents(ctx context.Context, ticketID int64) ([]TicketEvent, error)

	AddAttachment(ctx context.Context, a *TicketAttachment) error
	Attachments(ctx context.Context, ticketID int64) ([]TicketAttachment, error)

	// AutoAssign gives an unassigned ticket to the on-duty agent who waited longest for one
	// (round robin) and returns the assignee (0 when nobody is on duty). An assigned ticket
	// keeps its agent.
	AutoAssign(ctx context.Context, ticketID int64) (int64, error)
	Agents(ctx context.Context) ([]AgentDuty, error)
	SetAway(ctx context.Context, userID int64, away bool) error
	// SupportStaff returns the users with the platform role.
	SupportStaff(ctx context.Context, role PlatformRole) ([]User, error)

	Policies(ctx context.Context) ([]SLAPolicy, error)
	// PutPolicy stores the policy of its category and priority (replacing one).
	PutPolicy(ctx context.Context, p *SLAPolicy) error
	BusinessCalendar(ctx context.Context) (Calendar, error)
	WorkingHours(ctx context.Context) (WorkingHours, []Holiday, error)
	// SetCalendar replaces the working hours and the holidays.
	SetCalendar(ctx context.Context, h WorkingHours, holidays []Holiday) error

	// RecordEscalation stores a fired escalation once; fresh is false for a repeat. A level
	// of 2 or more marks the clock breached on the ticket.
	RecordEscalation(ctx context.Context, e *Escalation) (fresh bool, err error)
	Escalations(ctx context.Context, ticketID int64) ([]Escalation, error)

	// CreateRatingToken stores the SHA-256 of a rating link's token for the ticket.
	CreateRatingToken(ctx context.Context, hash []byte, ticketID int64, expires time.Time) error
	// PeekRatingToken returns the ticket of an unused, unexpired token, or EInvalid on
	// "token".
	PeekRatingToken(ctx context.Context, hash []byte) (ticketID int64, err error)
	// RecordRating stores the rating, consuming the token (if any) in the same transaction. A
	// used token is EInvalid on "token"; a second rating is EConflict on "stars".
	RecordRating(ctx context.Context, r *TicketRating, tokenHash []byte) error
	FindRating(ctx context.Context, ticketID int64) (*TicketRating, error)

	CannedResponses(ctx context.Context, lang Lang) ([]CannedResponse, error)
	CreateCannedResponse(ctx context.Context, c *CannedResponse) error
	DeleteCannedResponse(ctx context.Context, id int64) error

	// AgentReports returns per-agent figures for tickets solved in [from, to), and the team's
	// as the last row (AgentID 0).
	AgentReports(ctx context.Context, from, to time.Time) ([]AgentReport, error)

	PendingTicketIntake(ctx context.Context, limit int) ([]int64, error)
	MarkTicketIntakeStarted(ctx context.Context, ids []int64) error
}

// HelpdeskFiles keeps attachment bytes.
type HelpdeskFiles interface {
	Put(ctx context.Context, siteID int64, name, contentType string, r io.Reader, max int64) (id string, size int64, err error)
	Open(ctx context.Context, siteID int64, id string) (io.ReadCloser, error)
	Delete(ctx context.Context, id string) error
}

// TicketAction is a person's action on a ticket, as the ticket's workflow receives it.
type TicketAction struct {
	ActorID  int64 `json:"actor_id"`
	Lead     bool  `json:"lead,omitempty"`  // the actor is a team lead or an operator
	Agent    bool  `json:"agent,omitempty"` // the actor is on the support team (Lead implies it)
	Body     string
	Internal bool           `json:",omitempty"`
	Wait     bool           `json:",omitempty"` // a reply that waits for the requester
	AgentID  int64          `json:",omitempty"` // assign: the new assignee
	Category TicketCategory `json:",omitempty"`
	Priority TicketPriority `json:",omitempty"`
	Into     int64          `json:",omitempty"` // merge: the ticket that stays
	Stars    int            `json:",omitempty"`
	Comment  string         `json:",omitempty"`
	Reason   string         `json:",omitempty"`
	// TokenHash is the SHA-256 of the emailed rating token, for a rating without login.
	TokenHash []byte `json:",omitempty"`
}

// TicketView is a ticket's state after an action.
type TicketView struct {
	Status     TicketStatus   `json:"status"`
	AssigneeID int64          `json:"assignee_id,omitempty"`
	Category   TicketCategory `json:"category"`
	Priority   TicketPriority `json:"priority"`
}

// Actions on a ticket: the names of the ticket workflow's updates.
const (
	TicketActReply          = "reply"           // an agent's public reply or internal note
	TicketActRequesterReply = "requester_reply" // the requester writes (reopens a solved ticket)
	TicketActAssign         = "assign"          // claim, hand over or reassign
	TicketActWaiting        = "waiting"         // wait for the requester: the SLA clock pauses
	TicketActSolve          = "solve"
	TicketActReopen         = "reopen" // by the requester, within the solved window
	TicketActClose          = "close"  // by the requester or a lead
	TicketActChange         = "change" // category and priority
	TicketActMerge          = "merge"  // into another ticket
	TicketActRate           = "rate"   // the requester rates the solving agent
)
