package eds

import (
	"bytes"
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"time"

	"golang.org/x/crypto/ocsp"
)

// OCSPChecker asks the OCSP responders a certificate names (RFC 6960). Requests are made
// with golang.org/x/crypto/ocsp; answers are read here, because that package cannot check
// a GOST-signed answer. The answer must be signed by the issuer or by a responder
// certificate the issuer signed for OCSP signing.
type OCSPChecker struct {
	// Client sends the requests; nil uses a client with a 10-second timeout.
	Client *http.Client
	// Now is the clock that judges the answer's freshness; nil is time.Now.
	Now func() time.Time
}

// ocspSkew is how far thisUpdate may be in the future, for clocks that disagree.
const ocspSkew = 5 * time.Minute

var oidOCSPBasic = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}
var oidEKUOCSPSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 9}

type ocspResponseASN1 struct {
	Status   asn1.Enumerated
	Response struct {
		Type     asn1.ObjectIdentifier
		Response []byte
	} `asn1:"explicit,tag:0,optional"`
}

type basicOCSPASN1 struct {
	TBS          asn1.RawValue
	Algorithm    pkix.AlgorithmIdentifier
	Signature    asn1.BitString
	Certificates []asn1.RawValue `asn1:"explicit,tag:0,optional"`
}

type responseDataASN1 struct {
	Version     int `asn1:"optional,explicit,default:0,tag:0"`
	ResponderID asn1.RawValue
	ProducedAt  time.Time `asn1:"generalized"`
	Responses   []singleResponseASN1
	Extensions  []pkix.Extension `asn1:"explicit,tag:1,optional"`
}

type singleResponseASN1 struct {
	CertID struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		NameHash      []byte
		KeyHash       []byte
		Serial        *big.Int
	}
	Status     asn1.RawValue
	ThisUpdate time.Time        `asn1:"generalized"`
	NextUpdate time.Time        `asn1:"generalized,explicit,tag:0,optional"`
	Extensions []pkix.Extension `asn1:"explicit,tag:1,optional"`
}

// Status implements RevocationChecker.
func (ch *OCSPChecker) Status(ctx context.Context, cert, issuer *Certificate, at time.Time) (string, error) {
	var lastErr error
	for _, url := range httpURLs(cert.OCSPServer) {
		st, err := ch.ask(ctx, url, cert, issuer, at)
		if err == nil {
			return st, nil
		}
		lastErr = fmt.Errorf("%s: %w", url, err)
	}
	return StatusUnknown, lastErr
}

func (ch *OCSPChecker) ask(ctx context.Context, url string, cert, issuer *Certificate, at time.Time) (string, error) {
	reqBody, err := ocsp.CreateRequest(cert.Certificate, issuer.Certificate, nil)
	if err != nil {
		return StatusUnknown, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(reqBody))
	if err != nil {
		return StatusUnknown, err
	}
	req.Header.Set("Content-Type", "application/ocsp-request")
	body, err := httpDo(ch.Client, req)
	if err != nil {
		return StatusUnknown, err
	}
	now := time.Now()
	if ch.Now != nil {
		now = ch.Now()
	}
	return parseOCSPAnswer(body, cert, issuer, at, now)
}

// parseOCSPAnswer checks the answer's signature and freshness and returns the status of
// cert at the time at.
func parseOCSPAnswer(body []byte, cert, issuer *Certificate, at, now time.Time) (string, error) {
	var resp ocspResponseASN1
	if _, err := asn1.Unmarshal(body, &resp); err != nil {
		return StatusUnknown, err
	}
	if resp.Status != 0 || !resp.Response.Type.Equal(oidOCSPBasic) {
		return StatusUnknown, fmt.Errorf("OCSP status %d", resp.Status)
	}
	var basic basicOCSPASN1
	if _, err := asn1.Unmarshal(resp.Response.Response, &basic); err != nil {
		return StatusUnknown, err
	}
	signer := issuer
	if len(basic.Certificates) > 0 {
		rc, err := ParseCertificate(basic.Certificates[0].FullBytes)
		if err != nil {
			return StatusUnknown, err
		}
		if rc.Fingerprint != issuer.Fingerprint {
			if !bytes.Equal(rc.RawIssuer, issuer.RawSubject) ||
				issuer.checkSignature(rc.SignatureOID, "", rc.RawTBSCertificate, rc.Signature) != nil ||
				!hasEKU(rc, oidEKUOCSPSigning) || now.After(rc.NotAfter) || now.Before(rc.NotBefore) {
				return StatusUnknown, errors.New("OCSP responder certificate not authorised by the issuer")
			}
			signer = rc
		}
	}
	if err := signer.checkSignature(basic.Algorithm.Algorithm, "", basic.TBS.FullBytes, basic.Signature.RightAlign()); err != nil {
		return StatusUnknown, errors.New("OCSP answer signature does not verify")
	}
	var data responseDataASN1
	if _, err := asn1.Unmarshal(basic.TBS.FullBytes, &data); err != nil {
		return StatusUnknown, err
	}
	for _, sr := range data.Responses {
		if sr.CertID.Serial == nil || sr.CertID.Serial.Cmp(cert.SerialNumber) != 0 {
			continue
		}
		if sr.ThisUpdate.After(now.Add(ocspSkew)) || (!sr.NextUpdate.IsZero() && now.After(sr.NextUpdate)) {
			return StatusUnknown, errors.New("OCSP answer is not current")
		}
		switch sr.Status.Tag {
		case 0:
			return StatusGood, nil
		case 1:
			var info struct {
				Time   time.Time       `asn1:"generalized"`
				Reason asn1.Enumerated `asn1:"explicit,tag:0,optional"`
			}
			if _, err := asn1.UnmarshalWithParams(sr.Status.FullBytes, &info, "tag:1"); err != nil {
				return StatusUnknown, err
			}
			if info.Time.After(at) {
				return StatusGood, nil
			}
			return StatusRevoked, nil
		default:
			return StatusUnknown, errors.New("OCSP responder does not know the certificate")
		}
	}
	return StatusUnknown, errors.New("OCSP answer does not name the certificate")
}

// hasEKU reports whether c lists the extended key usage oid (crypto/x509 files known
// usages in an enum and keeps the others).
func hasEKU(c *Certificate, oid asn1.ObjectIdentifier) bool {
	for _, o := range c.UnknownExtKeyUsage {
		if o.Equal(oid) {
			return true
		}
	}
	want, known := map[string]x509.ExtKeyUsage{
		"1.3.6.1.5.5.7.3.4": x509.ExtKeyUsageEmailProtection,
		"1.3.6.1.5.5.7.3.8": x509.ExtKeyUsageTimeStamping,
		"1.3.6.1.5.5.7.3.9": x509.ExtKeyUsageOCSPSigning,
	}[oid.String()]
	return known && slices.Contains(c.ExtKeyUsage, want)
}
