package syndication

import (
	"context"

	"github.com/mektep/mektep/sitecore"
)

// DeliveryFilter selects a site's deliveries.
type DeliveryFilter struct {
	State         State // "" for every state
	DestinationID int64 // 0 for every destination
	NewsKey       string
	Limit         int
}

// ChangeBatch is the changed items of one site for one destination, as the relay signals
// them to the destination's outbound process.
type ChangeBatch struct {
	SiteID        int64
	DestinationID int64
	Keys          []string
}

// Store keeps syndication records. Every method about a school's records takes the site; a
// record of another site is ENotFound.
type Store interface {
	// CreateDestination stores an operator's destination and sets its ID.
	CreateDestination(ctx context.Context, d *Destination) error
	// Destinations returns every destination.
	Destinations(ctx context.Context) ([]Destination, error)
	// FindDestination returns a destination or ENotFound.
	FindDestination(ctx context.Context, id int64) (*Destination, error)
	// SiteOrgUnit returns the unit the site is placed at (0 if none) or ENotFound.
	SiteOrgUnit(ctx context.Context, siteID int64) (int64, error)

	// Rules returns the site's outbound rules.
	Rules(ctx context.Context, siteID int64) ([]Rule, error)
	// ReplaceRules replaces the site's rules and writes the audit entry in one transaction.
	ReplaceRules(ctx context.Context, siteID int64, rules []Rule, a *sitecore.AuditEntry) error

	// FindRemote returns what the destination holds of the item (the zero Remote, with the
	// identities filled, if nothing).
	FindRemote(ctx context.Context, siteID, destID int64, newsKey string) (Remote, error)
	// FindRemotes is FindRemote for several items in one query: every key has an entry.
	FindRemotes(ctx context.Context, siteID, destID int64, newsKeys []string) (map[string]Remote, error)

	// QueueChanges records, durably, that the site's items changed, if the site has any
	// outbound rule (the change outbox; the relay hands it to the outbound processes).
	QueueChanges(ctx context.Context, siteID int64, newsKeys []string) error
	// RecordChanges records the changes the CMS reports, in one statement: each item's
	// public state (PublicPart, or withdrawn when it has none) at its version, which an older
	// version never overwrites, and, for sites with an outbound rule, a row in the outbox.
	// Delivery reads the items back with FindItems, so it reads no document store.
	RecordChanges(ctx context.Context, items []*sitecore.News) error
	// FindItems returns the recorded state of the site's items in one query: the public
	// part of a published item, or a withdrawn (unpublished, textless) item. Keys never
	// recorded are missing from the map.
	FindItems(ctx context.Context, siteID int64, newsKeys []string) (map[string]*sitecore.News, error)
	// RelayChanges takes up to limit queued changes (other relays skip them meanwhile),
	// groups them per site and destination the site has a rule for, and removes them once
	// send returned nil; an error from send leaves them queued. It returns how many changes
	// it took.
	RelayChanges(ctx context.Context, limit int, send func(ctx context.Context, batches []ChangeBatch) error) (int, error)
	// BeginDelivery records an attempt of d: a new key is inserted as pending, a known one
	// counts one more attempt. It returns the stored delivery, whose state tells whether
	// an earlier attempt already completed it.
	BeginDelivery(ctx context.Context, d *Delivery) (*Delivery, error)
	// CompleteDelivery marks the delivery delivered and stores the destination's new state
	// of the item, in one transaction.
	CompleteDelivery(ctx context.Context, siteID int64, key string, r Remote) error
	// FailDelivery records an attempt's error; state is StatePending (to be retried),
	// StateDead or StateSkipped.
	FailDelivery(ctx context.Context, siteID int64, key string, state State, msg string) error
	// EndPending ends the item's pending deliveries to the destination: StateDead when
	// retries ran out (keeping each one's last error, or msg where it has none), StateSkipped
	// when nothing is due any more (the item was unpublished before it was ever sent, or
	// the school opted out).
	EndPending(ctx context.Context, siteID, destID int64, newsKey string, state State, msg string) error
	// Deliveries returns the site's deliveries, newest first.
	Deliveries(ctx context.Context, siteID int64, f DeliveryFilter) ([]Delivery, error)
	// FindDelivery returns one delivery of the site or ENotFound.
	FindDelivery(ctx context.Context, siteID int64, key string) (*Delivery, error)
	// ResendDelivery turns a dead delivery back to pending, writing the audit entry.
	ResendDelivery(ctx context.Context, siteID int64, key string, a *sitecore.AuditEntry) error
	// DeadLetters returns dead deliveries of every site, newest first (operators).
	DeadLetters(ctx context.Context, limit int) ([]Delivery, error)

	// CreateSubscription stores the subscription (one per site and URL) and sets its ID.
	CreateSubscription(ctx context.Context, s *Subscription, a *sitecore.AuditEntry) error
	// Subscriptions returns the site's subscriptions.
	Subscriptions(ctx context.Context, siteID int64) ([]Subscription, error)
	// FindSubscription returns one subscription of the site or ENotFound.
	FindSubscription(ctx context.Context, siteID, id int64) (*Subscription, error)
	// DeleteSubscription removes the subscription (its imported items stay).
	DeleteSubscription(ctx context.Context, siteID, id int64, a *sitecore.AuditEntry) error
	// SavePoll stores the validators and the outcome of a poll.
	SavePoll(ctx context.Context, siteID, id int64, etag, lastModified, errMsg string, imported int) error
	// ClaimImport records that the site imported the entry with the GUID as newsKey; it
	// returns false if the site already has it through another path (another subscription,
	// a differently keyed copy), true for a new claim or a retry of this one.
	ClaimImport(ctx context.Context, siteID, subID int64, guid, newsKey string) (bool, error)
}
