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
			return temporal.NewNonRetryableApplicationError(err.Error(), de.Code, err)
		}
	}
	return err
}
