package sitecore

import (
	"context"
	"time"
)

// The account stores, split by what their callers need. Methods that change a site take an
// *AuditEntry and write it in the same transaction, so an action and its audit record exist
// together or not at all. sitecore/postgres implements them all; a service or activity names
// only the parts it uses.

// AccountStore is every account store at once: what the accounts service needs.
type AccountStore interface {
	UserStore
	CredentialStore
	LoginThrottle
	MemberStore
	ParentLinkStore
	APITokenStore
	AuditStore
	OrgStore
	DomainClaimStore
}

// UserStore keeps the platform's user accounts.
type UserStore interface {
	// CreateUser stores a new user and fills ID and CreatedAt; a taken email is EConflict on
	// field "email".
	CreateUser(ctx context.Context, u *User) error
	// FindUserByID and FindUserByEmail return the user or ENotFound.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// UpdateProfile stores FullName, Lang, AvatarURL, Bio, Visibility and Phone of u.
	UpdateProfile(ctx context.Context, u *User) error
	// SetPassword stores a new password hash and ends every session of the user and every
	// unused password-reset link.
	SetPassword(ctx context.Context, userID int64, hash string) error
	// RecoverAccount is what following an emailed reset or invitation link does, in one
	// transaction: it stores the new password hash, marks the address verified, ends every
	// session, revokes every API token and drops every unused emailed link of the user.
	RecoverAccount(ctx context.Context, userID int64, hash string) error
	// EndAllAccess ends every session and revokes every API token of the user in one
	// transaction (what RecoverAccount does besides the password): "sign out everywhere".
	EndAllAccess(ctx context.Context, userID int64) error
	// MarkEmailVerified records that the user controls the address.
	MarkEmailVerified(ctx context.Context, userID int64) error
	// SetPlatformRole sets or clears (empty role) the user's platform role.
	SetPlatformRole(ctx context.Context, userID int64, role PlatformRole) error
}

// CredentialStore keeps browser sessions and emailed one-time tokens.
type CredentialStore interface {
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

	// CreateEmailChange stores a change of the user's address to newEmail that waits for the
	// token (its SHA-256) until expires, replacing the user's earlier one.
	CreateEmailChange(ctx context.Context, tokenHash []byte, userID int64, newEmail string, expires time.Time) error
	// PendingEmailChange returns the new address of the user's waiting change, or ENotFound.
	PendingEmailChange(ctx context.Context, userID int64) (string, error)
	// ApplyEmailChange consumes the token and sets the user's address, verified, to the new
	// one; it returns the user and the old address. A bad token is EInvalid on "token", an
	// address taken meanwhile EConflict.
	ApplyEmailChange(ctx context.Context, tokenHash []byte) (userID int64, oldEmail string, err error)
}

// LoginThrottle counts failed logins per account and per address, shared by every instance.
type LoginThrottle interface {
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
}

// MemberStore keeps the roles of users in sites and the delegations of sections.
type MemberStore interface {
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
}

// ParentLinkStore keeps the links between parents and children.
type ParentLinkStore interface {
	// CreateParentLink asks to link a parent and a child; a repeat returns the existing link.
	CreateParentLink(ctx context.Context, l *ParentLink) error
	// FindParentLink returns the link or ENotFound.
	FindParentLink(ctx context.Context, id int64) (*ParentLink, error)
	// ConfirmParentLink marks the link confirmed by "child" or "site:<id>".
	ConfirmParentLink(ctx context.Context, id int64, by string, a *AuditEntry) error
	// Children and Parents return confirmed links of the user.
	ParentLinks(ctx context.Context, userID int64) ([]ParentLink, error)

	// EnrolledStudent returns the account of the site's enrolled student with the IIN (the
	// account admissions made, see StudentEmail), or ENotFound.
	EnrolledStudent(ctx context.Context, siteID int64, iin IIN) (int64, error)
	// CreateChildLinkRequest stores a parent's request (a repeat for the same child at the
	// site returns the existing one, with its link set if it had none) and fills ID,
	// CreatedAt and Confirmed.
	CreateChildLinkRequest(ctx context.Context, r *ChildLinkRequest) error
	// ChildLinkRequests returns the parent's requests at the site (parentID 0: every
	// parent's), oldest first.
	ChildLinkRequests(ctx context.Context, siteID, parentID int64) ([]ChildLinkRequest, error)
	// DecideChildLinkRequest records the school's answer to the site's undecided request
	// (ENotFound for another site's, EConflict once decided) and, with confirmLink, confirms
	// the request's parent link as "site:<id>" in the same transaction.
	DecideChildLinkRequest(ctx context.Context, siteID, id int64, d ChildLinkDecision, a *AuditEntry) error
}

// ChildLinkDecision is the school's answer to a child-link request.
type ChildLinkDecision struct {
	Decision    string // ChildLinkApproved or ChildLinkRejected
	Remark      string
	By          int64 // the deciding user (0 for the operator token)
	ConfirmLink bool  // confirm the request's parent link too
}

// APITokenStore keeps personal API tokens.
type APITokenStore interface {
	// CreateAPIToken stores a token (its SHA-256) and fills ID and CreatedAt.
	CreateAPIToken(ctx context.Context, tokenHash []byte, t *APIToken) error
	// FindAPIToken returns the unrevoked token or ENotFound, and notes its use.
	FindAPIToken(ctx context.Context, tokenHash []byte) (*APIToken, error)
	// APITokens lists the user's tokens.
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)
	// RevokeAPIToken revokes one of the user's tokens; another user's is ENotFound.
	RevokeAPIToken(ctx context.Context, userID, tokenID int64) error
}

// AuditStore keeps the audit log of administrative actions.
type AuditStore interface {
	// Audit stores an entry on its own (for actions without a store write).
	Audit(ctx context.Context, a *AuditEntry) error
	// AuditLog returns the site's newest entries, before the ID (0: from the newest).
	AuditLog(ctx context.Context, siteID int64, before int64, limit int) ([]AuditEntry, error)
}

// OrgStore keeps the organisation tree (region → district or city → schools).
type OrgStore interface {
	// OrgUnits returns the whole organisation tree.
	OrgUnits(ctx context.Context) ([]OrgUnit, error)
	// CreateOrgUnit stores a unit; a parent that does not exist is EInvalid on "parent_id".
	CreateOrgUnit(ctx context.Context, u *OrgUnit) error
	// SetSiteOrgUnit places a site in the tree.
	SetSiteOrgUnit(ctx context.Context, siteID, unitID int64, a *AuditEntry) error
}

// DomainClaimStore keeps claims on domains and binds verified ones.
type DomainClaimStore interface {
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
