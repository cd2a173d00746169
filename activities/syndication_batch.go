package activities

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/vacancy"
)

// DeliverBatchInput names several items of a site at one destination.
type DeliverBatchInput struct {
	SiteID        int64
	DestinationID int64
	NewsKeys      []string
}

// ItemResult is what happened to one item of a batch.
type ItemResult string

// Item results. Only ItemRetry asks the workflow to try the item again.
const (
	ItemDelivered ItemResult = "delivered"
	ItemNothing   ItemResult = "nothing" // nothing was due (or the school opted out)
	ItemRetry     ItemResult = "retry"
	ItemDead      ItemResult = "dead" // the partner refused it: a dead letter
)

// ItemOutcome is one item's result; RetryAfter is the wait a rate-limiting partner asked for.
type ItemOutcome struct {
	SiteID      int64 `json:",omitempty"` // set by DeliverShard, whose batches span sites
	Key         string
	Result      ItemResult
	Op          syndication.Op `json:",omitempty"`
	DeliveryKey string         `json:",omitempty"`
	Error       string         `json:",omitempty"`
	RetryAfter  time.Duration  `json:",omitempty"`
}

// DeliverBatchResult holds an outcome for every key of the batch, in the batch's order.
type DeliverBatchResult struct {
	Items []ItemOutcome
}

// Concurrency inside the delivery activities of one worker process.
const (
	// batchSends is how many items of one batch are sent to the partner at once.
	batchSends = 8
	// contentReads bounds concurrent reads of items from the content store across every
	// batch of the process (each read is one query; FerretDB's SQLite backend scans, and
	// an unbounded burst exhausted the Mongo pool: docs/benchmarks.md).
	contentReads = 16
)

var contentSem = make(chan struct{}, contentReads)

// DeliverBatch brings the destination's copy of each item up to date, like Deliver, with
// what is common to the items read once: the destination, the school's rules and site, in
// one query what the destination holds of every item, and in one query the items
// themselves (the state the CMS's hook recorded, Store.FindItems; content stores with
// FindNewsByKeys for items recorded before there was such a record). Each item is sent under its own delivery
// key, several at a time (the workflow never puts
// one item in two running batches, so an item's operations stay in order). A failure of one
// item is its outcome, not the activity's error: the workflow retries that item alone. The
// activity fails only when it could not start (the database is unreachable).
func (a *Syndication) DeliverBatch(ctx context.Context, in DeliverBatchInput) (DeliverBatchResult, error) {
	out := DeliverBatchResult{Items: make([]ItemOutcome, len(in.NewsKeys))}
	for i, k := range in.NewsKeys {
		out.Items[i] = ItemOutcome{Key: k, Result: ItemNothing}
	}
	dest, err := a.Store.FindDestination(ctx, in.DestinationID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	sp, err := a.prepareSite(ctx, dest, in.SiteID, in.NewsKeys)
	if err != nil || sp == nil {
		return out, err
	}
	partner, perr := a.Partner(dest)
	attempt := activity.GetInfo(ctx).Attempt
	sem := make(chan struct{}, batchSends)
	var wg sync.WaitGroup
	for i, key := range in.NewsKeys {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out.Items[i] = a.deliverOne(ctx, sp.site, dest, sp.rule, sp.remotes[key], key, sp.news, partner, perr, attempt)
		})
	}
	wg.Wait()
	return out, nil
}

// sitePart is what the items of one site in a batch need, read once: the site, its rule for
// the destination, what the destination holds of each item and the items themselves.
type sitePart struct {
	site    *sitecore.Site
	rule    syndication.Rule
	remotes map[string]syndication.Remote
	news    map[string]*sitecore.News
}

// prepareSite reads what the site's items of a batch need (four queries whatever their
// number). When the site opted out of the destination (or the destination is disabled) it
// ends the items' pending deliveries as skipped and returns nil: nothing more leaves.
func (a *Syndication) prepareSite(ctx context.Context, dest *syndication.Destination, siteID int64, keys []string) (*sitePart, error) {
	rules, err := a.Store.Rules(ctx, siteID)
	if err != nil {
		return nil, err
	}
	rule, optedIn := syndication.RuleFor(rules, dest.ID)
	if !optedIn || !dest.Enabled {
		// Opted out: nothing more leaves for this destination.
		for _, k := range keys {
			if err := a.Store.EndPending(ctx, siteID, dest.ID, k, syndication.StateSkipped, "opted out"); err != nil {
				return nil, err
			}
		}
		return nil, nil
	}
	site, err := a.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, asTemporal(err)
	}
	remotes, err := a.Store.FindRemotes(ctx, siteID, dest.ID, keys)
	if err != nil {
		return nil, err
	}
	news, err := a.readBatch(ctx, siteID, keys)
	if err != nil {
		return nil, err
	}
	return &sitePart{site: site, rule: rule, remotes: remotes, news: news}, nil
}

// deliverOne is Deliver for one item of a batch, with the batch's reads.
func (a *Syndication) deliverOne(ctx context.Context, site *sitecore.Site, dest *syndication.Destination, rule syndication.Rule,
	remote syndication.Remote, key string, news map[string]*sitecore.News, partner syndication.Partner, perr error, attempt int32) ItemOutcome {
	o := ItemOutcome{Key: key, Result: ItemNothing}
	retry := func(err error) ItemOutcome {
		o.Result, o.Error = ItemRetry, err.Error()
		return o
	}
	n, read := news[key]
	var v *vacancy.Vacancy
	if !read {
		var err error
		if n, v, err = a.readNews(ctx, site.ID, key); err != nil {
			return retry(err)
		}
	}
	eligible := site.Status == sitecore.SiteActive && n != nil && rule.Matches(n.Tags)
	plan, due := syndication.Decide(site.ID, dest.ID, n, remote, eligible)
	if !due {
		if err := a.Store.EndPending(ctx, site.ID, dest.ID, key, syndication.StateSkipped, ""); err != nil {
			return retry(err)
		}
		return o
	}
	o.Op, o.DeliveryKey = plan.Op, plan.Key
	d, err := a.Store.BeginDelivery(ctx, &syndication.Delivery{Key: plan.Key, SiteID: site.ID, DestinationID: dest.ID,
		NewsKey: key, Op: plan.Op, Version: plan.Version})
	if err != nil {
		return retry(err)
	}
	if d.State == syndication.StateDelivered {
		o.Result = ItemDelivered
		return o
	}
	if perr != nil {
		return a.outcome(ctx, o, site.ID, plan.Key, syndication.Permanent(perr))
	}
	item := a.item(site, n, plan, remote)
	a.asVacancy(item, site, v)
	item.Retry = d.Attempts > 1 || attempt > 1
	remoteID, err := partner.Deliver(ctx, item)
	if err != nil {
		return a.outcome(ctx, o, site.ID, plan.Key, err)
	}
	err = a.Store.CompleteDelivery(ctx, site.ID, plan.Key, syndication.Remote{SiteID: site.ID, DestinationID: dest.ID,
		NewsKey: key, RemoteID: remoteID, Live: plan.Op != syndication.OpUnpublish, Generation: plan.Generation, Version: plan.Version})
	if err != nil {
		// Delivered but not recorded: the retry finds the delivery pending, looks the item
		// up at the partner (Retry) and records it then.
		return retry(err)
	}
	o.Result = ItemDelivered
	return o
}

// outcome records a failed send and classifies it for the workflow.
func (a *Syndication) outcome(ctx context.Context, o ItemOutcome, siteID int64, key string, err error) ItemOutcome {
	kind, after := syndication.Classify(err)
	state := syndication.StatePending
	o.Result, o.Error = ItemRetry, err.Error()
	switch kind {
	case syndication.FailPermanent:
		state, o.Result = syndication.StateDead, ItemDead
	case syndication.FailRateLimited:
		o.RetryAfter = max(after, time.Second)
	}
	if ferr := a.Store.FailDelivery(ctx, siteID, key, state, err.Error()); ferr != nil {
		o.Result, o.Error = ItemRetry, ferr.Error()
	}
	return o
}

// newsByKeys is a content store that reads several news items in one query
// (sitecore/mongo).
type newsByKeys interface {
	FindNewsByKeys(ctx context.Context, siteID int64, keys []string) ([]*sitecore.News, error)
}

// readBatch reads the batch's news items: the state recorded by the CMS's hook in one
// PostgreSQL query, and items without one in one query of the content store when it can (a
// deleted item is nil in the map); vacancies, and the rest when it cannot, are left out for
// readNews.
func (a *Syndication) readBatch(ctx context.Context, siteID int64, keys []string) (map[string]*sitecore.News, error) {
	var newsKeys []string
	for _, k := range keys {
		if _, isVacancy := vacancy.IDOfKey(k); !isVacancy {
			newsKeys = append(newsKeys, k)
		}
	}
	if len(newsKeys) == 0 {
		return nil, nil
	}
	// The state the CMS's hook recorded (one PostgreSQL query); items changed before it
	// recorded states are read from the content store below.
	recorded, err := a.Store.FindItems(ctx, siteID, newsKeys)
	if err != nil {
		return nil, err
	}
	if len(recorded) == len(newsKeys) {
		return recorded, nil
	}
	newsKeys = slices.DeleteFunc(newsKeys, func(k string) bool { return recorded[k] != nil })
	bk, ok := a.Content.(newsByKeys)
	if !ok {
		return recorded, nil // the rest is read one by one (readNews)
	}
	select {
	case contentSem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-contentSem }()
	items, err := bk.FindNewsByKeys(ctx, siteID, newsKeys)
	if err != nil {
		return nil, err
	}
	out := recorded
	for _, k := range newsKeys {
		out[k] = nil
	}
	for _, n := range items {
		if n.SiteID == siteID {
			out[n.Key] = n
		}
	}
	return out, nil
}

// readNews reads an item (nil when it was deleted), bounded with every other read of the
// process. A vacancy's key reads the vacancy, seen as a news item (syndication.VacancyAsNews),
// and returns it too.
func (a *Syndication) readNews(ctx context.Context, siteID int64, key string) (*sitecore.News, *vacancy.Vacancy, error) {
	if id, ok := vacancy.IDOfKey(key); ok {
		if a.Vacancies == nil {
			return nil, nil, nil
		}
		v, err := a.Vacancies.FindVacancy(ctx, siteID, id)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			return nil, nil, nil
		}
		if err != nil {
			return nil, nil, err
		}
		return syndication.VacancyAsNews(v), v, nil
	}
	select {
	case contentSem <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	defer func() { <-contentSem }()
	n, err := a.Content.FindNewsByKey(ctx, siteID, key)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, nil, nil
	}
	return n, nil, err
}

// BuryBatch turns the items' pending deliveries into dead letters once retries ran out.
func (a *Syndication) BuryBatch(ctx context.Context, in DeliverBatchInput, msg string) error {
	for _, k := range in.NewsKeys {
		if err := a.Store.EndPending(ctx, in.SiteID, in.DestinationID, k, syndication.StateDead, msg); err != nil {
			return err
		}
	}
	return nil
}

// asVacancy completes a vacancy's item: its kind, its facts and, in each language, the
// school's vacancies page as the canonical link (a vacancy has no page of its own).
func (a *Syndication) asVacancy(it *syndication.Item, site *sitecore.Site, v *vacancy.Vacancy) {
	if v == nil && !strings.HasPrefix(it.NewsKey, vacancy.KeyPrefix) {
		return
	}
	it.Kind = syndication.KindVacancy
	if v == nil || it.Op == syndication.OpUnpublish {
		return
	}
	it.Vacancy = syndication.VacancyInfoOf(v)
	base := ""
	if a.SiteURL != nil {
		base = a.SiteURL(site)
	}
	for l, t := range it.Texts {
		t.URL = base + "/" + string(l) + "/vacancies#vacancy-" + strconv.FormatInt(v.ID, 10)
		it.Texts[l] = t
	}
}
