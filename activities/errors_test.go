package activities

import (
	"errors"
	"testing"

	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/sitecore"
)

// A refusal crosses Temporal (encoded as a failure and decoded again, as an update's answer
// is) and comes back as the same domain error: code, key, field and arguments.
func TestRefusalCrossesTemporal(t *testing.T) {
	fc := temporal.GetDefaultFailureConverter()
	for _, e := range []*sitecore.Error{
		sitecore.Conflictf("status", "helpdesk.state", "value", "solved"),
		sitecore.Invalid("stars", "helpdesk.stars"),
		sitecore.Errorf(sitecore.EForbidden, "helpdesk.not_assignee"),
		sitecore.NotFound("ticket"),
	} {
		back := fc.FailureToError(fc.ErrorToFailure(Refusal(e)))
		got := DomainError(back)
		if got == nil || got.Code != e.Code || got.Key != e.Key || got.Field != e.Field || len(got.Args) != len(e.Args) ||
			got.Args["value"] != e.Args["value"] {
			t.Errorf("%v came back as %#v", e, got)
		}
		var appErr *temporal.ApplicationError
		if !errors.As(back, &appErr) || !appErr.NonRetryable() || appErr.Type() != e.Code {
			t.Errorf("%v: application error %v", e, appErr)
		}
	}
}

// Activities fail at once on what retrying cannot heal and are retried on the rest; errors
// that are not domain refusals carry no domain error.
func TestAsTemporal(t *testing.T) {
	if err := asTemporal(sitecore.Conflictf("grade", "admission.no_seats")); DomainError(err) == nil || DomainError(err).Field != "grade" {
		t.Errorf("a conflict: %v", err)
	}
	down := sitecore.Unavailable("op", "postgres", errors.New("down"))
	if err := asTemporal(down); err != down || DomainError(err) != nil {
		t.Errorf("an outage: %v", err)
	}
	if asTemporal(nil) != nil {
		t.Error("nil is not nil")
	}
	if DomainError(temporal.NewApplicationError("boom", "SomeGoError")) != nil {
		t.Error("a foreign application error read as a domain error")
	}
	// A failure recorded before the type became the bare code still decodes.
	legacy := temporal.NewNonRetryableApplicationError("x", "domain.conflict", nil,
		domainDetails{Code: "conflict", Key: "admission.state", Field: "status"})
	if de := DomainError(legacy); de == nil || de.Key != "admission.state" {
		t.Errorf("legacy failure: %#v", de)
	}
}
