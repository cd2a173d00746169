package workflows

import (
	"context"
	"testing"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
)

// TestSendEmailByKey: new runs carry only the key and send the spooled message.
func TestSendEmailByKey(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	var a *activities.Mail
	env.RegisterActivity(a)
	var got string
	env.OnActivity(a.SendSpooledEmail, mock.Anything, "reset-password/7/0a1b2c3d").Return(func(_ context.Context, key string) error {
		got = key
		return nil
	})
	env.ExecuteWorkflow(SendEmail, SendEmailInput{Key: "reset-password/7/0a1b2c3d"})
	if err := env.GetWorkflowError(); err != nil || got != "reset-password/7/0a1b2c3d" {
		t.Fatalf("sent %q, %v", got, err)
	}
}

// TestSendEmailOfAnOlderRun: a run started before the spool still sends the message its
// input holds, so histories written then complete after the upgrade.
func TestSendEmailOfAnOlderRun(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	var a *activities.Mail
	env.RegisterActivity(a)
	var got sitecore.Email
	env.OnActivity(a.SendEmail, mock.Anything, mock.Anything).Return(func(_ context.Context, e sitecore.Email) error {
		got = e
		return nil
	})
	env.ExecuteWorkflow(SendEmail, SendEmailInput{Email: &sitecore.Email{Key: "k", To: "a@example.kz", Subject: "s"}})
	if err := env.GetWorkflowError(); err != nil || got.To != "a@example.kz" {
		t.Fatalf("sent %+v, %v", got, err)
	}
}
