package eds

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Revocation answers.
const (
	StatusGood    = "good"
	StatusRevoked = "revoked"
	StatusUnknown = "unknown"
)

// RevocationChecker tells whether a certificate was revoked at a time.
type RevocationChecker interface {
	// Status returns StatusGood, StatusRevoked (revoked at or before at) or StatusUnknown
	// when it cannot tell (no distribution point, the server is down, the answer does not
	// verify). err explains an unknown answer for the logs; it is never a reason to refuse
	// by itself.
	Status(ctx context.Context, cert, issuer *Certificate, at time.Time) (string, error)
}

// Checkers asks each checker in turn and returns the first answer that is not unknown.
type Checkers []RevocationChecker

// Status implements RevocationChecker.
func (cs Checkers) Status(ctx context.Context, cert, issuer *Certificate, at time.Time) (string, error) {
	var errs []string
	for _, c := range cs {
		st, err := c.Status(ctx, cert, issuer, at)
		if st != StatusUnknown {
			return st, nil
		}
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return StatusUnknown, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return StatusUnknown, nil
}

// maxRevocationBody bounds a CRL or OCSP answer; NCA's full CRLs are a few megabytes.
const maxRevocationBody = 32 << 20

// httpDo sends req and returns the body of a 200 answer.
func httpDo(client *http.Client, req *http.Request) ([]byte, error) {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %d", req.URL, resp.StatusCode)
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxRevocationBody))
}

// httpURLs keeps the http and https addresses (LDAP points are common in old certificates).
func httpURLs(urls []string) []string {
	var out []string
	for _, u := range urls {
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			out = append(out, u)
		}
	}
	return out
}
