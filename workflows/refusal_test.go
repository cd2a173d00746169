package workflows_test

import (
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
)

// refusedAs reports whether err, as a workflow's update answered it, carries the domain
// error with the message key (activities.Refusal), not just a message that mentions it.
func refusedAs(err error, key string) bool {
	de := activities.DomainError(err)
	return de != nil && de.Key == key
}

// wantRefusal checks that a workflow client answered with exactly the domain error a
// service would give: the code, the message key and the field the HTTP layer localizes.
func wantRefusal(t *testing.T, what string, err error, code, key, field string) {
	t.Helper()
	var de *sitecore.Error
	if err != nil {
		de = sitecore.AsError(err)
	}
	if de == nil || de.Code != code || de.Key != key || de.Field != field {
		t.Errorf("%s: %v; want %s %q field %q", what, err, code, key, field)
	}
}

// updateAt sends an update to the test workflow after d of workflow time. want is "" when
// the update must be accepted and complete without error; else it is the message key of the
// domain error (activities.Refusal) it must be refused with, by the validator or the handler.
func updateAt(t *testing.T, env *testsuite.TestWorkflowEnvironment, d time.Duration, name string, arg any, want string) {
	t.Helper()
	check := func(err error) {
		t.Helper()
		switch {
		case want == "" && err != nil:
			t.Errorf("update %s at %s refused: %v", name, d, err)
		case want != "" && err == nil:
			t.Errorf("update %s at %s accepted, want the refusal %s", name, d, want)
		case want != "" && !refusedAs(err, want):
			t.Errorf("update %s at %s: %v, want the refusal %s", name, d, err, want)
		}
	}
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(name, name+d.String(), &testsuite.TestUpdateCallback{
			OnAccept:   func() {},
			OnReject:   check,
			OnComplete: func(_ any, err error) { check(err) },
		}, arg)
	}, d)
}
