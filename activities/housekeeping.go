package activities

import (
	"context"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
)

// Housekeeping holds the platform's periodic housekeeping (workflows.Housekeeping).
type Housekeeping struct {
	Throttle sitecore.ThrottlePurger
}

// PurgeThrottle deletes throttle counters older than sitecore.ThrottleRetention and returns
// how many went. Deleting is idempotent, so a retry is harmless.
func (m *Housekeeping) PurgeThrottle(ctx context.Context) (int64, error) {
	n, err := m.Throttle.PurgeThrottle(ctx, sitecore.ThrottleRetention)
	if err != nil {
		return n, asTemporal(err)
	}
	activity.GetLogger(ctx).Info("throttle counters purged", "deleted", n)
	return n, nil
}
