package sitecore

import (
	"context"
	"time"
)

// Queue views of the agents' console.
const (
	ViewMine       = "mine"       // open tickets assigned to the agent
	ViewTeam       = "team"       // every open ticket
	ViewUnassigned = "unassigned" // open tickets nobody has
	ViewBreached   = "breached"   // open tickets past a target
	ViewWaiting    = "waiting"    // waiting for the requester
	ViewSolved     = "solved"     // solved or closed in the last seven days
)

// ConsoleViews lists the views in the console's order.
var ConsoleViews = []string{ViewMine, ViewTeam, ViewUnassigned, ViewBreached, ViewWaiting, ViewSolved}

// ConsoleFilter selects tickets for a queue view of the console. Open views are sorted by
// the nearest SLA due time (tickets without one last); the solved view by solving time, the
// newest first.
type ConsoleFilter struct {
	View     string
	AgentID  int64 // "mine": the agent
	Category TicketCategory
	Priority TicketPriority
	SiteID   int64
	RegionID int64 // schools in this organisation unit or below it
	Status   TicketStatus
	// Query matches the subject, the requester's name or email, or "#id".
	Query       string
	SolvedSince time.Time // the solved view's horizon
	Limit       int
}

// QueueTicket is a ticket as a queue row shows it, with its school's names.
type QueueTicket struct {
	Ticket
	SchoolNames map[Lang]string `json:"school_names,omitempty"`
}

// ClockRow is what the live SLA clocks need of a ticket: its state, due times and the
// levels of the escalation ladder fired per clock.
type ClockRow struct {
	ID                    int64
	Status                TicketStatus
	Category              TicketCategory
	Priority              TicketPriority
	FirstResponseDue      *time.Time
	ResolutionDue         *time.Time
	FirstResponseAt       *time.Time
	FirstResponseBreached bool
	ResolutionBreached    bool
	FirstLevel            int // highest level fired on the first-response clock
	ResolutionLevel       int // ... on the resolution clock
}

// Viewer is an agent who has a ticket open in the console.
type Viewer struct {
	UserID int64     `json:"user_id"`
	Name   string    `json:"name"`
	SeenAt time.Time `json:"seen_at"`
}

// LowRatingRow is a rating of LowRating stars or fewer, with its comment, for the reports.
type LowRatingRow struct {
	TicketID  int64     `json:"ticket_id"`
	Subject   string    `json:"subject"`
	AgentID   int64     `json:"agent_id"`
	AgentName string    `json:"agent_name"`
	Stars     int       `json:"stars"`
	Reason    string    `json:"reason"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

// HelpdeskConsoleStore is what the agents' console reads beyond HelpdeskStore.
type HelpdeskConsoleStore interface {
	// ConsoleQueue returns the tickets of a view with the filter, at most Limit (100 by
	// default, 500 at most).
	ConsoleQueue(ctx context.Context, f ConsoleFilter) ([]QueueTicket, error)
	// TicketClocks returns the clock rows of the tickets (unknown IDs are left out).
	TicketClocks(ctx context.Context, ids []int64) ([]ClockRow, error)
	// TouchPresence records that the user has the ticket open at at.
	TouchPresence(ctx context.Context, ticketID, userID int64, at time.Time) error
	// Viewers returns who had the ticket open since since, the latest first.
	Viewers(ctx context.Context, ticketID int64, since time.Time) ([]Viewer, error)
	// LowRatings returns the ratings of LowRating stars or fewer given in [from, to).
	LowRatings(ctx context.Context, from, to time.Time) ([]LowRatingRow, error)
}
