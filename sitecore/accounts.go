package sitecore

import (
	"net/netip"
	"strconv"
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
	// Phone is a Kazakhstan mobile number as +7XXXXXXXXXX, or empty; only the person sees it.
	Phone     string    `json:"phone,omitempty"`
	CreatedAt time.Time `json:"created_at"`
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

// ChildLinkRequest is a parent's request, made on a school's site, to be linked to a child
// of that school named by IIN. ParentLinkID is set when an enrolled student of the school has
// that IIN; the school then confirms the link. Confirmed tells the parent it is done; until
// then the parent sees "waiting for the school" whether or not the IIN matched anyone.
type ChildLinkRequest struct {
	ID           int64  `json:"id"`
	SiteID       int64  `json:"site_id"`
	ParentID     int64  `json:"parent_id"`
	ChildIIN     IIN    `json:"-"`
	ChildName    string `json:"child_name"`
	ParentLinkID *int64 `json:"-"`
	Confirmed    bool   `json:"confirmed"`
	// Decision is the school's answer (ChildLinkApproved, ChildLinkRejected; "" while it
	// waits), with the remark the parent is shown.
	Decision  string     `json:"decision,omitempty"`
	Remark    string     `json:"remark,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// The school's answers to a child-link request.
const (
	ChildLinkApproved = "approved"
	ChildLinkRejected = "rejected"
)

// StudentEmail is the internal address of the account made for a child enrolled through an
// application (children often have no email of their own).
func StudentEmail(appID int64, siteSlug string) string {
	return "student-" + strconv.FormatInt(appID, 10) + "@" + siteSlug + ".students.mektep.invalid"
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
