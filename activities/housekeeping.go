package activities

import (
	"context"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
)

// Housekeeping holds the platform's periodic housekeeping (workflows.Housekeeping).
type Housekeeping struct {
	Throttle sitecore.ThrottlePurger
	Expired  sitecore.ExpiryPurger
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

// PurgeExpired deletes sessions and one-time tokens past their expiry, and Idempotency-Keys
// older than sitecore.IdempotencyRetention; it returns how many of each went. Idempotent.
func (m *Housekeeping) PurgeExpired(ctx context.Context) (HousekeepingPurged, error) {
	var out HousekeepingPurged
	var err error
	if out.Sessions, err = m.Expired.PurgeExpiredSessions(ctx); err != nil {
		return out, asTemporal(err)
	}
	if out.IdempotencyKeys, err = m.Expired.PurgeIdempotency(ctx, sitecore.IdempotencyRetention); err != nil {
		return out, asTemporal(err)
	}
	activity.GetLogger(ctx).Info("expired rows purged", "sessions", out.Sessions, "idempotency_keys", out.IdempotencyKeys)
	return out, nil
}

// HousekeepingPurged says how many expired rows PurgeExpired deleted.
type HousekeepingPurged struct {
	Sessions        int64 // sessions and one-time tokens
	IdempotencyKeys int64
}
