package accounts

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// usersSection is the resource of member, admin and delegation management.
var usersSection = sitecore.Resource{Section: sitecore.SectionUsers}

// Members lists the site's members and their roles.
func (s *Service) Members(ctx context.Context, p *sitecore.Principal, siteID int64) ([]sitecore.Membership, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, usersSection); err != nil {
		return nil, err
	}
	return s.Store.SiteMembers(ctx, siteID)
}

// NewMember is a request to give someone a role in a school.
type NewMember struct {
	Email    string `json:"email"`
	FullName string `json:"full_name"`
	Role     string `json:"role"`
	Lang     string `json:"lang"`
}

// AddMember gives a registered user, or a new account created for the address, a member
// role (teacher, student, parent, member). New accounts get an invitation with a link to
// set their password.
func (s *Service) AddMember(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in NewMember) (*sitecore.Membership, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, usersSection); err != nil {
		return nil, err
	}
	role := sitecore.SiteRole(in.Role)
	if !slices.Contains(sitecore.MemberRoles, role) {
		return nil, sitecore.Invalid("role", "role.unknown", "value", in.Role)
	}
	return s.addRole(ctx, a, siteID, in, role, "member.add")
}

// AddAdmin makes a person an admin of the school at the management's request; only the
// owner (or an operator) may. A new account gets a link to set its own password.
func (s *Service) AddAdmin(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in NewMember) (*sitecore.Membership, error) {
	if err := s.requireOwner(p, siteID); err != nil {
		return nil, err
	}
	return s.addRole(ctx, a, siteID, in, sitecore.RoleAdmin, "admin.add")
}

func (s *Service) requireOwner(p *sitecore.Principal, siteID int64) error {
	if p.Operator() || p.HasRole(siteID, sitecore.RoleOwner) {
		return nil
	}
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, usersSection); sitecore.ErrorCode(err) == sitecore.ENotFound {
		return err
	}
	return sitecore.Errorf(sitecore.EForbidden, "forbidden")
}

func (s *Service) addRole(ctx context.Context, a sitecore.Actor, siteID int64, in NewMember, role sitecore.SiteRole, action string) (*sitecore.Membership, error) {
	email, err := ParseEmail("email", in.Email)
	if err != nil {
		return nil, err
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	u, err := s.Store.FindUserByEmail(ctx, email)
	var setPassword string
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		name, err := parseName("full_name", in.FullName)
		if err != nil {
			return nil, err
		}
		lang, err := parseUserLang("lang", in.Lang)
		if err != nil {
			return nil, err
		}
		u = &sitecore.User{Email: email, FullName: name, Lang: lang, Visibility: sitecore.VisibilityMembers}
		if err := s.Store.CreateUser(ctx, u); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	// A new account, one invited earlier that never set a password, or one whose address
	// nobody has proven gets a link to set a password (see InvitationLink); the role counts
	// once the address is verified.
	if setPassword, err = InvitationLink(ctx, s.Store, s.PublicURL, u, s.now()); err != nil {
		return nil, err
	}
	m := sitecore.Membership{SiteID: siteID, UserID: u.ID, Role: role, AddedBy: a.UserID, CreatedAt: s.now().UTC()}
	entry := audit(a, siteID, action, u.Email, map[string]any{"role": role})
	if err := s.Store.AddMember(ctx, m, entry); err != nil {
		return nil, err
	}
	m.Email, m.FullName = u.Email, u.FullName
	if entry.ID == 0 && setPassword == "" { // the role was there already: nothing changed, nothing to tell
		return &m, nil
	}
	siteURL := "https://" + site.Domains[0]
	// The audit entry's ID makes the key unique per grant, so a role given again after
	// removal is announced again, while retries of one request are not.
	key := "site-role/" + strconv.FormatInt(siteID, 10) + "/" + strconv.FormatInt(u.ID, 10) + "/" + string(role) +
		"/" + strconv.FormatInt(entry.ID, 10)
	var e *sitecore.Email
	if role == sitecore.RoleAdmin {
		e = sitecore.AdminAddedEmail(key, u.Lang, u.Email, u.FullName, site.Name(u.Lang), siteURL, setPassword)
	} else {
		link := setPassword
		if link == "" {
			link = siteURL
		}
		e = sitecore.SiteInvitationEmail(key, u.Lang, u.Email, a.Name, site.Name(u.Lang), string(role), link)
	}
	if err := s.Mail.Enqueue(ctx, e); err != nil {
		return nil, err
	}
	return &m, nil
}

// RemoveMember takes every member role (not owner, not admin) from a user.
func (s *Service) RemoveMember(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, userID int64) error {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, usersSection); err != nil {
		return err
	}
	return s.Store.RemoveMember(ctx, siteID, userID, sitecore.MemberRoles,
		audit(a, siteID, "member.remove", "user:"+strconv.FormatInt(userID, 10), nil))
}

// RemoveAdmin takes the admin role away; only the owner (or an operator) may.
func (s *Service) RemoveAdmin(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, userID int64) error {
	if err := s.requireOwner(p, siteID); err != nil {
		return err
	}
	return s.Store.RemoveMember(ctx, siteID, userID, []sitecore.SiteRole{sitecore.RoleAdmin},
		audit(a, siteID, "admin.remove", "user:"+strconv.FormatInt(userID, 10), nil))
}

// Delegations lists the site's active delegations.
func (s *Service) Delegations(ctx context.Context, p *sitecore.Principal, siteID int64) ([]sitecore.Delegation, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, usersSection); err != nil {
		return nil, err
	}
	return s.Store.Delegations(ctx, siteID, 0)
}

// NewDelegation is a request to delegate an action in a section, optionally for a page
// subtree.
type NewDelegation struct {
	UserID  int64  `json:"user_id"`
	Section string `json:"section"`
	Action  string `json:"action"`
	PageKey string `json:"page_key"`
}

var pageKeyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// PagePather resolves a page key to the keys from the root to that page, for subtree
// checks. The CMS content store provides it.
type PagePather interface {
	PagePath(ctx context.Context, siteID int64, key string) ([]string, error)
}

// Grant delegates access. The granter needs users:edit and must hold the right being
// given, so nobody hands out more than they have.
func (s *Service) Grant(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, pages PagePather, siteID int64, in NewDelegation) (*sitecore.Delegation, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, usersSection); err != nil {
		return nil, err
	}
	sec, err := sitecore.ParseSection("section", in.Section)
	if err != nil {
		return nil, err
	}
	act, err := sitecore.ParseAction("action", in.Action)
	if err != nil {
		return nil, err
	}
	res := sitecore.Resource{Section: sec}
	if in.PageKey != "" {
		if sec != sitecore.SectionPages {
			return nil, sitecore.Invalid("page_key", "delegation.page_only_pages")
		}
		if !pageKeyRE.MatchString(in.PageKey) {
			return nil, sitecore.Invalid("page_key", "page.key_invalid")
		}
		path, err := pages.PagePath(ctx, siteID, in.PageKey)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			return nil, sitecore.Invalid("page_key", "not_found.page")
		}
		if err != nil {
			return nil, err
		}
		res.PagePath = path
	}
	if err := sitecore.Authorize(p, siteID, act, res); err != nil {
		return nil, sitecore.Errorf(sitecore.EForbidden, "delegation.escalation")
	}
	if in.UserID <= 0 {
		return nil, sitecore.Invalid("user_id", "field.required")
	}
	if _, err := s.Store.FindUserByID(ctx, in.UserID); sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, sitecore.Invalid("user_id", "not_found.user")
	} else if err != nil {
		return nil, err
	}
	d := &sitecore.Delegation{SiteID: siteID, UserID: in.UserID, Section: sec, Action: act, PageKey: in.PageKey, GrantedBy: a.UserID}
	target := "user:" + strconv.FormatInt(in.UserID, 10)
	if err := s.Store.Grant(ctx, d, audit(a, siteID, "delegation.grant", target,
		map[string]any{"section": sec, "action": act, "page_key": in.PageKey})); err != nil {
		return nil, err
	}
	return d, nil
}

// Revoke ends a delegation; it takes effect on the grantee's next request.
func (s *Service) Revoke(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, delegationID int64) error {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, usersSection); err != nil {
		return err
	}
	return s.Store.Revoke(ctx, siteID, delegationID,
		audit(a, siteID, "delegation.revoke", "delegation:"+strconv.FormatInt(delegationID, 10), nil))
}

// ConfirmLinkAsSite confirms a parent link on behalf of the school: the child must be a
// student of the site, and the confirmer needs users:edit.
func (s *Service) ConfirmLinkAsSite(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, linkID int64) (*sitecore.ParentLink, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, usersSection); err != nil {
		return nil, err
	}
	if err := s.siteStudentLink(ctx, siteID, linkID); err != nil {
		return nil, err // not this school's child
	}
	by := "site:" + strconv.FormatInt(siteID, 10)
	if err := s.Store.ConfirmParentLink(ctx, linkID, by, audit(a, siteID, "parent_link.confirm",
		"parent_link:"+strconv.FormatInt(linkID, 10), nil)); err != nil {
		return nil, err
	}
	return s.Store.FindParentLink(ctx, linkID)
}

// AuditLog returns the site's audit log to its owner and operators.
func (s *Service) AuditLog(ctx context.Context, p *sitecore.Principal, siteID, before int64, limit int) ([]sitecore.AuditEntry, error) {
	if err := s.requireOwner(p, siteID); err != nil {
		return nil, err
	}
	return s.Store.AuditLog(ctx, siteID, before, limit)
}

// CreateAPIToken makes a personal token for integrations, limited to one site the user
// acts in. The secret is returned once.
func (s *Service) CreateAPIToken(ctx context.Context, p *sitecore.Principal, siteID int64, name string) (string, *sitecore.APIToken, error) {
	if err := requirePerson(p); err != nil { // tokens do not mint tokens
		return "", nil, err
	}
	if siteID <= 0 || !p.Knows(siteID) || p.Operator() && len(p.Roles[siteID]) == 0 {
		return "", nil, sitecore.Invalid("site_id", "not_found.site")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, sitecore.Invalid("name", "field.required")
	}
	if utf8.RuneCountInString(name) > maxTokenNameLen {
		return "", nil, sitecore.Invalid("name", "field.too_long", "max", strconv.Itoa(maxTokenNameLen))
	}
	tok, hash := NewToken(apiTokenPrefix)
	t := &sitecore.APIToken{UserID: p.UserID, SiteID: siteID, Name: name}
	if err := s.Store.CreateAPIToken(ctx, hash, t); err != nil {
		return "", nil, err
	}
	return tok, t, nil
}

// APITokens lists the caller's tokens.
func (s *Service) APITokens(ctx context.Context, p *sitecore.Principal) ([]sitecore.APIToken, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	return s.Store.APITokens(ctx, p.UserID)
}

// RevokeAPIToken revokes one of the caller's tokens (by the person, not by a token).
func (s *Service) RevokeAPIToken(ctx context.Context, p *sitecore.Principal, tokenID int64) error {
	if err := requirePerson(p); err != nil {
		return err
	}
	return s.Store.RevokeAPIToken(ctx, p.UserID, tokenID)
}
