package sitecore

import (
	"context"
	"net/netip"
	"time"
)

// PlatformRole is a role on the whole platform, above any one school.
type PlatformRole string

// Platform roles. The empty role is an ordinary user.
const (
	PlatformOperator PlatformRole = "operator"      // runs the platform: every site, every action
	PlatformSupport  PlatformRole = "support_agent" // answers helpdesk tickets
)

// Visibility says who may see a user's public profile.
type Visibility string

// Profile visibilities.
const (
	VisibilityPublic  Visibility = "public"  // anyone, also anonymous visitors
	VisibilityMembers Visibility = "members" // the people of the user's schools only
	VisibilityHidden  Visibility = "hidden"  // nobody but the user and operators
)

// User is one person's platform account, used on every school site.
type User struct {
	ID            int64        `json:"id"`
	Email         string       `json:"email"`
	EmailVerified bool         `json:"email_verified"`
	FullName      string       `json:"full_name"`
	Lang          Lang         `json:"lang"`
	PlatformRole  PlatformRole `json:"platform_role,omitempty"`
	AvatarURL     string       `json:"avatar_url,omitempty"`
	Bio           string       `json:"bio,omitempty"`
	Visibility    Visibility   `json:"visibility"`
	CreatedAt     time.Time    `json:"created_at"`
	// PasswordHash is the argon2id PHC string; empty means no password is set yet (an admin
	// created by an owner who must set one through the emailed link).
	PasswordHash string `json:"-"`
}

// SiteRole is a user's role in one school.
type SiteRole string

// Site roles. Owners and admins run the control panel; the others are members who act in
// the panel only through delegations.
const (
	RoleOwner   SiteRole = "owner"
	RoleAdmin   SiteRole = "admin"
	RoleTeacher SiteRole = "teacher"
	RoleStudent SiteRole = "student"
	RoleParent  SiteRole = "parent"
	RoleMember  SiteRole = "member"
)

// MemberRoles are the roles an owner or admin may give with the members API.
var MemberRoles = []SiteRole{RoleTeacher, RoleStudent, RoleParent, RoleMember}

// Membership is one role of a user in a site.
type Membership struct {
	SiteID    int64     `json:"site_id"`
	UserID    int64     `json:"user_id"`
	Role      SiteRole  `json:"role"`
	AddedBy   int64     `json:"added_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Filled by listings.
	Email    string `json:"email,omitempty"`
	FullName string `json:"full_name,omitempty"`
}

// Session is a logged-in browser. The token itself is only in the cookie; the store keeps
// its SHA-256.
type Session struct {
	UserID    int64
	ExpiresAt time.Time
}

// TokenPurpose tells what an emailed one-time token is for.
type TokenPurpose string

// One-time token purposes.
const (
	TokenVerifyEmail   TokenPurpose = "verify_email"
	TokenResetPassword TokenPurpose = "reset_password"
)

// APIToken is a personal token for integrations, scoped to one site. The secret is shown
// once at creation; the store keeps its SHA-256.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	SiteID     int64      `json:"site_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// ParentLink ties a parent's account to a child's. It counts once the child or the school
// confirmed it.
type ParentLink struct {
	ID          int64      `json:"id"`
	ParentID    int64      `json:"parent_id"`
	ChildID     int64      `json:"child_id"`
	ConfirmedBy string     `json:"confirmed_by,omitempty"` // "child" or "site:<id>"
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

// AuditEntry is one administrative action on a site: who, what, on what, when, from where.
type AuditEntry struct {
	ID        int64          `json:"id"`
	SiteID    int64          `json:"site_id"`
	ActorID   int64          `json:"actor_id"` // 0 for the bootstrap operator token
	ActorName string         `json:"actor_name"`
	Action    string         `json:"action"` // "delegation.grant", "admin.add", ...
	Target    string         `json:"target"`
	Details   map[string]any `json:"details,omitempty"`
	IP        string         `json:"ip"`
	UserAgent string         `json:"user_agent"`
	CreatedAt time.Time      `json:"created_at"`
}

// OrgUnit is a node of the organisation tree: region → district or city → schools.
type OrgUnit struct {
	ID       int64           `json:"id"`
	ParentID *int64          `json:"parent_id,omitempty"`
	Kind     string          `json:"kind"` // "region", "district", "city"
	Names    map[Lang]string `json:"names"`
}

// DomainClaim is a domain an owner wants to bind, waiting for its DNS TXT proof.
type DomainClaim struct {
	SiteID     int64      `json:"site_id"`
	Host       string     `json:"host"`
	Record     string     `json:"record"` // the TXT record name to create
	Value      string     `json:"value"`  // its value
	CreatedAt  time.Time  `json:"created_at"`
	VerifiedAt *time.Time `json:"verified_at,omitempty"`
}

// Actor is who performs an administrative action and from where, for the audit log.
type Actor struct {
	UserID    int64
	Name      string
	IP        netip.Addr
	UserAgent string
}

// AccountStore keeps users, sessions, one-time tokens, memberships, delegations, parent
// links, API tokens, the audit log, the organisation tree and domain claims. Methods that
// change a site take an *AuditEntry and write it in the same transaction, so an action and
// its audit record exist together or not at all.
type AccountStore interface {
	// CreateUser stores a new user and fills ID and CreatedAt; a taken email is EConflict on
	// field "email".
	CreateUser(ctx context.Context, u *User) error
	// FindUserByID and FindUserByEmail return the user or ENotFound.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// UpdateProfile stores FullName, Lang, AvatarURL, Bio and Visibility of u.
	UpdateProfile(ctx context.Context, u *User) error
	// SetPassword stores a new password hash and ends every session of the user and every
	// unused password-reset link.
	SetPassword(ctx context.Context, userID int64, hash string) error
	// RecoverAccount is what following an emailed reset or invitation link does, in one
	// transaction: it stores the new password hash, marks the address verified, ends every
	// session, revokes every API token and drops every unused emailed link of the user.
	RecoverAccount(ctx context.Context, userID int64, hash string) error
	// MarkEmailVerified records that the user controls the address.
	MarkEmailVerified(ctx context.Context, userID int64) error
	// SetPlatformRole sets or clears (empty role) the user's platform role.
	SetPlatformRole(ctx context.Context, userID int64, role PlatformRole) error

	// CreateSession stores a session under the SHA-256 of its token.
	CreateSession(ctx context.Context, tokenHash []byte, s Session) error
	// FindSession returns the unexpired session or ENotFound.
	FindSession(ctx context.Context, tokenHash []byte) (*Session, error)
	// SessionAccess returns the user of an unexpired session with every role and
	// delegation (what a request needs to be decided on), or ENotFound.
	SessionAccess(ctx context.Context, tokenHash []byte) (*User, []Membership, []Delegation, error)
	// DeleteSession ends one session.
	DeleteSession(ctx context.Context, tokenHash []byte) error

	// CreateOneTimeToken stores an emailed token (its SHA-256) for a purpose until expires.
	CreateOneTimeToken(ctx context.Context, tokenHash []byte, userID int64, p TokenPurpose, expires time.Time) error
	// PeekOneTimeToken returns the user of a valid token without consuming it (to validate
	// input against the account before the token is spent), or EInvalid on "token".
	PeekOneTimeToken(ctx context.Context, tokenHash []byte, p TokenPurpose) (userID int64, err error)
	// DropOneTimeTokens deletes the user's unused tokens of the purposes, so the links
	// already sent stop working.
	DropOneTimeTokens(ctx context.Context, userID int64, purposes ...TokenPurpose) error
	// UseOneTimeToken consumes the token atomically and returns its user; a token that is
	// unknown, of another purpose, used or expired is EInvalid on field "token".
	UseOneTimeToken(ctx context.Context, tokenHash []byte, p TokenPurpose) (userID int64, err error)

	// LoginThrottled reports whether any of the keys is locked, and until when.
	LoginThrottled(ctx context.Context, keys []string) (until time.Time, locked bool, err error)
	// RecordLoginFailure counts a failure for each key, locking a key once it has Max
	// failures within Window (for LockFor, doubled for each lock since the key was last
	// quiet for MaxLock, at most MaxLock); it returns the latest lock end if one was set.
	RecordLoginFailure(ctx context.Context, keys []ThrottleKey) (until time.Time, locked bool, err error)
	// ResetLoginFailures clears the counters of the keys (after a successful login).
	ResetLoginFailures(ctx context.Context, keys []string) error
	// Limiter counts other events (registrations, reset emails) with the same counters.
	Limiter

	// Memberships returns every role of the user in every site.
	Memberships(ctx context.Context, userID int64) ([]Membership, error)
	// SiteMembers returns the site's members with their roles.
	SiteMembers(ctx context.Context, siteID int64) ([]Membership, error)
	// AddMember gives the user a role in the site (no-op if present).
	AddMember(ctx context.Context, m Membership, a *AuditEntry) error
	// RemoveMember takes roles from the user in the site; no roles means every role but
	// owner. Removing nothing is ENotFound.
	RemoveMember(ctx context.Context, siteID, userID int64, roles []SiteRole, a *AuditEntry) error

	// Delegations returns the active delegations of the site (userID 0: of everyone).
	Delegations(ctx context.Context, siteID, userID int64) ([]Delegation, error)
	// UserDelegations returns the user's active delegations on every site.
	UserDelegations(ctx context.Context, userID int64) ([]Delegation, error)
	// Grant stores a delegation and fills its ID and CreatedAt.
	Grant(ctx context.Context, d *Delegation, a *AuditEntry) error
	// Revoke ends a delegation of the site; one of another site is ENotFound.
	Revoke(ctx context.Context, siteID, delegationID int64, a *AuditEntry) error

	// CreateParentLink asks to link a parent and a child; a repeat returns the existing link.
	CreateParentLink(ctx context.Context, l *ParentLink) error
	// FindParentLink returns the link or ENotFound.
	FindParentLink(ctx context.Context, id int64) (*ParentLink, error)
	// ConfirmParentLink marks the link confirmed by "child" or "site:<id>".
	ConfirmParentLink(ctx context.Context, id int64, by string, a *AuditEntry) error
	// Children and Parents return confirmed links of the user.
	ParentLinks(ctx context.Context, userID int64) ([]ParentLink, error)

	// CreateAPIToken stores a token (its SHA-256) and fills ID and CreatedAt.
	CreateAPIToken(ctx context.Context, tokenHash []byte, t *APIToken) error
	// FindAPIToken returns the unrevoked token or ENotFound, and notes its use.
	FindAPIToken(ctx context.Context, tokenHash []byte) (*APIToken, error)
	// APITokens lists the user's tokens.
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)
	// RevokeAPIToken revokes one of the user's tokens; another user's is ENotFound.
	RevokeAPIToken(ctx context.Context, userID, tokenID int64) error

	// Audit stores an entry on its own (for actions without a store write).
	Audit(ctx context.Context, a *AuditEntry) error
	// AuditLog returns the site's newest entries, before the ID (0: from the newest).
	AuditLog(ctx context.Context, siteID int64, before int64, limit int) ([]AuditEntry, error)

	// OrgUnits returns the whole organisation tree.
	OrgUnits(ctx context.Context) ([]OrgUnit, error)
	// CreateOrgUnit stores a unit; a parent that does not exist is EInvalid on "parent_id".
	CreateOrgUnit(ctx context.Context, u *OrgUnit) error
	// SetSiteOrgUnit places a site in the tree.
	SetSiteOrgUnit(ctx context.Context, siteID, unitID int64, a *AuditEntry) error

	// CreateDomainClaim stores a claim; a host bound to any site is EConflict on "host".
	CreateDomainClaim(ctx context.Context, c *DomainClaim, a *AuditEntry) error
	// FindDomainClaim returns the site's claim on host or ENotFound.
	FindDomainClaim(ctx context.Context, siteID int64, host string) (*DomainClaim, error)
	// BindDomain binds a verified claim's host to the site (EConflict if taken meanwhile).
	BindDomain(ctx context.Context, siteID int64, host string, a *AuditEntry) error
	// UnbindDomain removes a host from the site; the site's last host cannot be removed
	// (EConflict on "host").
	UnbindDomain(ctx context.Context, siteID int64, host string, a *AuditEntry) error
}

// ThrottleKey is a throttle counter (see Limiter) with its limits.
type ThrottleKey struct {
	Key     string        // "login:<email>|<network>", "reset-net:<network>", ...
	Max     int           // events allowed within Window
	Window  time.Duration // the counting window
	LockFor time.Duration // how long the key is locked after Max events
	// MaxLock caps the lock, which doubles with every further lock until the key has been
	// quiet for MaxLock; zero (or less than LockFor) means no doubling.
	MaxLock time.Duration
}
