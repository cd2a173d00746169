package syndication

import (
	"net/url"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Scope is whose news a destination takes: every school of the country, the schools of a
// region or of a district, or whoever a partner agreement names.
type Scope string

// Scopes.
const (
	ScopeNational Scope = "national"
	ScopeRegional Scope = "regional"
	ScopeDistrict Scope = "district"
	ScopePartner  Scope = "partner"
)

// Protocol is how a destination is reached; each has its adapter.
type Protocol string

// Protocols.
const (
	// ProtocolPortal is the JSON-over-HTTPS contract of docs/syndication.md (portal/).
	ProtocolPortal Protocol = "portal"
	// ProtocolWebSub means the partner pulls the school's Atom feed and Mektep pings the
	// hub (or the partner) on every change (websub/).
	ProtocolWebSub Protocol = "websub"
	// ProtocolPlatform is a portal site of this platform: delivery writes the item into the
	// portal's aggregated news in PostgreSQL.
	ProtocolPlatform Protocol = "platform"
)

// Destination is a place news can be syndicated to. Operators configure destinations; a
// school chooses among those that apply to it (OrgUnitID is zero or one of its ancestors).
type Destination struct {
	ID       int64                    `json:"id"`
	Scope    Scope                    `json:"scope"`
	Protocol Protocol                 `json:"protocol"`
	Names    map[sitecore.Lang]string `json:"names"`
	// Endpoint is the partner's base URL (portal), or the hub to ping (websub).
	Endpoint string `json:"endpoint,omitempty"`
	// OrgUnitID limits the destination to the schools under a unit (0: every school).
	OrgUnitID int64 `json:"org_unit_id,omitempty"`
	// PortalSiteID is the portal site a platform destination feeds.
	PortalSiteID int64 `json:"portal_site_id,omitempty"`
	// Credential names the secret (API key or client certificate) in the configuration
	// (MEKTEP_SYNDICATION_KEYS name=key); only the name is stored and shown, the secret
	// itself never enters the database or an API answer.
	Credential string    `json:"credential,omitempty"`
	Enabled    bool      `json:"enabled"`
	CreatedAt  time.Time `json:"created_at"`
}

// Validate checks an operator's destination.
func (d *Destination) Validate() error {
	switch d.Scope {
	case ScopeNational, ScopeRegional, ScopeDistrict, ScopePartner:
	default:
		return sitecore.Invalid("scope", "syndication.scope")
	}
	switch d.Protocol {
	case ProtocolPortal, ProtocolWebSub:
		u, err := url.Parse(d.Endpoint)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return sitecore.Invalid("endpoint", "syndication.endpoint")
		}
	case ProtocolPlatform, ProtocolSchool:
		if d.PortalSiteID == 0 {
			return sitecore.Invalid("portal_site_id", "field.required")
		}
	default:
		return sitecore.Invalid("protocol", "syndication.protocol")
	}
	if (d.Scope == ScopeRegional || d.Scope == ScopeDistrict) && d.OrgUnitID == 0 {
		return sitecore.Invalid("org_unit_id", "field.required")
	}
	if len(d.Names) == 0 {
		return sitecore.Invalid("names", "field.required")
	}
	for l, n := range d.Names {
		if !l.Supported() || strings.TrimSpace(n) == "" {
			return sitecore.Invalid("names."+string(l), "lang.unsupported", "value", string(l))
		}
	}
	return nil
}

// AppliesTo reports whether a school placed at unit (with ancestors, from the school up)
// may send to the destination.
func (d *Destination) AppliesTo(units []int64) bool {
	if !d.Enabled {
		return false
	}
	if d.OrgUnitID == 0 {
		return true
	}
	for _, u := range units {
		if u == d.OrgUnitID {
			return true
		}
	}
	return false
}

// Ancestry returns unit and its ancestors, from the unit up, out of the whole tree.
func Ancestry(tree []sitecore.OrgUnit, unit int64) []int64 {
	parent := make(map[int64]int64, len(tree))
	for _, u := range tree {
		if u.ParentID != nil {
			parent[u.ID] = *u.ParentID
		}
	}
	var out []int64
	for u, n := unit, 0; u != 0 && n <= len(tree); u, n = parent[u], n+1 {
		out = append(out, u)
	}
	return out
}

// Descendants returns unit and every unit under it.
func Descendants(tree []sitecore.OrgUnit, unit int64) []int64 {
	children := map[int64][]int64{}
	for _, u := range tree {
		if u.ParentID != nil {
			children[*u.ParentID] = append(children[*u.ParentID], u.ID)
		}
	}
	out := []int64{unit}
	for i := 0; i < len(out) && i <= len(tree); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}
