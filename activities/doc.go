// Package activities holds the side effects of Mektep's workflows. Activities are methods on
// structs that hold their dependencies (stores, mailer); workflows refer to them by method
// value. Every activity is safe to run more than once: Temporal retries them after failures
// and crashes, so each one checks what is already done before doing it.
package activities

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/sitecore"
)

// asTemporal turns a domain error into what Temporal should do with it: bad input and
// missing records will not heal by retrying, so they fail the activity at once; outages and
// unknown errors are retried.
func asTemporal(err error) error {
	if err == nil {
		return nil
	}
	var de *sitecore.Error
	if errors.As(err, &de) {
		switch de.Code {
		case sitecore.EInvalid, sitecore.ENotFound, sitecore.EConflict, sitecore.EForbidden:
			return temporal.NewNonRetryableApplicationError(err.Error(), "domain."+de.Code, err,
				domainDetails{Code: de.Code, Key: de.Key, Field: de.Field, Args: de.Args})
		}
	}
	return err
}

// domainDetails carry a domain error through Temporal, so the caller of an update gets
// the same localized, field-naming error a direct call would give.
type domainDetails struct {
	Code, Key, Field string
	Args             map[string]string
}

// DomainError recovers the domain error an activity failed with, or nil.
func DomainError(err *temporal.ApplicationError) *sitecore.Error {
	if err == nil || len(err.Type()) < 7 || err.Type()[:7] != "domain." {
		return nil
	}
	var d domainDetails
	if err.Details(&d) != nil {
		return nil
	}
	return &sitecore.Error{Code: d.Code, Key: d.Key, Field: d.Field, Args: d.Args, Err: err}
}
