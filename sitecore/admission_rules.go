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
