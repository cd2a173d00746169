package sitecore

import "time"

// AppDispute is a claim on a child's IIN: another account tried to apply for the child while
// the application it names was active. The school sees who claims the child and resolves
// the dispute (admissions.Service.ResolveDispute): it voids the application, which frees the
// IIN at once, or lets it stand; either way every claimant and the applying family are
// emailed the outcome.
type AppDispute struct {
	ClaimantID    int64     `json:"claimant_id"`
	ClaimantName  string    `json:"claimant_name"`
	ClaimantEmail string    `json:"claimant_email"`
	CreatedAt     time.Time `json:"created_at"`
	// Outcome is DisputeVoid or DisputeStands once the school resolved the claim.
	Outcome    string     `json:"outcome,omitempty"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
}

// Outcomes of a resolved dispute.
const (
	DisputeVoid   = "void"   // the disputed application was voided; the claimant may apply
	DisputeStands = "stands" // the disputed application stays
)
