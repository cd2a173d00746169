package activities

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// ScheduledPublisher publishes one kind of content at its set time (cms.Pages, cms.News).
type ScheduledPublisher interface {
	// PublishScheduled publishes the item if its schedule is still at; it reports whether it
	// did. A schedule changed or cancelled since is not an error.
	PublishScheduled(ctx context.Context, siteID int64, key string, at time.Time) (bool, error)
}

// Publishing runs scheduled publishes.
type Publishing struct {
	// ByKind maps sitecore.SearchPage / sitecore.SearchNews to their publisher.
	ByKind map[string]ScheduledPublisher
}

// PublishNow publishes a scheduled item. Publishing is idempotent (the schedule is cleared
// when it is done), so a retry after a crash publishes once.
func (p *Publishing) PublishNow(ctx context.Context, siteID int64, kind, key string, at time.Time) (bool, error) {
	pub, ok := p.ByKind[kind]
	if !ok {
		return false, asTemporal(sitecore.Invalid("kind", "field.unknown"))
	}
	done, err := pub.PublishScheduled(ctx, siteID, key, at)
	return done, asTemporal(err)
}
