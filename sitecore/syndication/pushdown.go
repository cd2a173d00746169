package syndication

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// ProtocolSchool is a school of the platform receiving a portal's own news (push-down): the
// destination's PortalSiteID is the receiving school, its Endpoint names the portal
// (PushDownEndpoint). Such destinations are made when a school opts in, never by operators,
// and are not offered to sites as ordinary destinations.
const ProtocolSchool Protocol = "school"

// PushDownEndpoint names the portal a push-down destination takes news from.
func PushDownEndpoint(portalSiteID int64) string {
	return "portal:" + strconv.FormatInt(portalSiteID, 10)
}

// PushDownStore keeps push-down destinations and rules.
type PushDownStore interface {
	// PushDownDestination returns the destination of the portal's news for the school,
	// creating it if d (prepared by the caller) is new; concurrent calls get the same one.
	PushDownDestination(ctx context.Context, d *Destination) (*Destination, error)
	// SetRule adds (on) or removes one rule of a site, with the audit entry, in one
	// transaction.
	SetRule(ctx context.Context, siteID, destID int64, on bool, a *sitecore.AuditEntry) error
	// PushDownPortals returns the portal sites whose news the school takes.
	PushDownPortals(ctx context.Context, schoolSiteID int64) ([]int64, error)
}

// PushDownInput is a school's choice about one portal's news.
type PushDownInput struct {
	PortalSiteID int64 `json:"portal_site_id"`
	Enabled      bool  `json:"enabled"`
}

// PushDown is a school's setting: the portals whose news it takes.
type PushDown struct {
	Portals []int64 `json:"portals"`
}

// SetPushDown makes the school take (or stop taking) the news a portal of its region or
// district publishes; it needs news:publish on the school, since the items appear on its
// site. The copies arrive published, each naming the portal as its source; the school hides
// one by unpublishing it, and it stays hidden whatever the portal changes. The change is
// audited on the school.
func (s *Service) SetPushDown(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, schoolID int64, in PushDownInput) (*PushDown, error) {
	if err := sitecore.Authorize(p, schoolID, sitecore.ActionPublish, newsSection()); err != nil {
		return nil, err
	}
	if s.Portals == nil || s.PushDowns == nil {
		return nil, sitecore.Errorf(sitecore.EUnavailable, "unavailable")
	}
	portal, err := s.Portals.FindPortal(ctx, in.PortalSiteID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound || in.PortalSiteID == schoolID {
		return nil, sitecore.Invalid("portal_site_id", "syndication.not_your_portal")
	}
	if err != nil {
		return nil, err
	}
	unit, err := s.Store.SiteOrgUnit(ctx, schoolID)
	if err != nil {
		return nil, err
	}
	tree, err := s.Org.OrgUnits(ctx)
	if err != nil {
		return nil, err
	}
	if unit == 0 || !(&Destination{Enabled: true, OrgUnitID: portal.OrgUnitID}).AppliesTo(Ancestry(tree, unit)) {
		return nil, sitecore.Invalid("portal_site_id", "syndication.not_your_portal")
	}
	d, err := s.PushDowns.PushDownDestination(ctx, &Destination{Scope: ScopeDistrict, Protocol: ProtocolSchool,
		Names: map[sitecore.Lang]string{sitecore.Kazakh: "school " + strconv.FormatInt(schoolID, 10)}, Endpoint: PushDownEndpoint(in.PortalSiteID),
		OrgUnitID: portal.OrgUnitID, PortalSiteID: schoolID, Enabled: true})
	if err != nil {
		return nil, err
	}
	action := "syndication.pushdown.off"
	if in.Enabled {
		action = "syndication.pushdown.on"
	}
	entry := auditEntry(a, schoolID, action, strconv.FormatInt(in.PortalSiteID, 10), nil)
	if err := s.PushDowns.SetRule(ctx, in.PortalSiteID, d.ID, in.Enabled, entry); err != nil {
		return nil, err
	}
	portals, err := s.PushDowns.PushDownPortals(ctx, schoolID)
	if err != nil {
		return nil, err
	}
	return &PushDown{Portals: portals}, nil
}

// PushedKey is the key of a portal item's copy on a school's site (news keys are at most
// 64 characters).
func PushedKey(portalSiteID int64, newsKey string) string {
	k := "p" + strconv.FormatInt(portalSiteID, 10) + "-" + newsKey
	if len(k) > 64 {
		k = k[:64]
	}
	return strings.TrimRight(k, "-")
}

// SchoolPartner is the adapter of a push-down destination: it keeps the copy of a portal's
// item on the school's site. A copy names the portal as its source (shown on the school's
// page) with no source key, so the CMS's own propagation of republished copies leaves it to
// this durable path; a copy the school unpublished (hid) stays hidden on updates.
type SchoolPartner struct {
	Content  sitecore.ContentStore
	Sites    sitecore.SiteStore
	SchoolID int64
	// Reindex updates the school's search index for the copy (may be nil).
	Reindex func(ctx context.Context, n *sitecore.News) error
	// Changed drops the school's cached pages (may be nil).
	Changed func(siteID int64)
}

// Deliver creates, updates or withdraws the copy.
func (p *SchoolPartner) Deliver(ctx context.Context, it *Item) (string, error) {
	key := PushedKey(it.SiteID, it.NewsKey)
	school, err := p.Sites.FindSiteByID(ctx, p.SchoolID)
	if err != nil {
		return "", Retryable(err)
	}
	old, err := p.Content.FindNewsByKey(ctx, school.ID, key)
	switch {
	case sitecore.ErrorCode(err) == sitecore.ENotFound:
		old = nil
	case err != nil:
		return "", Retryable(err)
	}
	var c *sitecore.News
	switch it.Op {
	case OpUnpublish:
		// Removed, not unpublished: an unpublished copy is one the school hid, and a later
		// publication at the portal must bring a withdrawn item back.
		if old == nil {
			return key, nil
		}
		if err := p.Content.DeleteNews(ctx, school.ID, key); err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound {
			return "", Retryable(err)
		}
		c = old
		c.Published = false // for the index: nothing of it stays searchable
		if p.Reindex != nil {
			if err := p.Reindex(ctx, c); err != nil {
				return "", Retryable(err)
			}
		}
		if p.Changed != nil {
			p.Changed(school.ID)
		}
		return key, nil
	case OpCreate, OpUpdate:
		if it.Kind != "" {
			return key, nil // vacancies stay on the platform-wide list
		}
		c = &sitecore.News{SiteID: school.ID, Key: key, Published: true, PublishedAt: it.PublishedAt, Tags: it.Tags,
			Text: map[sitecore.Lang]sitecore.NewsText{},
			Source: &sitecore.NewsSource{SiteID: it.SiteID, SiteName: map[sitecore.Lang]string{}, URL: map[sitecore.Lang]string{},
				Origin: it.ExternalID}}
		if old != nil {
			c.Published, c.PublishedAt = old.Published, old.PublishedAt // hidden stays hidden
		}
		for l, t := range it.Texts {
			if !school.HasLang(l) {
				continue
			}
			c.Text[l] = sitecore.NewsText{Title: t.Title, Slug: key, Summary: t.Summary, Body: t.Body}
			c.Source.URL[l] = t.URL
			c.Source.SiteName[l] = it.SchoolName[l]
		}
		if len(c.Text) == 0 {
			return key, nil // nothing in the school's languages
		}
	}
	c.UpdatedAt = time.Now().UTC()
	if err := p.Content.UpsertNews(ctx, c); err != nil {
		return "", Retryable(err)
	}
	if p.Reindex != nil {
		if err := p.Reindex(ctx, c); err != nil {
			return "", Retryable(err)
		}
	}
	if p.Changed != nil {
		p.Changed(school.ID)
	}
	return key, nil
}
