package syndication

import (
	"net/url"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// ImportMode is what becomes of an imported item: a draft an admin publishes, or a
// published item at once.
type ImportMode string

// Import modes.
const (
	ImportDraft   ImportMode = "draft"
	ImportPublish ImportMode = "publish"
)

// Bounds of a subscription's polling interval.
const (
	MinPollInterval     = 5 * time.Minute
	DefaultPollInterval = 30 * time.Minute
	MaxPollInterval     = 24 * time.Hour
)

// Subscription is a site's subscription to a partner's feed (Atom, RSS or JSON Feed). The
// validators of the last answer are kept for conditional GET.
type Subscription struct {
	ID           int64         `json:"id"`
	SiteID       int64         `json:"site_id"`
	URL          string        `json:"url"`
	Mode         ImportMode    `json:"mode"`
	Interval     time.Duration `json:"interval"`
	ETag         string        `json:"-"`
	LastModified string        `json:"-"`
	LastPolledAt *time.Time    `json:"last_polled_at,omitempty"`
	LastError    string        `json:"last_error,omitempty"`
	Imported     int           `json:"imported"`
	CreatedAt    time.Time     `json:"created_at"`
}

// SubscriptionInput is a subscription as an admin submits it.
type SubscriptionInput struct {
	URL             string     `json:"url"`
	Mode            ImportMode `json:"mode"`
	IntervalMinutes int        `json:"interval_minutes"`
}

// validate returns the subscription the input describes.
func (in SubscriptionInput) validate(siteID int64) (*Subscription, error) {
	u, err := url.Parse(strings.TrimSpace(in.URL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(in.URL) > 2000 {
		return nil, sitecore.Invalid("url", "syndication.feed_url")
	}
	s := &Subscription{SiteID: siteID, URL: u.String(), Mode: in.Mode, Interval: time.Duration(in.IntervalMinutes) * time.Minute}
	switch s.Mode {
	case "":
		s.Mode = ImportDraft
	case ImportDraft, ImportPublish:
	default:
		return nil, sitecore.Invalid("mode", "syndication.import_mode")
	}
	switch {
	case in.IntervalMinutes == 0:
		s.Interval = DefaultPollInterval
	case s.Interval < MinPollInterval || s.Interval > MaxPollInterval:
		return nil, sitecore.Invalid("interval_minutes", "syndication.interval")
	}
	return s, nil
}

// Entry is one item of a fetched feed, already parsed; Content is raw HTML from outside
// and must be sanitized before it is stored.
type Entry struct {
	// GUID is the entry's identity: the Atom id, RSS guid or JSON Feed id (else its link).
	GUID    string
	Title   string
	Link    string
	Summary string
	Content string
	Lang    sitecore.Lang
	// Published and Updated are zero when the feed does not say.
	Published time.Time
	Updated   time.Time
}

// Feed is a fetched and parsed feed.
type Feed struct {
	Title   string
	Lang    sitecore.Lang
	Entries []Entry
}

// FromHere reports whether an entry's identity points at one of the site's own hosts: it
// is the site's own item coming back through a partner (A → B → A), so it is never
// imported. Mektep feeds keep the original's ID on copies, so the origin survives any
// number of hops.
func FromHere(guid string, hosts []string) bool {
	h := guidHost(guid)
	if h == "" {
		return false
	}
	for _, o := range hosts {
		if strings.EqualFold(h, o) {
			return true
		}
	}
	return false
}

// guidHost returns the host an ID names: the host of an http(s) URL, or the authority of a
// tag: URI (RFC 4151, "tag:host,date:...").
func guidHost(guid string) string {
	if rest, ok := strings.CutPrefix(guid, "tag:"); ok {
		h, _, _ := strings.Cut(rest, ",")
		return strings.ToLower(h)
	}
	u, err := url.Parse(guid)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return strings.ToLower(u.Hostname())
}
