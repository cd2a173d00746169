package sitecore

import (
	"context"
	"io"
	"time"
)

// AdmissionStatus is where an application is in the admission process.
type AdmissionStatus string

// Application statuses. Submitted applications wait for their documents to be checked, then
// for the school's decision; decisions reach the family when the campaign's results are
// released.
const (
	AppSubmitted      AdmissionStatus = "submitted"       // accepted, workflow starting
	AppDocumentsCheck AdmissionStatus = "documents_check" // the school checks the documents
	AppDocumentsFix   AdmissionStatus = "documents_fix"   // a document was rejected; the parent re-uploads
	AppUnderReview    AdmissionStatus = "under_review"    // documents fine, waiting for a decision
	AppAdmitted       AdmissionStatus = "admitted"        // a seat is offered
	AppWaitlisted     AdmissionStatus = "waitlisted"      // waiting for a seat, with a position
	AppDeclined       AdmissionStatus = "declined"        // refused, with a reason
	AppEnrolled       AdmissionStatus = "enrolled"        // the parent accepted the offer
	AppOfferExpired   AdmissionStatus = "offer_expired"   // the parent did not answer in time
	AppOfferDeclined  AdmissionStatus = "offer_declined"  // the parent turned the seat down
	AppWithdrawn      AdmissionStatus = "withdrawn"       // the parent (or the missing-documents rule) withdrew it
)

// Final reports whether the application can no longer change.
func (s AdmissionStatus) Final() bool {
	switch s {
	case AppDeclined, AppEnrolled, AppOfferExpired, AppOfferDeclined, AppWithdrawn:
		return true
	}
	return false
}

// Active reports whether the application blocks another one for the same child in the
// same campaign.
func (s AdmissionStatus) Active() bool { return !s.Final() || s == AppEnrolled }

// GradeSeats is a grade a campaign admits to and how many seats it has.
type GradeSeats struct {
	Grade int `json:"grade"`
	Seats int `json:"seats"`
	// MinAge and MaxAge are the child's age range in full years on the campaign's reference
	// date (1 September of the school year), inclusive. Both zero means the default: 6 to 8
	// for grade 1, no age rule for other grades (admissions.AgeRule).
	MinAge int `json:"min_age,omitempty"`
	MaxAge int `json:"max_age,omitempty"`
}

// Campaign is one admission campaign of a school.
type Campaign struct {
	ID     int64           `json:"id"`
	SiteID int64           `json:"site_id"`
	Title  map[Lang]string `json:"title"`
	Grades []GradeSeats    `json:"grades"`
	// Times are instants; forms show them in Asia/Almaty.
	OpensAt   time.Time `json:"opens_at"`
	ClosesAt  time.Time `json:"closes_at"`
	ResultsAt time.Time `json:"results_at"`
	// RequiredDocuments are document kinds ("birth_certificate", "medical_form", "photo").
	RequiredDocuments []string `json:"required_documents"`
	InstructionLangs  []Lang   `json:"instruction_langs"`
	// OfferDays is how long a family has to accept an offered seat.
	OfferDays int `json:"offer_days"`
	// ReminderDays after a document is rejected the parent is reminded; WithdrawDays after it
	// the application is withdrawn if nothing was fixed.
	ReminderDays int `json:"reminder_days"`
	WithdrawDays int `json:"withdraw_days"`
	// OpenToAllAt, when set, opens the campaign to the school's catchment only from OpensAt
	// and to every address from this time on (admissions.CatchmentOnly).
	OpenToAllAt *time.Time `json:"open_to_all_at,omitempty"`
	// Priorities are the priority categories the campaign recognises, highest first
	// (admissions.PriorityCategories).
	Priorities []string  `json:"priorities"`
	CreatedAt  time.Time `json:"created_at"`
}

// Seats returns the seats of a grade, or 0 if the campaign does not admit to it.
func (c *Campaign) Seats(grade int) int {
	for _, g := range c.Grades {
		if g.Grade == grade {
			return g.Seats
		}
	}
	return 0
}

// Open reports whether applications are accepted at t.
func (c *Campaign) Open(t time.Time) bool { return !t.Before(c.OpensAt) && t.Before(c.ClosesAt) }

// Application is a parent's application for a child.
type Application struct {
	ID              int64           `json:"id"`
	Number          string          `json:"number"` // shown to families: "<campaign>-<id>"
	SiteID          int64           `json:"site_id"`
	CampaignID      int64           `json:"campaign_id"`
	ParentID        int64           `json:"parent_id"`
	ChildName       string          `json:"child_name"`
	ChildIIN        IIN             `json:"-"`
	BirthDate       time.Time       `json:"birth_date"`
	Grade           int             `json:"grade"`
	Address         string          `json:"address"`
	InstructionLang Lang            `json:"instruction_lang"`
	Phone           string          `json:"phone"`
	Email           string          `json:"email"`
	Lang            Lang            `json:"lang"` // the family's language for email
	Status          AdmissionStatus `json:"status"`
	// Released is false while a decision waits for the campaign's results time; families see
	// "under review" until then.
	Released         bool       `json:"released"`
	WaitlistPosition int        `json:"waitlist_position,omitempty"`
	DeclineReason    string     `json:"decline_reason,omitempty"`
	DeclineText      string     `json:"decline_text,omitempty"`
	OfferExpiresAt   *time.Time `json:"offer_expires_at,omitempty"`
	// DisputedAt is when another account first claimed the child (see AppDispute); only
	// the school sees it.
	DisputedAt *time.Time `json:"disputed_at,omitempty"`
	// InCatchment tells whether the address was inside the school's catchment territory
	// when the application was submitted.
	InCatchment bool `json:"in_catchment"`
	// Priority is the priority category the family claims ("" for none); PriorityStatus is
	// "claimed" until the school confirms or rejects the claim.
	Priority       string    `json:"priority,omitempty"`
	PriorityStatus string    `json:"priority_status,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// AppEvent is one entry of an application's history.
type AppEvent struct {
	ID    int64           `json:"id"`
	At    time.Time       `json:"at"`
	Actor string          `json:"actor"` // "parent", "user:<id>", "system"
	From  AdmissionStatus `json:"from,omitempty"`
	To    AdmissionStatus `json:"to"`
	Note  string          `json:"note,omitempty"`
}

// AppFilter selects applications for lists and exports.
type AppFilter struct {
	SiteID     int64
	ParentID   int64 // a family's own list (then SiteID may be 0)
	CampaignID int64
	Status     []AdmissionStatus
	Grade      int
	From, To   time.Time // created between
	Search     string    // in the child's name or the application number
	// Priority is a claimed category ("any": every claim, "none": no claim); Catchment is
	// "in" or "out" of the catchment territory.
	Priority  string
	Catchment string
	// Sort is "created", "-created", "name", "grade", "status" or "priority" (the order of
	// decisions: inside the catchment first, then the confirmed priority category, then submission time).
	Sort    string
	Limit   int
	AfterID int64 // keyset pagination for exports
}

// AdmissionStore keeps campaigns and applications in PostgreSQL, the system of record.
type AdmissionStore interface {
	CreateCampaign(ctx context.Context, c *Campaign, a *AuditEntry) error
	FindCampaign(ctx context.Context, siteID, id int64) (*Campaign, error)
	ListCampaigns(ctx context.Context, siteID int64) ([]Campaign, error)

	// SubmitApplication stores the application, its first history entry and an outbox row in
	// one transaction. An active application for the same child in the campaign is
	// EConflict on "child_iin": of the same parent "admission.duplicate" with the existing
	// number in Args["number"]; of another account "admission.duplicate_other" without it,
	// and the other application is flagged as disputed with the parent as a claimant.
	SubmitApplication(ctx context.Context, app *Application) error
	// Disputes returns the claims on the application's child, oldest first.
	Disputes(ctx context.Context, appID int64) ([]AppDispute, error)
	// SettleDispute gives the application's open claims the outcome (DisputeVoid or
	// DisputeStands), clears the application's dispute flag and writes the audit entry, in
	// one transaction. It returns the claims that have the outcome; a retry after the
	// commit returns the same ones and writes nothing.
	SettleDispute(ctx context.Context, appID int64, outcome string, a *AuditEntry) ([]AppDispute, error)
	FindApplication(ctx context.Context, siteID, id int64) (*Application, error)
	// FindApplicationByID is for the workflow's activities, which start from a stored ID.
	FindApplicationByID(ctx context.Context, id int64) (*Application, error)
	ListApplications(ctx context.Context, f AppFilter) ([]Application, error)
	History(ctx context.Context, appID int64) ([]AppEvent, error)

	// Transition moves an application from one of the given statuses to a new one, records
	// the event and applies the changes; from a status not in from it is EConflict.
	Transition(ctx context.Context, appID int64, from []AdmissionStatus, to AdmissionStatus, change AppChange, ev AppEvent) (*Application, error)
	// ReserveSeat admits the application if the grade has a free seat (admitted + enrolled
	// below the seats), atomically; a full grade is EConflict on "grade".
	ReserveSeat(ctx context.Context, appID int64, from []AdmissionStatus, change AppChange, ev AppEvent) (*Application, error)
	// NextWaitlisted returns the waitlisted application of the grade with the lowest position,
	// or ENotFound.
	NextWaitlisted(ctx context.Context, campaignID int64, grade int) (*Application, error)

	// PendingIntake returns applications whose workflow has not been started, oldest first.
	PendingIntake(ctx context.Context, limit int) ([]int64, error)
	// MarkIntakeStarted records that the workflows of the applications run.
	MarkIntakeStarted(ctx context.Context, ids []int64) error
}

// AppDocument is a document a family uploaded for an application.
type AppDocument struct {
	ID            int64     `json:"id"`
	ApplicationID int64     `json:"application_id"`
	Kind          string    `json:"kind"`
	FileID        string    `json:"-"`
	ContentType   string    `json:"content_type"`
	Size          int64     `json:"size"`
	Status        string    `json:"status"` // submitted, accepted, rejected
	Remark        string    `json:"remark,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// DocumentStore keeps the records of uploaded documents.
type DocumentStore interface {
	AddDocument(ctx context.Context, d *AppDocument) error
	// Documents returns the application's documents, newest first within each kind.
	Documents(ctx context.Context, appID int64) ([]AppDocument, error)
	// ReviewDocument records the school's verdict on one document of the application.
	ReviewDocument(ctx context.Context, appID, docID int64, accepted bool, remark string) error
}

// FileStore keeps uploaded files (GridFS), each tagged with its site.
type FileStore interface {
	// Put stores at most max bytes of r; more is ETooLarge and stores nothing.
	Put(ctx context.Context, siteID int64, name, contentType string, r io.Reader, max int64) (id string, size int64, err error)
	// Open reads a file of the site; another site's is ENotFound.
	Open(ctx context.Context, siteID int64, id string) (io.ReadCloser, error)
	Delete(ctx context.Context, id string) error
}

// Export is a large Excel export running as a workflow.
type Export struct {
	ID          int64      `json:"id"`
	SiteID      int64      `json:"site_id"`
	CampaignID  int64      `json:"campaign_id"`
	RequestedBy int64      `json:"requested_by"`
	Lang        Lang       `json:"lang"`
	Filter      AppFilter  `json:"-"`
	Status      string     `json:"status"` // running, done, failed
	Rows        int        `json:"rows"`
	FileID      string     `json:"-"`
	Size        int64      `json:"size,omitempty"`
	Error       string     `json:"error,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
}

// ExportStore keeps the state of exports for polling.
type ExportStore interface {
	CreateExport(ctx context.Context, e *Export) error
	FindExport(ctx context.Context, siteID, id int64) (*Export, error)
	FindExportByID(ctx context.Context, id int64) (*Export, error)
	ExportProgress(ctx context.Context, id int64, rows int) error
	FinishExport(ctx context.Context, id int64, fileID string, rows int, size int64) error
	FailExport(ctx context.Context, id int64, reason string) error
	// ExpireExport marks a done export expired and returns its file ID to delete.
	ExpireExport(ctx context.Context, id int64) (string, error)
}

// AppChange is what a transition changes besides the status.
type AppChange struct {
	Released         *bool
	WaitlistPosition *int
	DeclineReason    *string
	DeclineText      *string
	OfferExpiresAt   *time.Time
}
