package workflows_test

import (
	"testing"

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
