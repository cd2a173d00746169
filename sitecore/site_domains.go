package sitecore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"strings"
)

// TXTResolver looks up DNS TXT records; *net.Resolver and netdns.Resolver implement it.
type TXTResolver interface {
	// LookupTXT returns the TXT records of name. A name that does not exist, or has no TXT
	// records, gives a *net.DNSError with IsNotFound set.
	LookupTXT(ctx context.Context, name string) ([]string, error)
}

// DomainChallengePrefix starts the DNS name that proves control of a domain: the owner of
// school.kz creates a TXT record at _mektep-challenge.school.kz.
const DomainChallengePrefix = "_mektep-challenge."

// domainChallengeValuePrefix starts every challenge value, so the record explains itself.
const domainChallengeValuePrefix = "mektep-verify="

// DomainChallengeName returns the DNS name of the challenge record for host
// ("_mektep-challenge.school.kz"). DNS names are case-insensitive, so host is lower-cased and
// a trailing dot dropped.
func DomainChallengeName(host string) string {
	return DomainChallengePrefix + strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
}

// NewDomainChallenge returns a fresh random challenge value: "mektep-verify=" and 32 hex
// digits (128 bits).
func NewDomainChallenge() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails; see crypto/rand.Read
	return domainChallengeValuePrefix + hex.EncodeToString(b)
}

// VerifyDomainChallenge checks that a TXT record at DomainChallengeName(host) equals want;
// spaces and double quotes around a record are ignored, since DNS control panels often add
// them. It returns nil when one record matches; an EConflict error with key
// "domain.challenge_missing" (args name and value: the record to create) when the lookup
// works but no record matches, the name does not exist or has no TXT records; and an
// EUnavailable error when DNS cannot be asked (timeout, refused, server failure).
func VerifyDomainChallenge(ctx context.Context, r TXTResolver, host, want string) error {
	const op = "verify domain challenge"
	want = strings.TrimSpace(want)
	if want == "" {
		return Internal(op, errors.New("empty challenge value"))
	}
	name := DomainChallengeName(host)
	records, err := r.LookupTXT(ctx, name)
	if err != nil {
		var dnsErr *net.DNSError
		if !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
			return Unavailable(op, "dns", err)
		}
		records = nil
	}
	for _, rec := range records {
		if strings.TrimSpace(strings.Trim(strings.TrimSpace(rec), `"`)) == want {
			return nil
		}
	}
	e := Errorf(EConflict, "domain.challenge_missing", "name", name, "value", want)
	e.Op = op
	return e
}
