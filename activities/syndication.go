package activities

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/syndication/feed"
	"github.com/mektep/mektep/sitecore/vacancy"
)

// Reindexer hands a stored news item to the search index (cms.News).
type Reindexer interface {
	Reindex(ctx context.Context, n *sitecore.News) error
}

// Syndication delivers news to destinations and imports subscribed feeds.
type Syndication struct {
	Store   syndication.Store
	Content sitecore.ContentStore
	// Vacancies are syndicated like news, under their vacancy keys (may be nil: none).
	Vacancies vacancy.Store
	Sites     sitecore.SiteStore
	// Partner returns the adapter of a destination (portal client, WebSub pinger, portal
	// site writer) with its credentials.
	Partner func(d *syndication.Destination) (syndication.Partner, error)
	// SiteURL is a site's public address, for canonical links and the feed partners pull.
	SiteURL func(site *sitecore.Site) string
	// Feeds fetches subscribed feeds (feed.NewClient: refuses private addresses).
	Feeds    *http.Client
	Index    Reindexer          // may be nil
	OnChange func(siteID int64) // may be nil
	Log      *slog.Logger
	Now      func() time.Time
}

// Error types the outbound workflow tells apart.
const (
	// ErrPermanent: the destination refused the item; the delivery is a dead letter.
	ErrPermanent = "syndication.permanent"
)

// DeliverInput names one item at one destination.
type DeliverInput struct {
	SiteID        int64
	DestinationID int64
	NewsKey       string
}

// DeliverResult tells what the delivery did: the operation, or "" when nothing was due.
type DeliverResult struct {
	Op  syndication.Op
	Key string
}

// Deliver brings the destination's copy of the item up to date: it compares what the
// destination holds with what the school shows now and sends the one operation due
// (syndication.Decide). The delivery key makes every retry reuse the same record, and a
// create retried after an unknown outcome is looked up at the partner first, so nothing
// arrives twice.
func (a *Syndication) Deliver(ctx context.Context, in DeliverInput) (DeliverResult, error) {
	dest, err := a.Store.FindDestination(ctx, in.DestinationID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return DeliverResult{}, nil
	}
	if err != nil {
		return DeliverResult{}, err
	}
	rules, err := a.Store.Rules(ctx, in.SiteID)
	if err != nil {
		return DeliverResult{}, err
	}
	rule, optedIn := syndication.RuleFor(rules, in.DestinationID)
	if !optedIn || !dest.Enabled {
		// Opted out: nothing more leaves for this destination.
		return DeliverResult{}, a.Store.EndPending(ctx, in.SiteID, in.DestinationID, in.NewsKey, syndication.StateSkipped, "opted out")
	}
	site, err := a.Sites.FindSiteByID(ctx, in.SiteID)
	if err != nil {
		return DeliverResult{}, asTemporal(err)
	}
	n, v, err := a.readNews(ctx, in.SiteID, in.NewsKey)
	if err != nil {
		return DeliverResult{}, err
	}
	remote, err := a.Store.FindRemote(ctx, in.SiteID, in.DestinationID, in.NewsKey)
	if err != nil {
		return DeliverResult{}, err
	}
	eligible := site.Status == sitecore.SiteActive && n != nil && rule.Matches(n.Tags)
	plan, due := syndication.Decide(in.SiteID, in.DestinationID, n, remote, eligible)
	if !due {
		return DeliverResult{}, a.Store.EndPending(ctx, in.SiteID, in.DestinationID, in.NewsKey, syndication.StateSkipped, "")
	}
	d, err := a.Store.BeginDelivery(ctx, &syndication.Delivery{Key: plan.Key, SiteID: in.SiteID, DestinationID: in.DestinationID,
		NewsKey: in.NewsKey, Op: plan.Op, Version: plan.Version})
	if err != nil {
		return DeliverResult{}, err
	}
	res := DeliverResult{Op: plan.Op, Key: plan.Key}
	if d.State == syndication.StateDelivered {
		return res, nil
	}
	partner, err := a.Partner(dest)
	if err != nil {
		return res, a.fail(ctx, in.SiteID, plan.Key, syndication.Permanent(err))
	}
	item := a.item(site, n, plan, remote)
	a.asVacancy(item, site, v)
	item.Retry = d.Attempts > 1 || activity.GetInfo(ctx).Attempt > 1
	remoteID, err := partner.Deliver(ctx, item)
	if err != nil {
		return res, a.fail(ctx, in.SiteID, plan.Key, err)
	}
	err = a.Store.CompleteDelivery(ctx, in.SiteID, plan.Key, syndication.Remote{SiteID: in.SiteID, DestinationID: in.DestinationID,
		NewsKey: in.NewsKey, RemoteID: remoteID, Live: plan.Op != syndication.OpUnpublish, Generation: plan.Generation, Version: plan.Version})
	return res, err
}

// item builds what the adapter sends: the published text only, with absolute links.
func (a *Syndication) item(site *sitecore.Site, n *sitecore.News, p syndication.Plan, r syndication.Remote) *syndication.Item {
	base := ""
	if a.SiteURL != nil {
		base = a.SiteURL(site)
	}
	it := &syndication.Item{Op: p.Op, DeliveryKey: p.Key, ExternalID: p.ExternalID, SiteID: site.ID,
		NewsKey: syndication.NewsKey(n, r), Version: p.Version, SchoolName: site.Names, SchoolURL: base,
		Topic: base + "/" + string(site.DefaultLang()) + "/feed.atom"}
	if p.Generation == r.Generation {
		it.RemoteID = r.RemoteID // an earlier generation's ID names an item withdrawn already
	}
	if p.Op == syndication.OpUnpublish || n == nil {
		return it
	}
	it.Texts = map[sitecore.Lang]syndication.ItemText{}
	for l, t := range n.Text { // Text only: a draft never leaves
		it.Texts[l] = syndication.ItemText{Title: t.Title, Summary: t.Summary, Body: t.Body, URL: base + "/" + string(l) + "/news/" + t.Slug}
	}
	if n.CoverURL != "" {
		it.ImageURL = base + n.CoverURL
	}
	it.Tags, it.PublishedAt = n.Tags, n.PublishedAt
	return it
}

// fail records a failed attempt and tells Temporal what to do: permanent failures end the
// retries, rate limits wait as long as the partner asked.
func (a *Syndication) fail(ctx context.Context, siteID int64, key string, err error) error {
	kind, after := syndication.Classify(err)
	state := syndication.StatePending
	if kind == syndication.FailPermanent {
		state = syndication.StateDead
	}
	if ferr := a.Store.FailDelivery(ctx, siteID, key, state, err.Error()); ferr != nil {
		return ferr
	}
	switch kind {
	case syndication.FailPermanent:
		return temporal.NewNonRetryableApplicationError(err.Error(), ErrPermanent, nil)
	case syndication.FailRateLimited:
		return temporal.NewApplicationErrorWithOptions(err.Error(), "syndication.rate_limited",
			temporal.ApplicationErrorOptions{NextRetryDelay: max(after, time.Second)})
	}
	return temporal.NewApplicationError(err.Error(), "syndication.retryable")
}

// Bury turns the item's pending deliveries into dead letters once retries ran out.
func (a *Syndication) Bury(ctx context.Context, in DeliverInput, msg string) error {
	return a.Store.EndPending(ctx, in.SiteID, in.DestinationID, in.NewsKey, syndication.StateDead, msg)
}

// PollResult is what one poll of a subscription did.
type PollResult struct {
	// Gone is true when the subscription no longer exists: polling ends.
	Gone     bool
	Interval time.Duration
	Imported int
}

// Poll fetches a subscribed feed (conditionally) and imports its new entries. Fetch and
// parse failures are recorded on the subscription and are not errors: the next poll tries
// again. Entries that come from the site itself, or that the site already has, are skipped.
func (a *Syndication) Poll(ctx context.Context, siteID, subID int64) (PollResult, error) {
	sub, err := a.Store.FindSubscription(ctx, siteID, subID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return PollResult{Gone: true}, nil
	}
	if err != nil {
		return PollResult{}, err
	}
	out := PollResult{Interval: sub.Interval}
	site, err := a.Sites.FindSiteByID(ctx, siteID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return PollResult{Gone: true}, nil
	}
	if err != nil {
		return out, err
	}
	res, err := feed.Fetch(ctx, a.Feeds, sub.URL, sub.ETag, sub.LastModified)
	if err != nil {
		a.log().Warn("feed fetch failed", "site", siteID, "subscription", subID, "error", err)
		return out, a.Store.SavePoll(ctx, siteID, subID, sub.ETag, sub.LastModified, err.Error(), 0)
	}
	if res.NotModified {
		return out, a.Store.SavePoll(ctx, siteID, subID, res.ETag, res.LastModified, "", 0)
	}
	f, err := feed.Parse(res.Feed)
	if err != nil {
		return out, a.Store.SavePoll(ctx, siteID, subID, sub.ETag, sub.LastModified, err.Error(), 0)
	}
	hosts := append([]string{}, site.Domains...)
	if a.SiteURL != nil {
		if h := hostOf(a.SiteURL(site)); h != "" {
			hosts = append(hosts, h)
		}
	}
	now := a.now().UTC()
	for _, e := range f.Entries {
		if e.GUID == "" || syndication.FromHere(e.GUID, hosts) || syndication.FromHere(e.Link, hosts) {
			continue
		}
		n := syndication.Imported(site, sub, f.Title, e, now)
		if n == nil {
			continue
		}
		fresh, err := a.Store.ClaimImport(ctx, siteID, subID, e.GUID, n.Key)
		if err != nil {
			return out, err
		}
		if !fresh {
			continue
		}
		if _, err := a.Content.FindNewsByKey(ctx, siteID, n.Key); err == nil {
			continue // imported by an earlier attempt of this poll
		} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
			return out, err
		}
		if err := a.Content.UpsertNews(ctx, n); err != nil {
			return out, err
		}
		if n.Published && a.Index != nil {
			if err := a.Index.Reindex(ctx, n); err != nil {
				return out, err
			}
		}
		out.Imported++
	}
	if out.Imported > 0 && a.OnChange != nil {
		a.OnChange(siteID)
	}
	return out, a.Store.SavePoll(ctx, siteID, subID, res.ETag, res.LastModified, "", out.Imported)
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Hostname()
}

func (a *Syndication) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *Syndication) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.Default()
}
