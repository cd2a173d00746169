package sitecore

import (
	"slices"
	"time"
)

// Section is a part of a school's control panel that access can be delegated for.
type Section string

// Control panel sections.
const (
	SectionPages      Section = "pages"
	SectionNews       Section = "news"
	SectionMenu       Section = "menu"
	SectionGalleries  Section = "galleries"
	SectionMedia      Section = "media"
	SectionComments   Section = "comments"
	SectionFeedback   Section = "feedback"
	SectionEvents     Section = "events"
	SectionVacancies  Section = "vacancies"
	SectionAdmissions Section = "admissions"
	SectionSurveys    Section = "surveys"
	SectionTests      Section = "tests" // tests and olympiads
	SectionStatistics Section = "statistics"
	SectionSEO        Section = "seo" // SEO and third-party integrations
	SectionTemplates  Section = "templates"
	SectionUsers      Section = "users"
)

// Sections lists every section, in the control panel's order.
var Sections = []Section{SectionPages, SectionNews, SectionMenu, SectionGalleries, SectionMedia,
	SectionComments, SectionFeedback, SectionEvents, SectionVacancies, SectionAdmissions,
	SectionSurveys, SectionTests, SectionStatistics, SectionSEO, SectionTemplates, SectionUsers}

// Action is what a user does in a section. Actions are ordered: publish includes edit,
// and edit includes view.
type Action string

// Actions.
const (
	ActionView    Action = "view"
	ActionEdit    Action = "edit"
	ActionPublish Action = "publish"
)

// Actions lists every action from the weakest.
var Actions = []Action{ActionView, ActionEdit, ActionPublish}

func (a Action) rank() int { return slices.Index(Actions, a) }

// Includes reports whether holding a also allows b.
func (a Action) Includes(b Action) bool { return a.rank() >= b.rank() && b.rank() >= 0 }

// Delegation gives a registered user an action in a section of one site — optionally only
// for a page and its subpages (PageKey, pages section only).
type Delegation struct {
	ID        int64     `json:"id"`
	SiteID    int64     `json:"site_id"`
	UserID    int64     `json:"user_id"`
	Section   Section   `json:"section"`
	Action    Action    `json:"action"`
	PageKey   string    `json:"page_key,omitempty"`
	GrantedBy int64     `json:"granted_by"`
	CreatedAt time.Time `json:"created_at"`
}

// valid reports whether the delegation can ever apply: page limits exist only in the pages
// section (the service refuses others; this guards against stray data).
func (d Delegation) valid() bool { return d.PageKey == "" || d.Section == SectionPages }

// Resource is what an action is about: a section of a site and, for pages, the page with
// the keys of its ancestors (PagePath runs from the root to the page itself).
type Resource struct {
	Section  Section
	PagePath []string
}

// Principal is who makes a request, with everything needed to decide on it: roles per site
// and delegations. It is loaded once per request.
type Principal struct {
	UserID       int64
	Name         string
	Email        string
	PlatformRole PlatformRole
	Verified     bool
	Lang         Lang // the user's language, for what the platform writes to them
	// Roles per site ID.
	Roles map[int64][]SiteRole
	// Delegations per site ID.
	Delegations map[int64][]Delegation
	// TokenSite, if not zero, limits the principal to one site (a personal API token).
	TokenSite int64
}

// Anonymous is the principal of a visitor who is not logged in.
var Anonymous = &Principal{}

// LoggedIn reports whether the principal is a user or the operator token.
func (p *Principal) LoggedIn() bool { return p != nil && (p.UserID != 0 || p.PlatformRole != "") }

// Operator reports whether the principal runs the platform (and is not limited by a token).
func (p *Principal) Operator() bool {
	return p != nil && p.PlatformRole == PlatformOperator && p.TokenSite == 0
}

// HasRole reports whether the principal has one of the roles in the site.
func (p *Principal) HasRole(siteID int64, roles ...SiteRole) bool {
	if p == nil || (p.TokenSite != 0 && p.TokenSite != siteID) {
		return false
	}
	for _, r := range p.Roles[siteID] {
		if slices.Contains(roles, r) {
			return true
		}
	}
	return false
}

// Reaches reports whether the principal may act at the site at all: always, unless it is a
// personal API token limited to another site. Family and requester actions (applications,
// tickets), which need no role in the site, check it.
func (p *Principal) Reaches(siteID int64) bool {
	return p != nil && (p.TokenSite == 0 || p.TokenSite == siteID)
}

// Knows reports whether the site exists for the principal at all: operators see every
// site, members and delegates see theirs. To everyone else a site's panel is "not found".
func (p *Principal) Knows(siteID int64) bool {
	if p == nil {
		return false
	}
	if p.TokenSite != 0 && p.TokenSite != siteID {
		return false
	}
	return p.Operator() || len(p.Roles[siteID]) > 0 || len(p.Delegations[siteID]) > 0
}

// Authorize is the one answer to "may principal p do action a on resource r of site
// siteID". It returns nil, ENotFound when the site is not the principal's to know about
// (so a site's existence does not leak), or EForbidden.
//
// Operators may do everything. Owners may do everything in their site; admins everything
// but templates (editing templates needs certification, which comes later). Everyone else
// needs a delegation for the section with an action that includes a, and — for a delegation
// limited to a page — a resource whose page path contains that page.
func Authorize(p *Principal, siteID int64, a Action, r Resource) error {
	switch {
	case p.Operator():
		return nil
	case !p.Knows(siteID):
		return NotFound("site")
	case p.HasRole(siteID, RoleOwner):
		return nil
	case p.HasRole(siteID, RoleAdmin) && r.Section != SectionTemplates:
		return nil
	}
	for _, d := range p.Delegations[siteID] {
		if d.Section != r.Section || !d.Action.Includes(a) || !d.valid() {
			continue
		}
		if d.PageKey == "" || slices.Contains(r.PagePath, d.PageKey) {
			return nil
		}
	}
	return Errorf(EForbidden, "forbidden")
}

// MayEnterSection reports whether the principal may do a somewhere in the section (for
// listings: the panel shows a section when this is true, and filters items with Authorize).
func MayEnterSection(p *Principal, siteID int64, s Section, a Action) bool {
	if p == nil {
		return false
	}
	if Authorize(p, siteID, a, Resource{Section: s}) == nil {
		return true
	}
	for _, d := range p.Delegations[siteID] {
		if d.Section == s && d.Action.Includes(a) && d.valid() && (p.TokenSite == 0 || p.TokenSite == siteID) {
			return true
		}
	}
	return false
}

// Permissions returns, for the panel, what the principal may do in each section of the site:
// the strongest action on the whole section, and stronger actions limited to page subtrees.
// Sections the principal cannot enter are absent.
func Permissions(p *Principal, siteID int64) map[Section]SectionPermission {
	out := map[Section]SectionPermission{}
	for _, s := range Sections {
		for _, a := range slices.Backward(Actions) {
			if Authorize(p, siteID, a, Resource{Section: s}) == nil {
				out[s] = SectionPermission{Action: a}
				break
			}
		}
	}
	if !p.Knows(siteID) {
		return out
	}
	for _, d := range p.Delegations[siteID] {
		sp := out[d.Section]
		if d.PageKey == "" || !d.valid() || sp.Action.Includes(d.Action) {
			continue // the whole-section action already covers it
		}
		if sp.Pages == nil {
			sp.Pages = map[string]Action{}
		}
		if !sp.Pages[d.PageKey].Includes(d.Action) {
			sp.Pages[d.PageKey] = d.Action
		}
		out[d.Section] = sp
	}
	return out
}

// SectionPermission is the strongest action on a whole section, and page keys whose
// subtrees allow a stronger one.
type SectionPermission struct {
	Action Action            `json:"action,omitempty"`
	Pages  map[string]Action `json:"pages,omitempty"`
}

// ParseSection validates a section name.
func ParseSection(field, s string) (Section, error) {
	if !slices.Contains(Sections, Section(s)) {
		return "", Invalid(field, "section.unknown", "value", s)
	}
	return Section(s), nil
}

// ParseAction validates an action name.
func ParseAction(field, s string) (Action, error) {
	if !slices.Contains(Actions, Action(s)) {
		return "", Invalid(field, "action.unknown", "value", s)
	}
	return Action(s), nil
}
