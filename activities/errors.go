package activities

import (
	"errors"
	"slices"
	"strings"

	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/sitecore"
)

// This file is the one place where domain errors cross Temporal. An activity that fails
// with bad input, a missing record, a conflict or a refusal, and a workflow's update
// validator that refuses, both answer Refusal(e): a Temporal application error whose type
// is the domain code and whose details are the message key, the field and the arguments.
// The caller of an update turns it back with DomainError and gets the same localized,
// field-naming error a direct call to the service would give.

// refusalCodes are the codes that will not heal by retrying.
var refusalCodes = []string{sitecore.EInvalid, sitecore.ENotFound, sitecore.EConflict, sitecore.EForbidden}

// domainDetails carry a domain error's key, field and arguments through Temporal.
type domainDetails struct {
	Code, Key, Field string
	Args             map[string]string
}

// Refusal returns e as a non-retryable Temporal application error of type e.Code. Workflow
// code may call it: it only builds a value.
func Refusal(e *sitecore.Error) error {
	return temporal.NewApplicationErrorWithOptions(e.Error(), e.Code, temporal.ApplicationErrorOptions{
		NonRetryable: true,
		Cause:        e.Err,
		Details:      []any{domainDetails{Code: e.Code, Key: e.Key, Field: e.Field, Args: e.Args}},
	})
}

// asTemporal turns a domain error into what Temporal should do with it: bad input and
// missing records will not heal by retrying, so they fail the activity at once as a
// Refusal; outages and unknown errors are retried.
func asTemporal(err error) error {
	if err == nil {
		return nil
	}
	var de *sitecore.Error
	if errors.As(err, &de) && slices.Contains(refusalCodes, de.Code) {
		return Refusal(&sitecore.Error{Code: de.Code, Key: de.Key, Field: de.Field, Args: de.Args, Err: err})
	}
	return err
}

// DomainError recovers the domain error carried by err (an update's or an activity's
// failure, however wrapped), or nil when it carries none.
func DomainError(err error) *sitecore.Error {
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) {
		return nil
	}
	// Failures recorded before the type became the bare code were typed "domain.<code>".
	code := strings.TrimPrefix(appErr.Type(), "domain.")
	if !slices.Contains(refusalCodes, code) {
		return nil
	}
	var d domainDetails
	if appErr.Details(&d) != nil {
		return nil
	}
	return &sitecore.Error{Code: code, Key: d.Key, Field: d.Field, Args: d.Args, Err: err}
}
