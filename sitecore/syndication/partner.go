package syndication

import (
	"context"
	"errors"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// ItemText is an item in one language as a destination receives it.
type ItemText struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Body    string `json:"body"` // sanitized HTML
	URL     string `json:"url"`  // the canonical page on the school's site
}

// Item is one operation on one news item as an adapter sends it. For an unpublish only the
// identities are filled.
type Item struct {
	Op          Op     `json:"op"`
	DeliveryKey string `json:"delivery_key"`
	ExternalID  string `json:"external_id"`
	// RemoteID is the destination's ID from the create (update and unpublish).
	RemoteID string `json:"remote_id,omitempty"`
	// Retry is true when an earlier attempt of this delivery may have reached the partner
	// (a timeout, a crash): a create then looks the external ID up before sending again.
	Retry bool `json:"-"`

	SiteID      int64                      `json:"site_id"`
	SchoolName  map[sitecore.Lang]string   `json:"school_name,omitempty"`
	SchoolURL   string                     `json:"school_url,omitempty"`
	OrgUnitID   int64                      `json:"org_unit_id,omitempty"`
	NewsKey     string                     `json:"news_key"`
	Texts       map[sitecore.Lang]ItemText `json:"texts,omitempty"`
	ImageURL    string                     `json:"image_url,omitempty"` // absolute; partners fetch it
	Tags        []string                   `json:"tags,omitempty"`
	PublishedAt time.Time                  `json:"published_at,omitzero"`
	Version     int64                      `json:"version"`
	// Kind is "" for news, KindVacancy for a vacancy, which also carries Vacancy.
	Kind    string       `json:"kind,omitempty"`
	Vacancy *VacancyInfo `json:"vacancy,omitempty"`
	// Topic is the feed a pull partner fetches (websub).
	Topic string `json:"-"`
}

// Partner is one destination's adapter.
type Partner interface {
	// Deliver performs the item's operation and returns the destination's ID of the item
	// (the one from the create for update and unpublish). An unpublish of an item the
	// destination no longer has succeeds. Errors are classified with Retryable, Permanent
	// or RateLimited; an unclassified error counts as retryable.
	Deliver(ctx context.Context, item *Item) (remoteID string, err error)
}

// Failure is how a delivery failed, which decides what happens next.
type Failure int

// Failure kinds.
const (
	// FailRetryable: the partner is down, slow or answered 5xx; try again with backoff.
	FailRetryable Failure = iota
	// FailPermanent: the partner refused the item (4xx); retrying the same request will not
	// help, so the delivery becomes a dead letter at once.
	FailPermanent
	// FailRateLimited: the partner asked to slow down; try again after RetryAfter.
	FailRateLimited
)

// DeliveryError is an adapter's classified failure.
type DeliveryError struct {
	Kind       Failure
	RetryAfter time.Duration
	Err        error
}

func (e *DeliveryError) Error() string {
	switch e.Kind {
	case FailPermanent:
		return "permanent: " + e.Err.Error()
	case FailRateLimited:
		return "rate limited (retry after " + e.RetryAfter.String() + "): " + e.Err.Error()
	}
	return "retryable: " + e.Err.Error()
}

func (e *DeliveryError) Unwrap() error { return e.Err }

// Retryable marks err as worth retrying.
func Retryable(err error) error { return &DeliveryError{Kind: FailRetryable, Err: err} }

// Permanent marks err as not worth retrying.
func Permanent(err error) error { return &DeliveryError{Kind: FailPermanent, Err: err} }

// RateLimited marks err as a request to wait at least after.
func RateLimited(after time.Duration, err error) error {
	return &DeliveryError{Kind: FailRateLimited, RetryAfter: after, Err: err}
}

// Classify returns the kind of a delivery failure and, for rate limits, the wait asked for.
func Classify(err error) (Failure, time.Duration) {
	var de *DeliveryError
	if errors.As(err, &de) {
		return de.Kind, de.RetryAfter
	}
	return FailRetryable, 0
}
