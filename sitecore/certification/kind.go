package certification

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Capability is something a valid certificate lets its holder do.
type Capability string

// CapEditTemplates lets the holder edit the HTML, CSS and JS templates of every site where
// the holder is an owner or admin.
const CapEditTemplates Capability = "edit_templates"

// Kind is a kind of certificate: what it certifies, the capability it grants and how long
// it is valid after issue or renewal.
type Kind struct {
	Code       string                   `json:"code"`
	Title      map[sitecore.Lang]string `json:"title"`
	Capability Capability               `json:"capability"`
	Validity   time.Duration            `json:"-"`
	// ValidityDays is Validity in days, for the API.
	ValidityDays int `json:"validity_days"`
}

// KindTemplates is the certificate of template editing.
const KindTemplates = "templates"

// DefaultValidity is how long a certificate is valid unless its kind says otherwise.
const DefaultValidity = 365 * 24 * time.Hour

// Status is where a certificate stands at a moment.
type Status string

// Certificate statuses, as the public verification page shows them.
const (
	StatusValid   Status = "valid"
	StatusExpired Status = "expired"
	StatusRevoked Status = "revoked"
	StatusUnknown Status = "unknown" // no certificate has the code
)

// Certificate is one person's certificate of a kind. Renewal moves ExpiresAt; revocation
// is final.
type Certificate struct {
	ID       int64     `json:"id"`
	Number   string    `json:"number"`
	UserID   int64     `json:"user_id"`
	Holder   string    `json:"holder"` // the holder's full name, filled by reads
	Kind     string    `json:"kind"`
	IssuedAt time.Time `json:"issued_at"`
	// RenewedAt is the last renewal (zero if never renewed).
	RenewedAt     time.Time `json:"renewed_at,omitzero"`
	ExpiresAt     time.Time `json:"expires_at"`
	Code          string    `json:"code"`
	RevokedAt     time.Time `json:"revoked_at,omitzero"`
	RevokedBy     int64     `json:"revoked_by,omitempty"`
	RevokedReason string    `json:"revoked_reason,omitempty"`
}

// StatusAt returns the certificate's status at now.
func (c *Certificate) StatusAt(now time.Time) Status {
	switch {
	case c == nil:
		return StatusUnknown
	case !c.RevokedAt.IsZero():
		return StatusRevoked
	case !now.Before(c.ExpiresAt):
		return StatusExpired
	}
	return StatusValid
}

// codeEncoding writes verification codes in RFC 4648 base32 without padding: capitals and
// digits 2–7, which survive being read aloud, typed from paper or put in a URL.
var codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// CodeLength is the length of a verification code: 10 base32 characters carry 50 random
// bits, so guessing a valid code among a million certificates takes about 10⁹ tries.
const CodeLength = 10

// NewCode returns a fresh random verification code.
func NewCode() string {
	var b [7]byte // 56 bits, of which the first 50 are used
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return codeEncoding.EncodeToString(b[:])[:CodeLength]
}

// NormalizeCode turns what a person typed (lower case, spaces, dashes) into a code, and
// reports whether it can be one.
func NormalizeCode(s string) (string, bool) {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s)))
	if len(s) != CodeLength {
		return "", false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z') && !(r >= '2' && r <= '7') {
			return "", false
		}
	}
	return s, true
}

// FormatNumber is a certificate's printed number: the kind, the year of issue in Almaty and
// the sequence number, e.g. "TPL-2026-000042".
func FormatNumber(kind string, issued time.Time, seq int64) string {
	prefix := strings.ToUpper(kind)
	if kind == KindTemplates {
		prefix = "TPL"
	}
	return fmt.Sprintf("%s-%d-%06d", prefix, issued.In(sitecore.Almaty).Year(), seq)
}
