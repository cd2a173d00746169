package syndication

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Portal is a regional or district portal: a site of the platform bound to an org unit,
// whose destination (protocol platform) schools under the unit opt into.
type Portal struct {
	SiteID        int64     `json:"site_id"`
	OrgUnitID     int64     `json:"org_unit_id"`
	DestinationID int64     `json:"destination_id"`
	CreatedAt     time.Time `json:"created_at"`
}

// PortalItem is one school's news item on a portal's aggregated page, with attribution and
// the canonical link to the school's page.
type PortalItem struct {
	SchoolSiteID int64         `json:"school_site_id"`
	SchoolName   string        `json:"school_name"`
	SchoolURL    string        `json:"school_url"`
	NewsKey      string        `json:"news_key"`
	Lang         sitecore.Lang `json:"lang"`
	Title        string        `json:"title"`
	Summary      string        `json:"summary"`
	URL          string        `json:"url"`
	ImageURL     string        `json:"image_url,omitempty"`
	PublishedAt  time.Time     `json:"published_at"`
}

// PortalPage is a page of a portal's aggregated news.
type PortalPage struct {
	Items []PortalItem `json:"items"`
	Total int64        `json:"total"`
	Page  int          `json:"page"`
	Size  int          `json:"size"`
}

// PortalStore keeps portals and their aggregated news.
type PortalStore interface {
	// CreatePortal binds the site to the unit and creates its destination, in one
	// transaction; a site that is a portal already is EConflict.
	CreatePortal(ctx context.Context, p *Portal, d *Destination) error
	// FindPortal returns the portal of a site or ENotFound.
	FindPortal(ctx context.Context, siteID int64) (*Portal, error)
	// PortalNews returns a page of the portal's news in lang, newest first: only items of
	// active schools whose rule for the portal's destination still exists.
	PortalNews(ctx context.Context, portalSiteID int64, lang sitecore.Lang, offset, limit int) ([]PortalItem, int64, error)
}

// Portals implements the portal use cases.
type Portals struct {
	Store PortalStore
	Sites sitecore.SiteStore
	Org   OrgTree
}

// Register makes a site the portal of an org unit (a region or a district); only operators
// may.
func (s *Portals) Register(ctx context.Context, p *sitecore.Principal, siteID, unitID int64) (*Portal, error) {
	if !p.Operator() {
		return nil, sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	tree, err := s.Org.OrgUnits(ctx)
	if err != nil {
		return nil, err
	}
	scope := Scope("")
	for _, u := range tree {
		if u.ID == unitID {
			scope = ScopeDistrict
			if u.Kind == "region" {
				scope = ScopeRegional
			}
		}
	}
	if scope == "" {
		return nil, sitecore.Invalid("org_unit_id", "org_unit.unknown")
	}
	d := &Destination{Scope: scope, Protocol: ProtocolPlatform, Names: site.Names, OrgUnitID: unitID, PortalSiteID: siteID, Enabled: true}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	portal := &Portal{SiteID: siteID, OrgUnitID: unitID}
	if err := s.Store.CreatePortal(ctx, portal, d); err != nil {
		return nil, err
	}
	return portal, nil
}

// Maximum page size of the aggregated news.
const maxPortalPage = 50

// News returns a page (from 1) of the portal's aggregated news in lang; it is public, as
// it shows only what the schools publish anyway.
func (s *Portals) News(ctx context.Context, siteID int64, lang sitecore.Lang, page, size int) (*PortalPage, error) {
	if _, err := s.Store.FindPortal(ctx, siteID); err != nil {
		return nil, err
	}
	if size <= 0 || size > maxPortalPage {
		size = 20
	}
	page = max(page, 1)
	items, total, err := s.Store.PortalNews(ctx, siteID, lang, (page-1)*size, size)
	if err != nil {
		return nil, err
	}
	return &PortalPage{Items: items, Total: total, Page: page, Size: size}, nil
}
