// Package websub is the adapter of pull partners: they fetch the school's Atom feed, and
// Mektep tells them (or their WebSub hub) that it changed with a publish ping.
package websub

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/syndication/portal"
)

// Pinger pings one hub.
type Pinger struct {
	// Hub is the URL the ping is POSTed to.
	Hub  string
	HTTP *http.Client
}

var _ syndication.Partner = (*Pinger)(nil)

// Deliver pings the hub with the item's feed (the topic). The partner reads the change from
// the feed, so every operation is the same ping; the remote ID is the item's external ID.
func (p *Pinger) Deliver(ctx context.Context, it *syndication.Item) (string, error) {
	if it.Topic == "" {
		return "", syndication.Permanent(fmt.Errorf("websub: no feed for site %d", it.SiteID))
	}
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {it.Topic}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.Hub, strings.NewReader(form.Encode()))
	if err != nil {
		return "", syndication.Permanent(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hc := p.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", syndication.Retryable(fmt.Errorf("websub: ping: %w", err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err := portal.Check(resp, body, time.Now()); err != nil {
		return "", err
	}
	return it.ExternalID, nil
}
