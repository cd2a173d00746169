package sitecore

import "time"

// AppDispute is a claim on a child's IIN: another account tried to apply for the child while
// the application it names was active. The school sees who claims the child and decides;
// declining the application with the reason "disputed" frees the IIN at once.
type AppDispute struct {
	ClaimantID    int64     `json:"claimant_id"`
	ClaimantName  string    `json:"claimant_name"`
	ClaimantEmail string    `json:"claimant_email"`
	CreatedAt     time.Time `json:"created_at"`
}
