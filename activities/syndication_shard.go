package activities

import (
	"context"
	"errors"
	"sync"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

// ItemRef is one item of one site: the unit of the outbound shards, whose batches span
// schools.
type ItemRef struct {
	SiteID int64
	Key    string
}

// DeliverShardInput names items of several sites at one destination.
type DeliverShardInput struct {
	DestinationID int64
	Items         []ItemRef
}

// DeliverShardResult holds only the items to try again (with SiteID set); every other item
// of the batch is done: delivered, nothing due, skipped (opted out) or a dead letter
// recorded. Keeping the result small keeps the shard's history small.
type DeliverShardResult struct {
	Retry []ItemOutcome `json:",omitempty"`
}

// Concurrency inside one DeliverShard activity.
const (
	// shardSends is how many items of one shard batch are sent to the partner at once.
	shardSends = 16
	// shardSiteReads is how many sites of one shard batch are read at once (four queries
	// each).
	shardSiteReads = 4
	// processSends bounds the items of every shard batch of the process being delivered at
	// once (a send and two statements each): with 64 shards the batches alone would allow
	// 2,000.
	processSends = 64
)

var sendSem = make(chan struct{}, processSends)

// DeliverShard is DeliverBatch for a batch that spans sites (SyndicationOutboundShard): the
// destination and its adapter are read once, each site's rule, site record, remote copies
// and items once per site (prepareSite), then every item is sent under its own delivery key,
// several at once. A failure of a site's reads is a retry of that site's items (a refusal,
// such as a deleted site, buries them); the activity fails only when it could not start.
func (a *Syndication) DeliverShard(ctx context.Context, in DeliverShardInput) (DeliverShardResult, error) {
	var out DeliverShardResult
	dest, err := a.Store.FindDestination(ctx, in.DestinationID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	// The batch's sites, in the order they first appear.
	var sites []int64
	keys := map[int64][]string{}
	for _, it := range in.Items {
		if _, ok := keys[it.SiteID]; !ok {
			sites = append(sites, it.SiteID)
		}
		keys[it.SiteID] = append(keys[it.SiteID], it.Key)
	}
	parts := make([]*sitePart, len(sites))
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sem = make(chan struct{}, shardSiteReads)
	)
	retry := func(o ItemOutcome) {
		mu.Lock()
		out.Retry = append(out.Retry, o)
		mu.Unlock()
	}
	for i, siteID := range sites {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			sp, err := a.prepareSite(ctx, dest, siteID, keys[siteID])
			if err == nil {
				parts[i] = sp
				return
			}
			var appErr *temporal.ApplicationError
			if errors.As(err, &appErr) && appErr.NonRetryable() {
				// The site will not come back (deleted): its deliveries are dead letters.
				for _, k := range keys[siteID] {
					if eerr := a.Store.EndPending(ctx, siteID, dest.ID, k, syndication.StateDead, err.Error()); eerr != nil {
						retry(ItemOutcome{SiteID: siteID, Key: k, Result: ItemRetry, Error: eerr.Error()})
					}
				}
				return
			}
			for _, k := range keys[siteID] {
				retry(ItemOutcome{SiteID: siteID, Key: k, Result: ItemRetry, Error: err.Error()})
			}
		})
	}
	wg.Wait()
	partner, perr := a.Partner(dest)
	attempt := activity.GetInfo(ctx).Attempt
	sem = make(chan struct{}, shardSends)
	for i, siteID := range sites {
		sp := parts[i]
		if sp == nil {
			continue
		}
		for _, key := range keys[siteID] {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				select {
				case sendSem <- struct{}{}:
				case <-ctx.Done():
					retry(ItemOutcome{SiteID: siteID, Key: key, Result: ItemRetry, Error: ctx.Err().Error()})
					return
				}
				defer func() { <-sendSem }()
				o := a.deliverOne(ctx, sp.site, dest, sp.rule, sp.remotes[key], key, sp.news, partner, perr, attempt)
				if o.Result == ItemRetry {
					o.SiteID = siteID
					retry(o)
				}
			})
		}
	}
	wg.Wait()
	return out, nil
}

// BuryShard turns the items' pending deliveries into dead letters once retries ran out.
func (a *Syndication) BuryShard(ctx context.Context, in DeliverShardInput, msg string) error {
	for _, it := range in.Items {
		if err := a.Store.EndPending(ctx, it.SiteID, in.DestinationID, it.Key, syndication.StateDead, msg); err != nil {
			return err
		}
	}
	return nil
}
