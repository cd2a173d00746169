package workflows

import (
	"cmp"
	"context"
	"errors"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/keyring"
)

// SendEmailInput names one transactional email by its key. The message itself (recipient,
// names, a reset link) waits sealed in the mail spool in PostgreSQL and never enters
// Temporal; the key is also the workflow ID, so the message is sent once.
type SendEmailInput struct {
	Key string
	// Email is the whole message in histories written before the spool; new runs leave it nil.
	Email *sitecore.Email `json:",omitempty"`
}

// SendEmail delivers an email, retrying while the SMTP server is down for up to two days.
func SendEmail(ctx workflow.Context, in SendEmailInput) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    30 * time.Second,
		ScheduleToCloseTimeout: 48 * time.Hour,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2,
			MaximumInterval: 5 * time.Minute},
	})
	var a *activities.Mail
	if in.Email != nil { // a run started before the spool: the input holds the message
		return workflow.ExecuteActivity(ctx, a.SendEmail, *in.Email).Get(ctx, nil)
	}
	return workflow.ExecuteActivity(ctx, a.SendSpooledEmail, in.Key).Get(ctx, nil)
}

// EmailWorkflowID is the workflow ID of the email with key.
func EmailWorkflowID(key string) string { return "email/" + key }

// EmailQueue spools messages and starts SendEmail workflows; it implements
// accounts.MailQueue.
type EmailQueue struct {
	Temporal  client.Client
	TaskQueue string
	Spool     sitecore.MailSpool
	Ring      *keyring.Ring
	OnStart   func(workflowType string)
}

// Enqueue seals the message into the spool and starts its delivery. An email whose key was
// queued before is not queued again.
func (q *EmailQueue) Enqueue(ctx context.Context, e *sitecore.Email) error {
	if e.Key == "" {
		return sitecore.Internal("Enqueue", errors.New("email without a key"))
	}
	keyID, sealed, err := activities.SealEmail(q.Ring, e)
	if err != nil {
		return sitecore.Internal("Enqueue", err)
	}
	if err := q.Spool.SpoolMail(ctx, e.Key, keyID, sealed); err != nil {
		return err
	}
	_, err = q.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       EmailWorkflowID(e.Key),
		TaskQueue:                cmp.Or(q.TaskQueue, DefaultTaskQueue),
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, SendEmail, SendEmailInput{Key: e.Key})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &started):
		return nil
	case err != nil:
		return sitecore.Unavailable("Enqueue", "temporal", err)
	}
	if q.OnStart != nil {
		q.OnStart("SendEmail")
	}
	return nil
}
