package eds

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/asn1"
	"time"
)

// Holder is a kind of certificate holder a policy accepts.
type Holder int

// The holders: an individual (IIN, no BIN) and an organisation's employee or seal (BIN).
const (
	HolderIndividual Holder = 1 << iota
	HolderOrganisation
)

// Policy is what a use of signatures (a survey, the operator's tool) accepts.
type Policy struct {
	// Holders accepted; zero means individuals only.
	Holders Holder
	// RequireRevocation refuses a signer whose revocation status is unknown.
	RequireRevocation bool
	// MaxClockSkew is how far a signing time may be after the verification time; zero is
	// five minutes.
	MaxClockSkew time.Duration
}

// Verifier checks CMS signatures. It is safe for concurrent use; build one per process and
// share it, so its signature and CRL caches serve every request.
type Verifier struct {
	// Roots are the pinned roots and the known intermediates.
	Roots *Pool
	// Revocation answers revocation questions; nil leaves every signer "unknown".
	Revocation RevocationChecker
	// Policy is the default policy of Verify.
	Policy Policy
}

// Input is one verification request.
type Input struct {
	// CMS is the signature, DER or base64.
	CMS []byte
	// Content is the content the server itself rebuilt (the canonical ballot, the
	// eligibility statement). The messageDigest must be its hash; an attached content is
	// ignored then. Nil uses the attached content (the operator's tool without --content).
	Content []byte
	// At is the verification time: certificates of the chain must be valid then, and
	// revocation is asked for then. Zero is now.
	At time.Time
	// Policy overrides the verifier's policy when non-nil.
	Policy *Policy
}

// Verify checks every signer of in.CMS. It returns an error (a *sitecore.Error with the code
// EInvalid and the key eds.malformed) only when the input is not a CMS SignedData; any other
// failure is reported in the result, per signer, with its code.
func (v *Verifier) Verify(ctx context.Context, in Input) (*Result, error) {
	sd, err := ParseSignedData(in.CMS)
	if err != nil {
		return nil, malformed(err)
	}
	at := in.At
	if at.IsZero() {
		at = time.Now()
	}
	pol := v.Policy
	if in.Policy != nil {
		pol = *in.Policy
	}
	content := in.Content
	if content == nil {
		content = sd.Content
	}
	res := &Result{Content: content, Valid: len(sd.Signers) > 0}
	for _, si := range sd.Signers {
		s := v.verifySigner(ctx, sd, si, content, at, pol)
		res.Signers = append(res.Signers, s)
		res.Valid = res.Valid && s.Valid()
	}
	return res, nil
}

func (v *Verifier) verifySigner(ctx context.Context, sd *SignedData, si *SignerInfo, content []byte, at time.Time, pol Policy) Signer {
	s := Signer{Revocation: StatusUnknown, Errors: []string{}}
	cert, sch := v.checkCore(&s, sd, si, content)
	if cert == nil {
		return s
	}
	// The signing time: the timestamp's when one verifies, else the signed attribute, else
	// the verification time.
	signedAt := at
	if t, ok := v.signingTimeAttr(&s, si, at, pol); ok {
		signedAt = t
		s.SigningTime = &t
	}
	if tok, found, err := attr(si.UnsignedAttrs, oidTimeStamp); err != nil {
		s.fail(CodeTimestamp)
	} else if found {
		if t, err := v.verifyTimestamp(ctx, tok, si.Signature, sch); err != nil {
			s.fail(CodeTimestamp)
		} else {
			signedAt = t
			s.TimestampTime = &t
		}
	}
	switch {
	case signedAt.Before(cert.NotBefore):
		s.fail(CodeNotYetValid)
	case signedAt.After(cert.NotAfter):
		s.fail(CodeExpired)
	default:
		s.CertificateValidAtSigning = true
	}
	if cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		s.fail(CodeKeyUsage)
	}
	if !hasEKU(cert, asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 4}) {
		s.fail(CodeExtKeyUsage)
	}
	if hasUnknownCritical(cert) {
		s.fail(CodeCriticalExtension)
	}
	checkHolder(&s, pol)
	if !signingCertificateMatches(si, cert) {
		s.fail(CodeSigningCertificate)
	}
	path, code := v.Roots.Chain(cert, sd.Certificates, at)
	if code != "" {
		s.fail(code)
		return s
	}
	s.ChainValid = true
	// A pinned certificate used as a signer has no issuer to ask; it stays "unknown".
	if v.Revocation != nil && len(path) > 1 {
		s.Revocation, _ = v.Revocation.Status(ctx, cert, path[1], at)
	}
	switch {
	case s.Revocation == StatusRevoked:
		s.fail(CodeRevoked)
	case s.Revocation == StatusUnknown && pol.RequireRevocation:
		s.fail(CodeRevocationUnknown)
	}
	return s
}

// checkCore runs the checks a timestamp token shares with a signature: the signer's
// certificate, the algorithms, the signed attributes, the digest and the signature. It
// returns the certificate (nil when missing) and the scheme (nil when unknown).
func (v *Verifier) checkCore(s *Signer, sd *SignedData, si *SignerInfo, content []byte) (*Certificate, *scheme) {
	cert := si.certificateFor(sd.Certificates)
	if cert == nil {
		s.fail(CodeCertificateMissing)
		return nil, nil
	}
	s.Certificate, s.Subject, s.IIN, s.BIN = cert, cert.SubjectString(), cert.IIN(), cert.BIN()
	s.Algorithm = cert.algorithmName()
	d := digestByOID(si.DigestOID)
	var sch *scheme
	switch {
	case d == nil:
		s.fail(CodeDigestAlgorithm)
	default:
		if sch = schemeFor(si.SignatureOID, d.name); sch == nil {
			s.fail(CodeAlgorithm)
		} else if sch.digest != d.name {
			s.fail(CodeDigestAlgorithm)
			sch = nil
		} else if sch.gost != (cert.GOST != nil) || sch.name != s.Algorithm {
			s.fail(CodeAlgorithm)
			sch = nil
		}
	}
	if si.signedAttrs == nil {
		s.fail(CodeSignedAttrsMissing)
		return cert, sch
	}
	if ct, found, err := attr(si.SignedAttrs, oidContentType); err != nil || !found || !oidEqualRaw(ct, sd.ContentType) {
		s.fail(CodeContentType)
	}
	if content == nil {
		s.fail(CodeContentMissing)
	} else if md, found, err := attr(si.SignedAttrs, oidMessageDigest); err != nil || !found {
		s.fail(CodeDigestMismatch)
	} else if d != nil {
		var want []byte
		h := d.new()
		h.Write(content)
		if _, err := asn1.Unmarshal(md.FullBytes, &want); err == nil && bytes.Equal(want, h.Sum(nil)) {
			s.DigestMatches = true
		} else {
			s.fail(CodeDigestMismatch)
		}
	}
	if sch != nil {
		if cert.checkScheme(sch, si.signedAttrs, si.Signature) == nil {
			s.SignatureValid = true
		} else {
			s.fail(CodeSignature)
		}
	} else {
		s.fail(CodeSignature)
	}
	return cert, sch
}

// signingTimeAttr reads the signingTime attribute; a malformed one, or one later than the
// verification time allows, is a failure.
func (v *Verifier) signingTimeAttr(s *Signer, si *SignerInfo, at time.Time, pol Policy) (time.Time, bool) {
	raw, found, err := attr(si.SignedAttrs, oidSigningTime)
	if !found {
		return time.Time{}, false
	}
	var t time.Time
	if err == nil {
		_, err = asn1.Unmarshal(raw.FullBytes, &t)
	}
	if err != nil {
		s.fail(CodeSigningTime)
		return time.Time{}, false
	}
	skew := pol.MaxClockSkew
	if skew == 0 {
		skew = 5 * time.Minute
	}
	if t.After(at.Add(skew)) {
		s.fail(CodeSigningTime)
	}
	return t.UTC(), true
}

func checkHolder(s *Signer, pol Policy) {
	holders := pol.Holders
	if holders == 0 {
		holders = HolderIndividual
	}
	if s.IIN == "" {
		s.fail(CodeNoIIN)
	}
	kind := HolderIndividual
	if s.BIN != "" {
		kind = HolderOrganisation
	}
	if holders&kind == 0 {
		s.fail(CodeHolder)
	}
}

func oidEqualRaw(raw asn1.RawValue, want asn1.ObjectIdentifier) bool {
	var oid asn1.ObjectIdentifier
	_, err := asn1.Unmarshal(raw.FullBytes, &oid)
	return err == nil && oid.Equal(want)
}
