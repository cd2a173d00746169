package sitecore

import (
	"context"
	"time"
)

// AgeException lets a child outside a grade's age range apply to it, for a recorded reason.
type AgeException struct {
	SiteID     int64     `json:"site_id"`
	CampaignID int64     `json:"campaign_id"`
	ChildIIN   IIN       `json:"-"`
	Grade      int       `json:"grade"`
	Reason     string    `json:"reason"`
	GrantedBy  int64     `json:"granted_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// AgeExceptionStore keeps the schools' age exceptions.
type AgeExceptionStore interface {
	// GrantAgeException stores the exception (a second grant replaces the reason) and the
	// audit entry in one transaction; a campaign of another site is ENotFound.
	GrantAgeException(ctx context.Context, e *AgeException, a *AuditEntry) error
	// HasAgeException tells whether the child may apply to the grade despite its age.
	HasAgeException(ctx context.Context, siteID, campaignID int64, iin IIN, grade int) (bool, error)
}

// CatchmentRule is one line of a school's catchment territory: a street of a settlement,
// all of it (no range, no houses), the houses of a range (of one parity, or all), or the
// houses listed.
type CatchmentRule struct {
	ID         int64  `json:"id"`
	SiteID     int64  `json:"site_id"`
	Line       int    `json:"line"` // the spreadsheet row it was imported from
	Settlement string `json:"settlement"`
	Street     string `json:"street"`
	HouseFrom  int    `json:"house_from,omitempty"`
	HouseTo    int    `json:"house_to,omitempty"`
	// Parity is "odd", "even" or "" (every house of the range).
	Parity string `json:"parity,omitempty"`
	// Houses are house numbers in normal form ("12а", "12/1").
	Houses []string `json:"houses,omitempty"`
}

// CatchmentStore keeps the schools' catchment territories.
type CatchmentStore interface {
	// ReplaceCatchment replaces the site's whole territory with rules and writes the audit
	// entry, in one transaction.
	ReplaceCatchment(ctx context.Context, siteID int64, rules []CatchmentRule, a *AuditEntry) error
	// Catchment returns the site's territory in spreadsheet order.
	Catchment(ctx context.Context, siteID int64) ([]CatchmentRule, error)
}

// PriorityStore records the school's verdicts on priority claims.
type PriorityStore interface {
	// ReviewPriority sets the application's priority status (confirmed or rejected) if it
	// has a claim, and records ev (with the application's current status) in its history, in
	// one transaction. An application of another site is ENotFound, one without a claim
	// EConflict on "priority".
	ReviewPriority(ctx context.Context, siteID, appID int64, status string, ev AppEvent) (*Application, error)
}
