package accounts

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// MeSite is one site of the user with roles and effective permissions.
type MeSite struct {
	SiteID      int64                                           `json:"site_id"`
	Slug        string                                          `json:"slug"`
	Name        string                                          `json:"name"`
	Roles       []sitecore.SiteRole                             `json:"roles"`
	Permissions map[sitecore.Section]sitecore.SectionPermission `json:"permissions"`
}

// MeView is what GET /api/v1/me shows: the user, their sites, roles and permissions.
type MeView struct {
	User     *sitecore.User        `json:"user"`
	Sites    []MeSite              `json:"sites"`
	Children []sitecore.ParentLink `json:"parent_links"`
	// TokenSite is set when the request used a personal API token limited to a site.
	TokenSite int64 `json:"token_site,omitempty"`
}

// Me returns the caller's account with every site they act in.
func (s *Service) Me(ctx context.Context, p *sitecore.Principal) (*MeView, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	u, err := s.Store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	links, err := s.Store.ParentLinks(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	v := &MeView{User: u, Children: links, Sites: []MeSite{}, TokenSite: p.TokenSite}
	ids := make([]int64, 0, len(p.Roles)+len(p.Delegations))
	for id := range p.Roles {
		ids = append(ids, id)
	}
	for id := range p.Delegations {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if !p.Knows(id) {
			continue
		}
		site, err := s.Sites.FindSiteByID(ctx, id)
		if err != nil {
			return nil, err
		}
		v.Sites = append(v.Sites, MeSite{SiteID: id, Slug: site.Slug, Name: site.Name(u.Lang),
			Roles: p.Roles[id], Permissions: sitecore.Permissions(p, id)})
	}
	return v, nil
}

// ProfileUpdate changes the caller's profile; nil fields stay as they are.
type ProfileUpdate struct {
	FullName   *string `json:"full_name"`
	Lang       *string `json:"lang"`
	AvatarURL  *string `json:"avatar_url"`
	Bio        *string `json:"bio"`
	Visibility *string `json:"visibility"`
	Phone      *string `json:"phone"`
}

// UpdateProfile validates every field first and then stores the profile.
func (s *Service) UpdateProfile(ctx context.Context, p *sitecore.Principal, in ProfileUpdate) (*sitecore.User, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	u, err := s.Store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	if in.FullName != nil {
		if u.FullName, err = parseName("full_name", *in.FullName); err != nil {
			return nil, err
		}
	}
	if in.Lang != nil {
		if u.Lang, err = parseUserLang("lang", *in.Lang); err != nil {
			return nil, err
		}
	}
	if in.AvatarURL != nil {
		a := strings.TrimSpace(*in.AvatarURL)
		if a != "" {
			pu, err := url.Parse(a)
			if err != nil || pu.Scheme != "https" || pu.Host == "" || len(a) > maxURLLen {
				return nil, sitecore.Invalid("avatar_url", "url.invalid", "value", a)
			}
		}
		u.AvatarURL = a
	}
	if in.Bio != nil {
		b := strings.TrimSpace(*in.Bio)
		if utf8.RuneCountInString(b) > maxBioLen {
			return nil, sitecore.Invalid("bio", "field.too_long", "max", strconv.Itoa(maxBioLen))
		}
		u.Bio = b
	}
	if in.Visibility != nil {
		v := sitecore.Visibility(*in.Visibility)
		if !slices.Contains([]sitecore.Visibility{sitecore.VisibilityPublic, sitecore.VisibilityMembers, sitecore.VisibilityHidden}, v) {
			return nil, sitecore.Invalid("visibility", "visibility.unknown", "value", *in.Visibility)
		}
		u.Visibility = v
	}
	if in.Phone != nil {
		if u.Phone, err = ParsePhone("phone", *in.Phone); err != nil {
			return nil, err
		}
	}
	if err := s.Store.UpdateProfile(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// PublicProfile is what others see of a user on the platform network.
type PublicProfile struct {
	ID        int64           `json:"id"`
	FullName  string          `json:"full_name"`
	AvatarURL string          `json:"avatar_url,omitempty"`
	Bio       string          `json:"bio,omitempty"`
	Schools   []ProfileSchool `json:"schools"`
}

// ProfileSchool is a school a profile belongs to, with the person's roles there.
type ProfileSchool struct {
	SiteID int64               `json:"site_id"`
	Name   string              `json:"name"`
	Roles  []sitecore.SiteRole `json:"roles"`
}

// Profile returns a user's profile as the viewer may see it, or "not found":
//   - the user and operators see everything;
//   - a child's account (a student anywhere, or the child of a confirmed parent link) is
//     seen only by its confirmed parents and the owners, admins and teachers of its
//     schools, whatever its visibility says: children's data never goes to strangers;
//   - otherwise public profiles are seen by everyone, members-only ones by the people of
//     the user's schools (their members, staff and delegates), hidden ones by nobody.
//
// Schools are listed only where the viewer knows the school (and all of a child's to its
// parents); a public profile adds the user's staff roles, never a parent or student role,
// which would tell a stranger where a child goes to school.
func (s *Service) Profile(ctx context.Context, viewer *sitecore.Principal, userID int64, lang sitecore.Lang) (*PublicProfile, error) {
	u, err := s.Store.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	ms, err := s.Store.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	links, err := s.Store.ParentLinks(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	rel := relationOf(viewer, u, ms, links)
	if !rel.mayView {
		return nil, sitecore.NotFound("user")
	}
	pp := &PublicProfile{ID: u.ID, FullName: u.FullName, AvatarURL: u.AvatarURL, Bio: u.Bio, Schools: []ProfileSchool{}}
	for _, m := range ms {
		if !rel.showsRole(viewer, u, m) {
			continue
		}
		i := slices.IndexFunc(pp.Schools, func(ps ProfileSchool) bool { return ps.SiteID == m.SiteID })
		if i < 0 {
			site, err := s.Sites.FindSiteByID(ctx, m.SiteID)
			if err != nil {
				continue
			}
			pp.Schools = append(pp.Schools, ProfileSchool{SiteID: m.SiteID, Name: site.Name(lang)})
			i = len(pp.Schools) - 1
		}
		pp.Schools[i].Roles = append(pp.Schools[i].Roles, m.Role)
	}
	return pp, nil
}

// profileRelation is what a viewer is to a profile's user.
type profileRelation struct {
	mayView  bool
	all      bool // the user themself or an operator: everything
	parentOf bool // a confirmed parent of the user
}

// relationOf decides who the viewer is to u (see Profile).
func relationOf(viewer *sitecore.Principal, u *sitecore.User, ms []sitecore.Membership, links []sitecore.ParentLink) profileRelation {
	if viewer.Operator() || viewer.UserID != 0 && viewer.UserID == u.ID {
		return profileRelation{mayView: true, all: true}
	}
	child := slices.ContainsFunc(ms, func(m sitecore.Membership) bool { return m.Role == sitecore.RoleStudent })
	var rel profileRelation
	for _, l := range links {
		if l.ChildID == u.ID && l.ConfirmedAt != nil {
			child = true
			rel.parentOf = rel.parentOf || viewer.UserID != 0 && l.ParentID == viewer.UserID
		}
	}
	switch {
	case rel.parentOf:
		rel.mayView = true
	case child:
		rel.mayView = slices.ContainsFunc(ms, func(m sitecore.Membership) bool {
			return m.Role == sitecore.RoleStudent && viewer.HasRole(m.SiteID, sitecore.RoleOwner, sitecore.RoleAdmin, sitecore.RoleTeacher)
		})
	case u.Visibility == sitecore.VisibilityPublic:
		rel.mayView = true
	case u.Visibility == sitecore.VisibilityMembers:
		rel.mayView = slices.ContainsFunc(ms, func(m sitecore.Membership) bool { return viewer.Knows(m.SiteID) })
	}
	return rel
}

// showsRole reports whether the profile lists the membership to the viewer.
func (rel profileRelation) showsRole(viewer *sitecore.Principal, u *sitecore.User, m sitecore.Membership) bool {
	switch {
	case rel.all || rel.parentOf || viewer.Knows(m.SiteID):
		return true
	case m.Role == sitecore.RoleStudent || m.Role == sitecore.RoleParent:
		return false
	}
	return u.Visibility == sitecore.VisibilityPublic
}

// SetPlatformRole gives or takes a platform role; only operators may.
func (s *Service) SetPlatformRole(ctx context.Context, p *sitecore.Principal, userID int64, role string) error {
	if err := requireOperator(p); err != nil {
		return err
	}
	r := sitecore.PlatformRole(role)
	if !slices.Contains([]sitecore.PlatformRole{"", sitecore.PlatformOperator, sitecore.PlatformSupport, sitecore.PlatformSupportLead}, r) {
		return sitecore.Invalid("role", "role.unknown", "value", role)
	}
	if _, err := s.Store.FindUserByID(ctx, userID); err != nil {
		return err
	}
	return s.Store.SetPlatformRole(ctx, userID, r)
}

// RequestChildLink asks to link the caller (a parent) to a child's account; the child gets
// an email and confirms, or the school confirms.
func (s *Service) RequestChildLink(ctx context.Context, p *sitecore.Principal, childEmail string) (*sitecore.ParentLink, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	email, err := ParseEmail("child_email", childEmail)
	if err != nil {
		return nil, err
	}
	child, err := s.Store.FindUserByEmail(ctx, email)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, sitecore.Invalid("child_email", "child.not_registered", "value", email)
	}
	if err != nil {
		return nil, err
	}
	if child.ID == p.UserID {
		return nil, sitecore.Invalid("child_email", "child.self")
	}
	l := &sitecore.ParentLink{ParentID: p.UserID, ChildID: child.ID}
	if err := s.Store.CreateParentLink(ctx, l); err != nil {
		return nil, err
	}
	if l.ConfirmedAt == nil {
		key := "parent-link/" + strconv.FormatInt(l.ID, 10)
		if err := s.Mail.Enqueue(ctx, sitecore.ParentLinkRequestEmail(key, child.Lang, child.Email, child.FullName, p.Name,
			strings.TrimRight(s.PublicURL, "/")+"/account/parent-links/"+strconv.FormatInt(l.ID, 10))); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// ConfirmLinkAsChild confirms a link by the child it names; for anyone else it is not found.
func (s *Service) ConfirmLinkAsChild(ctx context.Context, p *sitecore.Principal, linkID int64) (*sitecore.ParentLink, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	l, err := s.Store.FindParentLink(ctx, linkID)
	if err != nil {
		return nil, err
	}
	if l.ChildID != p.UserID {
		return nil, sitecore.NotFound("parent_link")
	}
	if err := s.Store.ConfirmParentLink(ctx, linkID, "child", nil); err != nil {
		return nil, err
	}
	return s.Store.FindParentLink(ctx, linkID)
}
