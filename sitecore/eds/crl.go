package eds

import (
	"context"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"sync"
	"time"
)

// CRL is a parsed certificate revocation list. crypto/x509 refuses some of NCA's GOST CRLs
// (their inner and outer algorithm identifiers differ by a NULL), so the package reads them.
type CRL struct {
	Raw          []byte
	Issuer       pkix.Name
	ThisUpdate   time.Time
	NextUpdate   time.Time
	Number       *big.Int
	BaseNumber   *big.Int // set on a delta CRL
	revoked      map[string]revokedEntry
	tbs          []byte
	sigOID       asn1.ObjectIdentifier
	signature    []byte
	freshestURLs []string
}

type revokedEntry struct {
	at     time.Time
	reason int
}

// reasonRemoveFromCRL in a delta CRL un-revokes a certificate that was on hold.
const reasonRemoveFromCRL = 8

// ParseCRL parses a DER CRL (RFC 5280 section 5).
func ParseCRL(der []byte) (*CRL, error) {
	var cl pkix.CertificateList
	rest, err := asn1.Unmarshal(der, &cl)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, errors.New("eds: trailing data after the CRL")
	}
	tbs := cl.TBSCertList
	if !tbs.Signature.Algorithm.Equal(cl.SignatureAlgorithm.Algorithm) {
		return nil, errors.New("eds: CRL algorithm identifiers differ")
	}
	c := &CRL{Raw: der, ThisUpdate: tbs.ThisUpdate, NextUpdate: tbs.NextUpdate,
		revoked: make(map[string]revokedEntry, len(tbs.RevokedCertificates)),
		tbs:     tbs.Raw, sigOID: cl.SignatureAlgorithm.Algorithm, signature: cl.SignatureValue.RightAlign()}
	c.Issuer.FillFromRDNSequence(&tbs.Issuer)
	for _, e := range tbs.RevokedCertificates {
		entry := revokedEntry{at: e.RevocationTime}
		for _, ext := range e.Extensions {
			if ext.Id.Equal(oidExtReasonCode) {
				var reason asn1.Enumerated
				if _, err := asn1.Unmarshal(ext.Value, &reason); err == nil {
					entry.reason = int(reason)
				}
			}
		}
		c.revoked[e.SerialNumber.String()] = entry
	}
	for _, ext := range tbs.Extensions {
		switch {
		case ext.Id.Equal(oidExtCRLNumber):
			c.Number = new(big.Int)
			if _, err := asn1.Unmarshal(ext.Value, &c.Number); err != nil {
				return nil, err
			}
		case ext.Id.Equal(oidExtDeltaCRL):
			c.BaseNumber = new(big.Int)
			if _, err := asn1.Unmarshal(ext.Value, &c.BaseNumber); err != nil {
				return nil, err
			}
		case ext.Id.Equal(oidExtFreshestCRL):
			c.freshestURLs, _ = parseDistributionPoints(ext.Value)
		case ext.Id.Equal(oidExtAKI), ext.Id.Equal(oidExtIssuingDP):
		case ext.Critical:
			return nil, fmt.Errorf("eds: unknown critical CRL extension %s", ext.Id)
		}
	}
	return c, nil
}

// CheckSignatureFrom verifies the CRL's signature with the issuer's key and that the issuer
// names match.
func (c *CRL) CheckSignatureFrom(issuer *Certificate) error {
	if c.Issuer.String() != issuer.Subject.String() {
		return errors.New("eds: CRL issuer is not the certificate's issuer")
	}
	return issuer.checkSignature(c.sigOID, "", c.tbs, c.signature)
}

// Revoked reports whether serial is listed with a revocation time at or before at.
func (c *CRL) Revoked(serial *big.Int, at time.Time) (revoked, listed bool, reason int) {
	e, ok := c.revoked[serial.String()]
	if !ok {
		return false, false, 0
	}
	return !e.at.After(at), true, e.reason
}

type distributionPoint struct {
	DistributionPoint struct {
		FullName []asn1.RawValue `asn1:"optional,tag:0"`
	} `asn1:"optional,tag:0"`
	Reason    asn1.BitString `asn1:"optional,tag:1"`
	CRLIssuer asn1.RawValue  `asn1:"optional,tag:2"`
}

// parseDistributionPoints returns the URIs of a CRLDistributionPoints-shaped extension
// (also the syntax of freshestCRL).
func parseDistributionPoints(value []byte) ([]string, error) {
	var dps []distributionPoint
	if _, err := asn1.Unmarshal(value, &dps); err != nil {
		return nil, err
	}
	var urls []string
	for _, dp := range dps {
		for _, n := range dp.DistributionPoint.FullName {
			if n.Class == asn1.ClassContextSpecific && n.Tag == 6 {
				urls = append(urls, string(n.Bytes))
			}
		}
	}
	return urls, nil
}

// freshestCRLURLs returns the delta CRL addresses a certificate names.
func freshestCRLURLs(c *Certificate) []string {
	for _, ext := range c.Extensions {
		if ext.Id.Equal(oidExtFreshestCRL) {
			urls, _ := parseDistributionPoints(ext.Value)
			return urls
		}
	}
	return nil
}

// CRLChecker answers from the CRLs named by a certificate's CRL distribution points, with
// the delta CRLs of its freshestCRL extension (or of the full CRL's). CRLs are fetched over
// HTTP and kept until their nextUpdate, so a busy vote costs one download per CA and period.
type CRLChecker struct {
	// Client fetches CRLs; nil uses a client with a 10-second timeout.
	Client *http.Client
	// Now is the clock of the cache; nil is time.Now.
	Now func() time.Time

	mu    sync.Mutex
	cache map[string]*cachedCRL
}

type cachedCRL struct {
	crl      *CRL
	verified map[string]bool // issuer fingerprints whose signature was checked
}

// Status implements RevocationChecker.
func (ch *CRLChecker) Status(ctx context.Context, cert, issuer *Certificate, at time.Time) (string, error) {
	var lastErr error
	for _, url := range httpURLs(cert.CRLDistributionPoints) {
		full, err := ch.get(ctx, url, issuer)
		if err != nil {
			lastErr = err
			continue
		}
		revoked, _, _ := full.Revoked(cert.SerialNumber, at)
		deltaURLs := freshestCRLURLs(cert)
		if len(deltaURLs) == 0 {
			deltaURLs = full.freshestURLs
		}
		for _, du := range httpURLs(deltaURLs) {
			delta, err := ch.get(ctx, du, issuer)
			if err != nil || delta.BaseNumber == nil || full.Number == nil || delta.BaseNumber.Cmp(full.Number) > 0 {
				continue // a delta for a newer base than ours cannot be applied
			}
			if r, listed, reason := delta.Revoked(cert.SerialNumber, at); listed {
				revoked = r && reason != reasonRemoveFromCRL
			}
			break
		}
		// A certificate listed with a later revocation time was good at the time asked.
		if revoked {
			return StatusRevoked, nil
		}
		return StatusGood, nil
	}
	return StatusUnknown, lastErr
}

// Add puts a CRL into the cache under url, as if fetched (for operators who download CRLs
// themselves, and for tests with published CRLs).
func (ch *CRLChecker) Add(url string, crl *CRL) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.cache == nil {
		ch.cache = map[string]*cachedCRL{}
	}
	ch.cache[url] = &cachedCRL{crl: crl, verified: map[string]bool{}}
}

func (ch *CRLChecker) now() time.Time {
	if ch.Now != nil {
		return ch.Now()
	}
	return time.Now()
}

// get returns the CRL at url, verified against issuer, from the cache while it is before
// its nextUpdate, else downloaded.
func (ch *CRLChecker) get(ctx context.Context, url string, issuer *Certificate) (*CRL, error) {
	ch.mu.Lock()
	e := ch.cache[url]
	ch.mu.Unlock()
	if e == nil || (!e.crl.NextUpdate.IsZero() && ch.now().After(e.crl.NextUpdate)) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		body, err := httpDo(ch.Client, req)
		if err != nil {
			return nil, err
		}
		crl, err := ParseCRL(body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", url, err)
		}
		ch.Add(url, crl)
		ch.mu.Lock()
		e = ch.cache[url]
		ch.mu.Unlock()
	}
	ch.mu.Lock()
	ok, seen := e.verified[issuer.Fingerprint]
	ch.mu.Unlock()
	if !seen {
		ok = e.crl.CheckSignatureFrom(issuer) == nil
		ch.mu.Lock()
		e.verified[issuer.Fingerprint] = ok
		ch.mu.Unlock()
	}
	if !ok {
		return nil, fmt.Errorf("%s: CRL not signed by %s", url, issuer.Subject.CommonName)
	}
	if !e.crl.NextUpdate.IsZero() && ch.now().After(e.crl.NextUpdate) {
		return nil, fmt.Errorf("%s: CRL is stale (next update %s)", url, e.crl.NextUpdate.Format(time.RFC3339))
	}
	return e.crl, nil
}
