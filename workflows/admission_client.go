package workflows

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
)

var _ admissions.Workflows = (*AdmissionClient)(nil)

// AdmissionClient sends the school's and the family's actions to application workflows as
// updates and turns the workflow's refusals back into domain errors.
type AdmissionClient struct {
	Temporal client.Client
}

// admissionGone are the errors of an update to an application whose workflow is not running.
var admissionGone = notRunning{
	Starting: sitecore.Conflictf("status", "admission.starting"),
	Ended:    sitecore.Conflictf("status", "admission.final"),
}

func (c *AdmissionClient) update(ctx context.Context, appID int64, name string, arg any) (AdmissionView, error) {
	return sendUpdate[AdmissionView](ctx, c.Temporal, AdmissionWorkflowID(appID), name, admissionGone, arg)
}

// Documents records the school's verdict on the documents.
func (c *AdmissionClient) Documents(ctx context.Context, appID int64, ok bool, remark, actor string) (sitecore.AdmissionStatus, error) {
	v, err := c.update(ctx, appID, UpdateDocuments, DocumentsDecision{OK: ok, Remark: remark, Actor: actor})
	return v.Status, err
}

// Resubmitted tells the workflow the family fixed the documents.
func (c *AdmissionClient) Resubmitted(ctx context.Context, appID int64, actor string) (sitecore.AdmissionStatus, error) {
	v, err := c.update(ctx, appID, UpdateResubmitted, actor)
	return v.Status, err
}

// Decide admits, waitlists or declines.
func (c *AdmissionClient) Decide(ctx context.Context, appID int64, d admissions.Decision) (sitecore.AdmissionStatus, error) {
	actor := d.Actor
	if actor == "" {
		actor = "school"
	}
	v, err := c.update(ctx, appID, UpdateDecide, Decision{Kind: d.Decision, Position: d.Position, Reason: d.Reason,
		Text: d.Text, Actor: actor})
	return v.Status, err
}

// Respond is the family's answer to an offer.
func (c *AdmissionClient) Respond(ctx context.Context, appID int64, accept bool, actor string) (sitecore.AdmissionStatus, error) {
	v, err := c.update(ctx, appID, UpdateRespond, OfferResponse{Accept: accept, Actor: actor})
	return v.Status, err
}

// Withdraw withdraws the application.
func (c *AdmissionClient) Withdraw(ctx context.Context, appID int64, actor string) (sitecore.AdmissionStatus, error) {
	v, err := c.update(ctx, appID, UpdateWithdraw, actor)
	return v.Status, err
}

// ResolveDispute voids the application or lets it stand after a claim on the child's IIN.
func (c *AdmissionClient) ResolveDispute(ctx context.Context, appID int64, void bool, text, actor string) (sitecore.AdmissionStatus, error) {
	v, err := c.update(ctx, appID, UpdateResolveDispute, DisputeResolution{Void: void, Text: text, Actor: actor})
	return v.Status, err
}

// Offer admits a waitlisted application when a seat frees up (used by PromoteNext).
func (c *AdmissionClient) Offer(ctx context.Context, appID int64) error {
	_, err := c.update(ctx, appID, UpdateDecide, Decision{Kind: "admit", Actor: "system"})
	return err
}

// IntakeStore is what the relay needs from the admission store.
type IntakeStore interface {
	PendingIntake(ctx context.Context, limit int) ([]int64, error)
	MarkIntakeStarted(ctx context.Context, ids []int64) error
}

// IntakeRelay starts the workflows of submitted applications. Submission only writes
// PostgreSQL (the application and an intake row in one transaction), so accepting is never
// limited by how fast Temporal starts workflows; the relay catches up, idempotently, since
// the workflow ID is the application's.
type IntakeRelay struct {
	Store     IntakeStore
	Temporal  client.Client
	TaskQueue string
	Log       *slog.Logger
	// Poll is how often the relay looks for new applications (250 ms if zero); while there
	// is a backlog it does not wait at all.
	Poll     time.Duration
	Parallel int
	OnStart  func(workflowType string)
}

// Run relays until ctx is done.
func (r *IntakeRelay) Run(ctx context.Context) {
	(&relay[int64]{name: "admission intake relay", log: r.Log, poll: cmp.Or(r.Poll, 250*time.Millisecond),
		parallel: r.Parallel, pending: r.Store.PendingIntake, markStarted: r.Store.MarkIntakeStarted,
		start: func(ctx context.Context, id int64) error {
			return startOnce(ctx, r.Temporal, AdmissionWorkflowID(id), r.TaskQueue, "Admission", Admission, AdmissionInput{AppID: id}, r.OnStart)
		}}).run(ctx)
}
