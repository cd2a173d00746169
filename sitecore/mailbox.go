package sitecore

import (
	"context"
	"crypto/rand"
	"strconv"
	"strings"
	"time"
)

// Edu mailboxes (issue #16, seed 3.1.2 and 4.9): a site's admins create mailboxes on the
// school's primary domain (info@school12.edu.kz) within the site's mail quota. The records
// (address, state, who created it) live in PostgreSQL; the mailboxes themselves live on a
// mail server behind MailServer. Passwords are generated, shown once and handed to the mail
// server; the platform never stores or logs them.

// Mailbox states.
const (
	MailboxActive    = "active"
	MailboxSuspended = "suspended"
)

// Mail quota defaults: 250 MB per mailbox, 2 GiB per site unless an operator sets another.
const (
	DefaultMailboxQuotaBytes  int64 = 250 << 20
	DefaultSiteMailQuotaBytes int64 = 2 << 30
	// MinMailboxQuotaBytes is the smallest quota a mailbox may get: 1 MiB.
	MinMailboxQuotaBytes int64 = 1 << 20
)

// Mailbox is one mailbox of a site.
type Mailbox struct {
	ID         int64     `json:"id"`
	SiteID     int64     `json:"site_id"`
	Address    string    `json:"address"`
	QuotaBytes int64     `json:"quota_bytes"`
	State      string    `json:"state"`
	CreatedBy  int64     `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	// UsedBytes is what the mail server reports the mailbox holds; -1 when it cannot tell.
	UsedBytes int64 `json:"used_bytes"`
}

// MailQuota is a site's mail quota: the limit and what its mailboxes' quotas add up to.
type MailQuota struct {
	SiteID         int64 `json:"site_id"`
	LimitBytes     int64 `json:"limit_bytes"`
	AllocatedBytes int64 `json:"allocated_bytes"`
	LeftBytes      int64 `json:"left_bytes"`
}

// MailboxStore keeps mailbox records. Every call is scoped by the site; a record of another
// site is ENotFound.
type MailboxStore interface {
	// CreateMailbox stores m if its quota fits what is left of the site's mail quota (site
	// rows are locked, so concurrent creations never together exceed it): EConflict on field
	// "local_part" when the address is taken, ETooLarge on field "quota_mb" when it does not
	// fit.
	CreateMailbox(ctx context.Context, m *Mailbox, defaultLimit int64) error
	// Mailboxes lists the site's mailboxes by address.
	Mailboxes(ctx context.Context, siteID int64) ([]Mailbox, error)
	FindMailbox(ctx context.Context, siteID, id int64) (*Mailbox, error)
	SetMailboxState(ctx context.Context, siteID, id int64, state string) (*Mailbox, error)
	DeleteMailbox(ctx context.Context, siteID, id int64) error
	// MailQuota returns the site's mail limit and allocation.
	MailQuota(ctx context.Context, siteID, defaultLimit int64) (MailQuota, error)
	// SetMailQuota changes the site's mail limit.
	SetMailQuota(ctx context.Context, siteID, limit int64) (MailQuota, error)
}

// MailServer is the mail platform that holds the mailboxes (sitecore/dovecot is the one
// shipped). Addresses are full and lower-case. Implementations must be safe for concurrent
// use, must not keep or log passwords in clear, and must make each call take effect for new
// logins before it returns.
type MailServer interface {
	// CreateMailbox creates the mailbox with the password and a storage quota in bytes;
	// EConflict when it already exists.
	CreateMailbox(ctx context.Context, address, password string, quotaBytes int64) error
	// SetMailboxPassword replaces the password; the old one stops working. ENotFound when
	// the mailbox does not exist.
	SetMailboxPassword(ctx context.Context, address, password string) error
	// SetMailboxSuspended refuses (true) or allows again (false) logins, keeping the mail;
	// open sessions are ended on suspension.
	SetMailboxSuspended(ctx context.Context, address string, suspended bool) error
	// DeleteMailbox removes the mailbox and its mail and ends its sessions; deleting one that
	// does not exist is not an error.
	DeleteMailbox(ctx context.Context, address string) error
	// MailboxUsage returns the bytes the mailbox holds.
	MailboxUsage(ctx context.Context, address string) (int64, error)
}

// MaxMailboxLocalPart is the longest local part (RFC 5321 allows 64 octets).
const MaxMailboxLocalPart = 64

// NormalizeMailboxLocalPart lower-cases and checks the part before "@": latin letters,
// digits, and ".", "-" or "_" between them (not first, last or twice in a row). Errors are
// EInvalid on field.
func NormalizeMailboxLocalPart(field, s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return "", Invalid(field, "field.required")
	case len(s) > MaxMailboxLocalPart:
		return "", Invalid(field, "field.too_long", "max", strconv.Itoa(MaxMailboxLocalPart))
	}
	prevSep := true // a separator may not come first
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevSep = false
		case c == '.' || c == '-' || c == '_':
			if prevSep {
				return "", Invalid(field, "mailbox.local_part_invalid")
			}
			prevSep = true
		default:
			return "", Invalid(field, "mailbox.local_part_invalid")
		}
	}
	if prevSep {
		return "", Invalid(field, "mailbox.local_part_invalid")
	}
	return s, nil
}

// mailboxPasswordAlphabet leaves out letters and digits that read alike (0/O, 1/l/I).
const mailboxPasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewMailboxPassword returns a random password of 16 characters (about 93 bits).
func NewMailboxPassword() string {
	return randomFrom(mailboxPasswordAlphabet, 16)
}

func randomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	limit := 256 - 256%len(alphabet) // rejection sampling keeps every character equally likely
	var one [1]byte
	for i := 0; i < n; {
		rand.Read(one[:]) // never fails; see crypto/rand.Read
		if int(one[0]) >= limit {
			continue
		}
		b[i] = alphabet[int(one[0])%len(alphabet)]
		i++
	}
	return string(b)
}

// MailQuotaExceeded is the error of a mailbox whose quota does not fit the site's mail
// quota: 413 naming field, with what is left in MB.
func MailQuotaExceeded(field string, q MailQuota) *Error {
	return &Error{Code: ETooLarge, Key: "mailbox.quota_exceeded", Field: field, Args: map[string]string{
		"left_mb": MiB(max(q.LeftBytes, 0)), "limit_mb": MiB(q.LimitBytes)}}
}
