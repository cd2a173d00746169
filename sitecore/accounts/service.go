// Package accounts is the service layer of people and access: registration, sessions,
// passwords, profiles, parent links, site admins and members, delegations, API tokens, the
// audit log, the organisation tree and domain binding. Every method that touches a site
// takes the principal and calls sitecore.Authorize before anything else; handlers never
// decide on access themselves.
package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// MailQueue hands an email to durable delivery (a workflow that retries until SMTP takes
// it and sends each key once).
type MailQueue interface {
	Enqueue(ctx context.Context, e *sitecore.Email) error
}

// Service implements the accounts use cases.
type Service struct {
	Store    sitecore.AccountStore
	Sites    sitecore.SiteStore
	Mail     MailQueue
	Resolver sitecore.TXTResolver
	// PublicURL is the platform's base URL, for links in email.
	PublicURL string
	Log       *slog.Logger
	// Now is time.Now unless a test fixes it.
	Now func() time.Time
}

// Lifetimes of sessions and emailed tokens.
const (
	SessionTTL       = 30 * 24 * time.Hour
	VerifyTokenTTL   = 72 * time.Hour
	ResetTokenTTL    = time.Hour
	InviteTokenTTL   = 7 * 24 * time.Hour
	maxNameLen       = 200
	maxBioLen        = 1000
	maxURLLen        = 500
	maxTokenNameLen  = 100
	apiTokenPrefix   = "mkp_"
	sessionTokenSize = 32
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// NewToken returns a random URL-safe secret and its SHA-256, which is what gets stored.
func NewToken(prefix string) (string, []byte) {
	var b [sessionTokenSize]byte
	_, _ = rand.Read(b[:])
	tok := prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return tok, HashToken(tok)
}

// HashToken is the stored form of a session, one-time or API token.
func HashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

func (s *Service) link(path, token string) string {
	return strings.TrimRight(s.PublicURL, "/") + path + "?token=" + token
}

// audit builds the audit entry of an action by the actor.
func audit(a sitecore.Actor, siteID int64, action, target string, details map[string]any) *sitecore.AuditEntry {
	ip := ""
	if a.IP.IsValid() {
		ip = a.IP.String()
	}
	return &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID, ActorName: a.Name, Action: action,
		Target: target, Details: details, IP: ip, UserAgent: a.UserAgent}
}

// requireLogin fails for anonymous principals.
func requireLogin(p *sitecore.Principal) error {
	if !p.LoggedIn() {
		return sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	return nil
}

// requirePerson allows an action on the whole account (its tokens, its sessions, its
// password) only to the person: a personal API token is limited to one site's work, so it
// may neither mint nor revoke tokens nor end the account's sessions.
func requirePerson(p *sitecore.Principal) error {
	if !p.LoggedIn() || p.UserID == 0 {
		return sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	if p.TokenSite != 0 {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return nil
}

// LoadPrincipal builds the principal of a user with every role and delegation.
func (s *Service) LoadPrincipal(ctx context.Context, u *sitecore.User) (*sitecore.Principal, error) {
	ms, err := s.Store.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	ds, err := s.Store.UserDelegations(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return principalOf(u, ms, ds), nil
}

// principalOf builds a principal. Roles and delegations in schools count only once the
// account's address is verified: anyone can register any address, so an unverified
// account may be someone other than the mailbox's holder, and a school that names that
// address (as owner, admin or member) means the holder. Until then the grants wait in the
// store; the invitation's link, which proves the address, makes them count.
func principalOf(u *sitecore.User, ms []sitecore.Membership, ds []sitecore.Delegation) *sitecore.Principal {
	p := &sitecore.Principal{UserID: u.ID, Name: u.FullName, Email: u.Email, PlatformRole: u.PlatformRole,
		Verified: u.EmailVerified, Lang: u.Lang, Roles: map[int64][]sitecore.SiteRole{}, Delegations: map[int64][]sitecore.Delegation{}}
	if !u.EmailVerified {
		return p
	}
	for _, m := range ms {
		p.Roles[m.SiteID] = append(p.Roles[m.SiteID], m.Role)
	}
	for _, d := range ds {
		p.Delegations[d.SiteID] = append(p.Delegations[d.SiteID], d)
	}
	return p
}

// PrincipalForSession returns the principal of a session cookie's token, or Anonymous when
// the session is unknown or expired.
func (s *Service) PrincipalForSession(ctx context.Context, token string) (*sitecore.Principal, error) {
	u, ms, ds, err := s.Store.SessionAccess(ctx, HashToken(token))
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return sitecore.Anonymous, nil
	}
	if err != nil {
		return nil, err
	}
	return principalOf(u, ms, ds), nil
}

// IsAPIToken reports whether a bearer token is a personal API token.
func IsAPIToken(tok string) bool { return strings.HasPrefix(tok, apiTokenPrefix) }

// PrincipalForAPIToken returns the principal of a personal API token, limited to the
// token's site, or EUnauthorized.
func (s *Service) PrincipalForAPIToken(ctx context.Context, token string) (*sitecore.Principal, error) {
	t, err := s.Store.FindAPIToken(ctx, HashToken(token))
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "unauthorized")
	}
	if err != nil {
		return nil, err
	}
	u, err := s.Store.FindUserByID(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	p, err := s.LoadPrincipal(ctx, u)
	if err != nil {
		return nil, err
	}
	p.TokenSite = t.SiteID
	return p, nil
}
