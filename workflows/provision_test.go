package workflows_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/workflows"
)

func newEnv(t *testing.T) (*testsuite.TestWorkflowEnvironment, *activities.Provisioning) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	a := &activities.Provisioning{}
	env.RegisterActivity(a)
	env.RegisterWorkflow(workflows.ProvisionSite)
	return env, a
}

func TestProvisionSiteRunsStepsInOrder(t *testing.T) {
	env, a := newEnv(t)
	var order []string
	record := func(name string) func(context.Context, int64) error {
		return func(_ context.Context, _ int64) error { order = append(order, name); return nil }
	}
	env.OnActivity(a.SeedContent, mock.Anything, int64(7)).Return(record("seed"))
	env.OnActivity(a.InviteOwner, mock.Anything, int64(7)).Return(record("invite"))
	env.OnActivity(a.ActivateSite, mock.Anything, int64(7)).Return(record("activate"))

	env.ExecuteWorkflow(workflows.ProvisionSite, workflows.ProvisionSiteInput{SiteID: 7})

	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
		t.Fatalf("workflow did not complete: %v", env.GetWorkflowError())
	}
	var res workflows.ProvisionSiteResult
	if err := env.GetWorkflowResult(&res); err != nil {
		t.Fatal(err)
	}
	if !res.Active || res.SiteID != 7 {
		t.Errorf("result = %+v, want active site 7", res)
	}
	if got := len(order); got != 3 || order[0] != "seed" || order[1] != "invite" || order[2] != "activate" {
		t.Errorf("steps ran as %v, want [seed invite activate]", order)
	}
}

// An outage (SMTP down) is retried with backoff until it heals; the site is activated after.
func TestProvisionSiteRetriesOutages(t *testing.T) {
	env, a := newEnv(t)
	attempts := 0
	env.OnActivity(a.SeedContent, mock.Anything, int64(1)).Return(nil)
	env.OnActivity(a.InviteOwner, mock.Anything, int64(1)).Return(func(_ context.Context, _ int64) error {
		attempts++
		if attempts < 4 {
			return errors.New("dial tcp 127.0.0.1:25: connection refused")
		}
		return nil
	})
	activated := false
	env.OnActivity(a.ActivateSite, mock.Anything, int64(1)).Return(func(_ context.Context, _ int64) error {
		activated = true
		return nil
	})
	env.OnActivity(a.FailSite, mock.Anything, mock.Anything, mock.Anything).Return(func(_ context.Context, _ int64, _ string) error {
		t.Error("FailSite called for a retryable outage")
		return nil
	})

	env.ExecuteWorkflow(workflows.ProvisionSite, workflows.ProvisionSiteInput{SiteID: 1})

	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow failed: %v", err)
	}
	if attempts != 4 || !activated {
		t.Errorf("attempts = %d, activated = %v; want 4 attempts then activation", attempts, activated)
	}
}

// A permanent failure marks the site failed, and the site is never activated.
func TestProvisionSiteMarksFailedOnPermanentError(t *testing.T) {
	env, a := newEnv(t)
	env.OnActivity(a.SeedContent, mock.Anything, int64(3)).Return(
		temporal.NewNonRetryableApplicationError("site 3 not found", "not_found", nil))
	var reason string
	env.OnActivity(a.FailSite, mock.Anything, int64(3), mock.Anything).Return(func(_ context.Context, _ int64, r string) error {
		reason = r
		return nil
	})
	env.OnActivity(a.InviteOwner, mock.Anything, mock.Anything).Return(func(_ context.Context, _ int64) error {
		t.Error("owner invited after a failed step")
		return nil
	})
	env.OnActivity(a.ActivateSite, mock.Anything, mock.Anything).Return(func(_ context.Context, _ int64) error {
		t.Error("site activated after a failed step")
		return nil
	})

	env.ExecuteWorkflow(workflows.ProvisionSite, workflows.ProvisionSiteInput{SiteID: 3})

	if env.GetWorkflowError() == nil {
		t.Fatal("workflow succeeded; want failure")
	}
	if reason == "" || !strings.Contains(reason, "seed content") {
		t.Errorf("FailSite reason = %q, want it to name the step", reason)
	}
}

// When retries run out (a day of outage), the site is marked failed.
func TestProvisionSiteGivesUpAfterScheduleToClose(t *testing.T) {
	env, a := newEnv(t)
	env.OnActivity(a.SeedContent, mock.Anything, int64(5)).Return(errors.New("mongo unreachable"))
	failed := false
	env.OnActivity(a.FailSite, mock.Anything, int64(5), mock.Anything).Return(func(_ context.Context, _ int64, _ string) error {
		failed = true
		return nil
	})
	env.SetTestTimeout(time.Minute)
	env.ExecuteWorkflow(workflows.ProvisionSite, workflows.ProvisionSiteInput{SiteID: 5})

	if env.GetWorkflowError() == nil || !failed {
		t.Fatalf("error = %v, failed = %v; want the workflow to give up and mark the site failed", env.GetWorkflowError(), failed)
	}
}

// TestAdmissionReplay replays a recorded admission (documents checked, admitted before the
// results time, released, offer declined) against the current workflow code.
func TestAdmissionReplay(t *testing.T) {
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(workflows.Admission)
	if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/admission.json"); err != nil {
		t.Fatalf("replay: %v", err)
	}
}

// TestAdmissionDisputeReplay replays a recorded admission that the school voided after
// admitting it, when another family claimed the child's IIN (internal/app's
// TestDisputeResolutionVoidsAnAdmissionAndTellsTheFamilies).
func TestAdmissionDisputeReplay(t *testing.T) {
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(workflows.Admission)
	if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/admission-dispute.json"); err != nil {
		t.Fatalf("replay: %v", err)
	}
}

// TestProvisionSiteReplay replays a history recorded from a real run (see
// internal/app's TestRecordProvisionHistory). It fails when a code change makes the workflow
// non-deterministic for executions already running in production.
func TestProvisionSiteReplay(t *testing.T) {
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(workflows.ProvisionSite)
	if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/provision_site.json"); err != nil {
		t.Fatalf("replay: %v", err)
	}
}
