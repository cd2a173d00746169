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

// lifecycle is the publish cycle pages and news share: publish now (cancelling any plan),
// schedule, unschedule, and the durable timer's publish at the planned time. The item types
// differ only in the hooks: how an item is found and stored, where it keeps its plan, and
// what publishing it does (pages keep revisions, news reaches copies and portals).
type lifecycle[T any] struct {
	timer   publishTimer
	noun    string // "page" or "news": the audit actions are noun+".schedule", ...
	find    func(ctx context.Context, siteID int64, key string) (T, error)
	save    func(ctx context.Context, item T) error
	plan    func(item T) **time.Time // the item's publish_at
	touch   func(item T)             // marks the item changed now
	publish func(ctx context.Context, a sitecore.Actor, item T, published bool) error
	changed func(ctx context.Context, a sitecore.Actor, siteID int64, action, target string)
}

// setPublished publishes or unpublishes the item now; a plan for later is dropped.
func (l lifecycle[T]) setPublished(ctx context.Context, a sitecore.Actor, siteID int64, key string, item T, published bool) error {
	if err := l.timer.cancel(ctx, siteID, key, l.plan(item)); err != nil {
		return err
	}
	return l.publish(ctx, a, item, published)
}

// schedule plans the item's publication (with its draft) at at; the timer is durable.
func (l lifecycle[T]) schedule(ctx context.Context, a sitecore.Actor, siteID int64, key string, item T, at time.Time) error {
	at, err := l.timer.set(ctx, siteID, key, at, l.plan(item), func() error {
		l.touch(item)
		return l.save(ctx, item)
	})
	if err != nil {
		return err
	}
	l.changed(ctx, a, siteID, l.noun+".schedule", key+"@"+at.Format(time.RFC3339))
	return nil
}

// unschedule cancels a planned publication (nothing when there is none).
func (l lifecycle[T]) unschedule(ctx context.Context, a sitecore.Actor, siteID int64, key string, item T) error {
	if *l.plan(item) == nil {
		return nil
	}
	if err := l.timer.cancel(ctx, siteID, key, l.plan(item)); err != nil {
		return err
	}
	l.touch(item)
	if err := l.save(ctx, item); err != nil {
		return err
	}
	l.changed(ctx, a, siteID, l.noun+".unschedule", key)
	return nil
}

// publishScheduled is what the durable timer calls at the set time: it publishes the item if
// the plan is still the one the timer was set for (a later change of plan wins, a deleted
// item is nothing to do). It reports whether it published.
func (l lifecycle[T]) publishScheduled(ctx context.Context, siteID int64, key string, at time.Time) (bool, error) {
	item, err := l.find(ctx, siteID, key)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return false, nil
	}
	if err != nil || !due(*l.plan(item), at) {
		return false, err
	}
	*l.plan(item) = nil
	return true, l.publish(ctx, sitecore.Actor{Name: "scheduler"}, item, true)
}
