package cms

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// publishTimer is the scheduling both pages and news share: the item keeps its planned time
// in publish_at, a durable timer of the Scheduler fires at it, and the timer publishes only
// if the item's plan is still that time.
type publishTimer struct {
	sch  Scheduler
	kind string // sitecore.SearchPage or sitecore.SearchNews
	now  time.Time
}

// set validates at, records it in *publishAt, stores the item with save and starts (or
// replaces) the timer. It returns the normalised time.
func (t publishTimer) set(ctx context.Context, siteID int64, key string, at time.Time, publishAt **time.Time, save func() error) (time.Time, error) {
	if at.IsZero() || !at.After(t.now) {
		return at, sitecore.Invalid("at", "schedule.past")
	}
	if t.sch == nil {
		return at, sitecore.Unavailable("Schedule", "temporal", nil)
	}
	at = at.UTC().Truncate(time.Second)
	*publishAt = &at
	if err := save(); err != nil {
		return at, err
	}
	return at, t.sch.SchedulePublish(ctx, siteID, t.kind, key, at)
}

// cancel stops the item's timer, if any, and clears *publishAt (the caller stores the item).
func (t publishTimer) cancel(ctx context.Context, siteID int64, key string, publishAt **time.Time) error {
	if *publishAt == nil {
		return nil
	}
	if t.sch != nil {
		if err := t.sch.CancelPublish(ctx, siteID, t.kind, key); err != nil {
			return err
		}
	}
	*publishAt = nil
	return nil
}

// due reports whether a timer set for at is still the item's plan.
func due(publishAt *time.Time, at time.Time) bool {
	return publishAt != nil && publishAt.Equal(at.UTC().Truncate(time.Second))
}
