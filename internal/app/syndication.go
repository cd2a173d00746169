package app

import (
	"context"
	"crypto/tls"
	"errors"
	"net/http"
	"time"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/syndication/feed"
	"github.com/mektep/mektep/sitecore/syndication/portal"
	"github.com/mektep/mektep/sitecore/syndication/websub"
	"github.com/mektep/mektep/sitecore/vacancy"
	"github.com/mektep/mektep/workflows"
)

// partnerTimeout bounds one request to a syndication partner.
const partnerTimeout = 30 * time.Second

// openSyndication builds the syndication service and its workflow client.
func (a *App) openSyndication() {
	a.SyndicationWF = &workflows.SyndicationClient{Temporal: a.Temporal, TaskQueue: a.Config.TaskQueue, Shards: a.Config.SyndicationShards,
		OnStart: func(wf string) { a.Metrics.WorkflowsStarted.WithLabelValues(wf).Inc() }}
	a.Syndication = &syndication.Service{Store: a.DB.Syndication(), Org: a.DB, Dispatch: a.SyndicationWF,
		Credential: func(name string) bool { _, ok := a.Config.SyndicationKeys[name]; return ok }}
	a.Syndication.Portals, a.Syndication.PushDowns = a.DB.Syndication(), a.DB.Syndication()
	a.Portals = &syndication.Portals{Store: a.DB.Syndication(), Sites: a.DB, Org: a.DB}
	a.Syndication.PortalChanged = a.contentChanged
	a.Server.Syndication, a.Server.Portals = a.Syndication, a.Portals
	a.Vacancies = &vacancy.Service{Store: a.DB.Vacancies(), Sites: a.DB, Org: a.DB, Syndicator: a.Syndication, Changed: a.contentChanged}
	a.Server.Vacancies = a.Vacancies
	a.News.Syndicator = a.Syndication
	a.FeedClient = feed.NewClient(a.Config.SyndicationAllow, 60*time.Second)
	a.partnerHTTP = &http.Client{Timeout: partnerTimeout, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}, MaxIdleConnsPerHost: 16, IdleConnTimeout: time.Minute}}
}

// syndicationActivities are the activities of delivery and feed polling.
func (a *App) syndicationActivities() *activities.Syndication {
	return &activities.Syndication{Store: a.DB.Syndication(), Content: a.Content, Vacancies: a.DB.Vacancies(), Sites: a.DB, Partner: a.partner,
		SiteURL: a.siteURL, Feeds: a.FeedClient, Index: a.News, OnChange: a.contentChanged, Log: a.Log.With("component", "syndication")}
}

// syndicationRelay hands the change outbox to the outbound processes (run by the worker).
func (a *App) syndicationRelay() *workflows.SyndicationRelay {
	return &workflows.SyndicationRelay{Store: a.DB.Syndication(), Client: a.SyndicationWF, Log: a.Log.With("component", "syndication relay")}
}

// partner returns the adapter of a destination. Mutual TLS is configured on the shared
// partner client (deployment), API keys come from MEKTEP_SYNDICATION_KEYS by the
// destination's credential name.
func (a *App) partner(d *syndication.Destination) (syndication.Partner, error) {
	switch d.Protocol {
	case syndication.ProtocolPortal:
		return &portal.Client{BaseURL: d.Endpoint, APIKey: a.Config.SyndicationKeys[d.Credential], HTTP: a.partnerHTTP}, nil
	case syndication.ProtocolWebSub:
		return &websub.Pinger{Hub: d.Endpoint, HTTP: a.partnerHTTP}, nil
	case syndication.ProtocolSchool:
		return &syndication.SchoolPartner{Content: a.Content, Sites: a.DB, SchoolID: d.PortalSiteID, Reindex: a.News.Reindex,
			Changed: a.contentChanged}, nil
	case syndication.ProtocolPlatform:
		return &portalSite{Partner: a.DB.Syndication().PortalPartner(d), site: d.PortalSiteID, changed: a.contentChanged}, nil
	}
	return nil, errors.New("syndication: no adapter for protocol " + string(d.Protocol))
}

// portalSite is a platform portal's adapter that also drops the portal's cached pages.
type portalSite struct {
	syndication.Partner
	site    int64
	changed func(siteID int64)
}

func (p *portalSite) Deliver(ctx context.Context, it *syndication.Item) (string, error) {
	if it.Kind == syndication.KindVacancy {
		// A portal's visitors find vacancies on the platform-wide list filtered by its unit,
		// not among the schools' news.
		return "vacancies-list", nil
	}
	id, err := p.Partner.Deliver(ctx, it)
	if err == nil {
		p.changed(p.site)
	}
	return id, err
}
