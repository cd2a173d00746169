package syndication

import (
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Op is what a delivery asks of a destination.
type Op string

// Operations, in the order an item's life goes through them.
const (
	OpCreate    Op = "create"
	OpUpdate    Op = "update"
	OpUnpublish Op = "unpublish"
)

// State is where a delivery is.
type State string

// Delivery states. A dead delivery waits for someone to resend it; a skipped one was found
// unnecessary when its turn came (the item changed again, or the school opted out).
const (
	StatePending   State = "pending"
	StateDelivered State = "delivered"
	StateDead      State = "dead"
	StateSkipped   State = "skipped"
)

// Delivery is one operation sent (or being sent) to one destination. Key is unique: a retry
// of the same operation reuses the row, so it is never counted, or sent, twice.
type Delivery struct {
	Key           string    `json:"key"`
	SiteID        int64     `json:"site_id"`
	DestinationID int64     `json:"destination_id"`
	NewsKey       string    `json:"news_key"`
	Op            Op        `json:"op"`
	Version       int64     `json:"version"`
	State         State     `json:"state"`
	RemoteID      string    `json:"remote_id,omitempty"`
	Attempts      int       `json:"attempts"`
	Error         string    `json:"error,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Remote is what a destination holds of one item, as far as Mektep knows: it is written
// only after the destination confirmed an operation.
type Remote struct {
	SiteID        int64
	DestinationID int64
	NewsKey       string
	RemoteID      string
	// Live is true between a confirmed create and a confirmed unpublish.
	Live bool
	// Generation counts creates: an item unpublished and published again is created anew,
	// under a new external ID.
	Generation int
	// Version is the item version (its UpdatedAt in Unix microseconds) last confirmed.
	Version int64
	// Uncertain is true when a create of the next generation was sent but never confirmed
	// (its answer was lost, or it is still being retried): the destination may hold the
	// item, so withdrawing it must not be skipped.
	Uncertain bool
}

// Plan is the one operation that brings a destination up to date with an item.
type Plan struct {
	Op         Op
	Key        string // the delivery key
	ExternalID string // the item's identity at the destination for this generation
	Generation int
	Version    int64
}

// Decide compares what the destination holds with what the school shows now. n is nil when
// the item was deleted; eligible tells whether the school's rules send the item to the
// destination at all. It returns false when nothing needs to be sent.
//
// Only published originals are ever sent: drafts, the draft part of a published item and
// copies republished from other schools (or imported from feeds) never leave.
func Decide(siteID, destID int64, n *sitecore.News, r Remote, eligible bool) (Plan, bool) {
	want := n != nil && n.Published && n.Source == nil && eligible
	var p Plan
	switch {
	case want && !r.Live:
		p = Plan{Op: OpCreate, Generation: r.Generation + 1, Version: VersionOf(n)}
	case want && VersionOf(n) > r.Version:
		p = Plan{Op: OpUpdate, Generation: r.Generation, Version: VersionOf(n)}
	case !want && r.Live:
		p = Plan{Op: OpUnpublish, Generation: r.Generation, Version: r.Version}
	case !want && r.Uncertain:
		// The create may have arrived: withdraw what it may have created (the adapter looks
		// the external ID up, as the remote ID is unknown).
		p = Plan{Op: OpUnpublish, Generation: r.Generation + 1, Version: r.Version}
	default:
		return Plan{}, false
	}
	key := NewsKey(n, r)
	p.ExternalID = ExternalID(siteID, key, p.Generation)
	p.Key = DeliveryKey(siteID, destID, key, p.Op, p.Generation, p.Version)
	return p, true
}

// NewsKey returns the item's key from whichever of n and r is known.
func NewsKey(n *sitecore.News, r Remote) string {
	if n != nil {
		return n.Key
	}
	return r.NewsKey
}

// VersionOf is an item's version: its last change in microseconds. Publishing, editing a
// published item and unpublishing all move UpdatedAt forward.
func VersionOf(n *sitecore.News) int64 { return n.UpdatedAt.UnixMicro() }

// ExternalID is the item's identity at a destination: the same for every retry and update
// of one generation, so a destination (or Mektep, looking it up) can tell a retried create
// from a new item.
func ExternalID(siteID int64, newsKey string, generation int) string {
	return "mektep:" + strconv.FormatInt(siteID, 10) + ":" + newsKey + ":" + strconv.Itoa(generation)
}

// DeliveryKey names one operation on one item at one destination. Retrying the operation
// (after a timeout, a crash or a resend) uses the same key. A create and an unpublish are
// one per generation whatever the item's version (an edit while the create waits changes
// what is sent, not which create it is); an update is one per version.
func DeliveryKey(siteID, destID int64, newsKey string, op Op, generation int, version int64) string {
	k := "s" + strconv.FormatInt(siteID, 10) + "/d" + strconv.FormatInt(destID, 10) + "/" + newsKey + "/" +
		string(op) + "/g" + strconv.Itoa(generation)
	if op == OpUpdate {
		k += "/v" + strconv.FormatInt(version, 10)
	}
	return k
}
