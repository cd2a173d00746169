// Package forum is the service layer of communities and their forums (issue #15,
// 3.2.10–3.2.11): who may see, join, post and moderate, the trust rules that keep spam
// out, mentions and digests by email, search, and promoting a media group's post to the
// school's news. A private community is invisible to everyone but its members and
// moderators: every lookup answers "not found" to them, never "forbidden".
package forum

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// MailQueue hands an email to durable delivery (workflows.EmailQueue): each key is sent once.
type MailQueue interface {
	Enqueue(ctx context.Context, e *sitecore.Email) error
}

// Auditor records moderators' actions.
type Auditor interface {
	Audit(ctx context.Context, a *sitecore.AuditEntry) error
}

// NewsCreator makes a draft news item (cms.News).
type NewsCreator interface {
	Create(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in cms.NewsInput) (*sitecore.News, error)
}

// Service implements communities and forums.
type Service struct {
	Store    sitecore.ForumStore
	Sites    sitecore.SiteStore
	Accounts sitecore.UserStore
	Mail     MailQueue
	Audit    Auditor
	News     NewsCreator // nil: promotion to news is off
	Images   ImageStore  // nil: posts take no images
	// PublicURL gives links in email the platform's scheme, host and port.
	PublicURL string
	Now       func() time.Time
}

// Limits and trust rules.
const (
	MaxName  = 200
	MaxTitle = 200
	MaxDesc  = 2000
	MaxBody  = 20000
	MaxQuery = sitecore.MaxSearchQuery
	// TrustPosts is how many of a member's posts a moderator approves before the member's
	// posts show at once.
	TrustPosts = 3
	// NewMemberLinks and MemberLinks are the most links a post may carry from a member
	// under the trust threshold and from a trusted one.
	NewMemberLinks = 1
	MemberLinks    = 10
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func text(field, v string, max int, required bool) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && required:
		return "", sitecore.Invalid(field, "field.required")
	case utf8.RuneCountInString(v) > max:
		return "", sitecore.Invalid(field, "field.too_long", "max", strconv.Itoa(max))
	}
	return v, nil
}

// Access is what a principal may do in a community.
type Access struct {
	Community *sitecore.Community
	Member    *sitecore.CommunityMember // nil: not a member (a pending request counts as one)
	Moderator bool
}

// Active reports whether the principal is an active member.
func (a *Access) Active() bool { return a.Member != nil && a.Member.Status == sitecore.MemberActive }

// CanRead reports whether the principal sees the community's content.
func (a *Access) CanRead() bool {
	return a.Community.Visibility == sitecore.CommunityPublic || a.Active() || a.Moderator
}

// CanPost reports whether the principal may write in the community.
func (a *Access) CanPost() bool { return a.Active() || a.Moderator }

// Access returns what p may do in the community. siteID is the school whose domain the
// request came to (0: the API or the platform's own domain): a school's community is not
// found on another school's domain. A private community is not found by anyone who may
// not read it.
func (s *Service) Access(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Access, error) {
	c, err := s.Store.FindCommunity(ctx, id)
	if err != nil {
		return nil, err
	}
	if siteID != 0 && c.SiteID != 0 && c.SiteID != siteID {
		return nil, sitecore.NotFound("community")
	}
	if p != nil && p.TokenSite != 0 && p.TokenSite != c.SiteID {
		// A personal API token reaches its own school's communities only.
		p = sitecore.Anonymous
	}
	a := &Access{Community: c}
	if p != nil && p.UserID != 0 {
		if m, err := s.Store.FindCommunityMember(ctx, id, p.UserID); err == nil {
			a.Member = m
		} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
			return nil, err
		}
	}
	switch {
	case p.Operator():
		a.Moderator = true
	case a.Active() && a.Member.Role == sitecore.ModeratorRole:
		a.Moderator = true
	case c.SiteID != 0 && p.LoggedIn() &&
		sitecore.Authorize(p, c.SiteID, sitecore.ActionPublish, sitecore.Resource{Section: sitecore.SectionComments}) == nil:
		// The school's admins (and whoever moderates its comments) moderate its communities.
		a.Moderator = true
	}
	if !a.CanRead() {
		return nil, sitecore.NotFound("community")
	}
	return a, nil
}

// moderate returns the access of a moderator; others get "not found" for a private
// community and "forbidden" for a public one (whose existence is no secret).
func (s *Service) moderate(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Access, error) {
	a, err := s.Access(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	if !a.Moderator {
		return nil, sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return a, nil
}

func loggedIn(p *sitecore.Principal) error {
	if p == nil || p.UserID == 0 {
		return sitecore.Errorf(sitecore.EUnauthorized, "unauthorized")
	}
	return nil
}

// NewCommunity is what a community is made from.
type NewCommunity struct {
	SiteID      int64  `json:"site_id"` // 0: platform-wide (operators only)
	Name        string `json:"name"`
	Description string `json:"description"`
	Visibility  string `json:"visibility"`
	JoinPolicy  string `json:"join_policy"`
	Kind        string `json:"kind"`
}

// CreateCommunity makes a community: a platform-wide one by an operator, a school's by its
// admins. The maker becomes its first moderator.
func (s *Service) CreateCommunity(ctx context.Context, p *sitecore.Principal, in NewCommunity) (*sitecore.Community, error) {
	if err := loggedIn(p); err != nil && !p.Operator() {
		return nil, err
	}
	if in.SiteID == 0 {
		if !p.Operator() {
			return nil, sitecore.Errorf(sitecore.EForbidden, "forbidden")
		}
	} else if err := sitecore.Authorize(p, in.SiteID, sitecore.ActionPublish, sitecore.Resource{Section: sitecore.SectionComments}); err != nil {
		return nil, err
	}
	c := &sitecore.Community{SiteID: in.SiteID, Visibility: in.Visibility, JoinPolicy: in.JoinPolicy, Kind: in.Kind, CreatedBy: p.UserID}
	var err error
	if c.Name, err = text("name", in.Name, MaxName, true); err != nil {
		return nil, err
	}
	if c.Description, err = text("description", in.Description, MaxDesc, false); err != nil {
		return nil, err
	}
	c.Name, c.Description = cms.PlainText(c.Name), cms.PlainText(c.Description)
	if c.Visibility != sitecore.CommunityPublic && c.Visibility != sitecore.CommunityPrivate {
		return nil, sitecore.Invalid("visibility", "forum.visibility")
	}
	if c.JoinPolicy != sitecore.JoinOpen && c.JoinPolicy != sitecore.JoinApproval {
		return nil, sitecore.Invalid("join_policy", "forum.join_policy")
	}
	if c.Kind == "" {
		c.Kind = sitecore.CommunityGroup
	}
	if c.Kind != sitecore.CommunityGroup && !(c.Kind == sitecore.CommunityMedia && c.SiteID != 0) {
		return nil, sitecore.Invalid("kind", "forum.kind")
	}
	if err := s.Store.CreateCommunity(ctx, c); err != nil {
		return nil, err
	}
	if p.UserID != 0 {
		if err := s.Store.UpsertCommunityMember(ctx, &sitecore.CommunityMember{CommunityID: c.ID, UserID: p.UserID,
			Role: sitecore.ModeratorRole, Status: sitecore.MemberActive}); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Listed is a community as a list shows it, with the viewer's membership.
type Listed struct {
	sitecore.Community
	Membership string `json:"membership,omitempty"` // active, pending or ""
}

// Communities lists the communities p may see on the site's domain (siteID 0: the
// platform-wide ones only).
func (s *Service) Communities(ctx context.Context, p *sitecore.Principal, siteID int64) ([]Listed, error) {
	cs, err := s.Store.Communities(ctx, siteID)
	if err != nil {
		return nil, err
	}
	out := []Listed{}
	for _, c := range cs {
		a, err := s.Access(ctx, p, siteID, c.ID)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		l := Listed{Community: c}
		if a.Member != nil {
			l.Membership = a.Member.Status
		}
		out = append(out, l)
	}
	return out, nil
}

// Join makes p a member of a public community: at once if it is open, as a request for
// the moderators if it needs approval. Private communities are joined by invitation
// (AddMember) only.
func (s *Service) Join(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*sitecore.CommunityMember, error) {
	a, err := s.Access(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	if a.Member != nil {
		return a.Member, nil
	}
	m := &sitecore.CommunityMember{CommunityID: id, UserID: p.UserID, Name: p.Name, Role: sitecore.MemberRole, Status: sitecore.MemberActive}
	if a.Community.JoinPolicy == sitecore.JoinApproval && !a.Moderator {
		m.Status = sitecore.MemberPending
	}
	return m, s.Store.UpsertCommunityMember(ctx, m)
}

// Leave ends p's membership (or request).
func (s *Service) Leave(ctx context.Context, p *sitecore.Principal, siteID, id int64) error {
	if _, err := s.Access(ctx, p, siteID, id); err != nil {
		return err
	}
	if err := loggedIn(p); err != nil {
		return err
	}
	return s.Store.RemoveCommunityMember(ctx, id, p.UserID)
}

// Members lists the community's members and pending requests (moderators only).
func (s *Service) Members(ctx context.Context, p *sitecore.Principal, siteID, id int64) ([]sitecore.CommunityMember, error) {
	if _, err := s.moderate(ctx, p, siteID, id); err != nil {
		return nil, err
	}
	return s.Store.CommunityMembers(ctx, id)
}

// SetMember approves a request, invites a person or makes a member a moderator
// (moderators only); role "" keeps a member's role.
func (s *Service) SetMember(ctx context.Context, p *sitecore.Principal, siteID, id, userID int64, role string) (*sitecore.CommunityMember, error) {
	a, err := s.moderate(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	m, err := s.Store.FindCommunityMember(ctx, id, userID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		if _, err := s.Accounts.FindUserByID(ctx, userID); err != nil {
			return nil, sitecore.Invalid("user_id", "forum.no_user")
		}
		m = &sitecore.CommunityMember{CommunityID: id, UserID: userID, Role: sitecore.MemberRole}
	} else if err != nil {
		return nil, err
	}
	wasPending := m.Status == sitecore.MemberPending
	switch role {
	case "":
	case sitecore.MemberRole, sitecore.ModeratorRole:
		m.Role = role
	default:
		return nil, sitecore.Invalid("role", "forum.role")
	}
	m.Status = sitecore.MemberActive
	if err := s.Store.UpsertCommunityMember(ctx, m); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, p, a.Community, "community.member", "user:"+strconv.FormatInt(userID, 10)); err != nil {
		return nil, err
	}
	if wasPending {
		s.tellRequester(ctx, a.Community, userID, DecisionApprove)
	}
	return m, nil
}

// Forums lists the community's forums.
func (s *Service) Forums(ctx context.Context, p *sitecore.Principal, siteID, id int64) ([]sitecore.Forum, error) {
	if _, err := s.Access(ctx, p, siteID, id); err != nil {
		return nil, err
	}
	return s.Store.Forums(ctx, id)
}

// NewForum is a forum a moderator adds.
type NewForum struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// CreateForum adds a forum to the community (moderators only).
func (s *Service) CreateForum(ctx context.Context, p *sitecore.Principal, siteID, id int64, in NewForum) (*sitecore.Forum, error) {
	if _, err := s.moderate(ctx, p, siteID, id); err != nil {
		return nil, err
	}
	f := &sitecore.Forum{CommunityID: id}
	var err error
	if f.Name, err = text("name", cms.PlainText(in.Name), MaxName, true); err != nil {
		return nil, err
	}
	if f.Description, err = text("description", cms.PlainText(in.Description), MaxDesc, false); err != nil {
		return nil, err
	}
	return f, s.Store.CreateForum(ctx, f)
}

// ForumTopics returns a forum and its topics.
func (s *Service) ForumTopics(ctx context.Context, p *sitecore.Principal, siteID, id, forumID int64) (*sitecore.Forum, []sitecore.Topic, error) {
	if _, err := s.Access(ctx, p, siteID, id); err != nil {
		return nil, nil, err
	}
	f, err := s.Store.FindForum(ctx, id, forumID)
	if err != nil {
		return nil, nil, err
	}
	ts, err := s.Store.Topics(ctx, id, forumID)
	return f, ts, err
}

func (s *Service) audit(ctx context.Context, p *sitecore.Principal, c *sitecore.Community, action, target string) error {
	ip := ""
	if a, ok := sitecore.ClientIP(ctx); ok {
		ip = a.String()
	}
	return s.Audit.Audit(context.WithoutCancel(ctx), &sitecore.AuditEntry{SiteID: c.SiteID, ActorID: p.UserID, ActorName: p.Name,
		Action: action, Target: target, IP: ip, Details: map[string]any{"community": c.ID}})
}
